import type { Attachment } from 'svelte/attachments';

/** What a scroll region is called: its own text, or the id of an element that names it. */
export type RegionName = { label: string } | { labelledby: string };

type Box = Pick<HTMLElement, 'scrollWidth' | 'clientWidth'>;

/** Whether the content is wider than the box, so that it scrolls sideways. */
export function overflows(element: Box): boolean {
	return element.scrollWidth > element.clientWidth;
}

/**
 * Makes a box that scrolls sideways reachable from the keyboard (WCAG 2.1.1; axe's
 * `scrollable-region-focusable`): while its content overflows it is a named region with a tab stop,
 * so a keyboard user can focus it and scroll with the arrow keys. While everything fits it is a
 * plain box: no extra tab stop, and no landmark beside the section that already names the table.
 * Set here rather than in the markup, which cannot know the width (and Svelte rightly refuses a
 * fixed tabindex on a non-interactive element). Without JavaScript the box still scrolls by touch,
 * trackpad or mouse, and focusing a link or button inside scrolls it into view.
 */
export function scrollRegion(name: RegionName): Attachment<HTMLElement> {
	return (element) => {
		const update = () => {
			if (overflows(element)) {
				element.setAttribute('role', 'region');
				if ('label' in name) element.setAttribute('aria-label', name.label);
				else element.setAttribute('aria-labelledby', name.labelledby);
				element.setAttribute('tabindex', '0');
			} else {
				for (const attribute of ['role', 'aria-label', 'aria-labelledby', 'tabindex'])
					element.removeAttribute(attribute);
			}
		};
		update();
		// The box changes with the window, the content (a table) with what it shows.
		const observer = new ResizeObserver(update);
		observer.observe(element);
		for (const child of Array.from(element.children)) observer.observe(child);
		return () => observer.disconnect();
	};
}
