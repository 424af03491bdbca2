import type { Page } from '@playwright/test';

export type Shown = {
	/** How many elements carry the id (a well-formed page has at most one). */
	count: number;
	tag: string | null;
	text: string | null;
	invalid: string | null;
	/** An input's value attribute (as the server sent it), a textarea's or a select's value. */
	value: string | null;
};

/**
 * Reads elements of a server-rendered page by id, in one step: the HTML is parsed in the browser
 * (the same parser as a page's, without loading it or running its scripts). Much faster than
 * loading the page and asking for each element, when a test checks hundreds of answers.
 */
export async function readIds(
	page: Page,
	html: string,
	ids: string[]
): Promise<Record<string, Shown>> {
	return page.evaluate(
		({ html, ids }) => {
			const doc = new DOMParser().parseFromString(html, 'text/html');
			const shown: Record<string, Shown> = {};
			for (const id of ids) {
				const all = doc.querySelectorAll(`[id="${id.replace(/["\\]/g, '\\$&')}"]`);
				const element = all[0] as HTMLElement | undefined;
				const value = !element
					? null
					: element instanceof HTMLInputElement
						? element.getAttribute('value')
						: element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement
							? element.value
							: null;
				shown[id] = {
					count: all.length,
					tag: element?.tagName ?? null,
					text: element?.textContent?.trim().slice(0, 500) ?? null,
					invalid: element?.getAttribute('aria-invalid') ?? null,
					value
				};
			}
			return shown;
		},
		{ html, ids }
	);
}
