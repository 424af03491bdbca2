import { expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// axe-core itself (the engine behind @axe-core/playwright), injected once per browser context:
// far cheaper than re-injecting it for every analysis.
const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function installAxe(context: BrowserContext) {
	await context.addInitScript(axeSource);
}

type Violation = { id: string; impact: string | null; help: string; nodes: string[] };

/** No serious or critical WCAG 2.2 AA violation on the current page. */
export async function expectAccessible(page: Page, label: string) {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	const violations = await page.evaluate(async (tags) => {
		// @ts-expect-error axe is injected above
		const results = await window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations']
		});
		return (
			results.violations as {
				id: string;
				impact: string | null;
				help: string;
				nodes: { target: string[] }[];
			}[]
		).map((violation) => ({
			id: violation.id,
			impact: violation.impact,
			help: violation.help,
			nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' '))
		}));
	}, TAGS);
	const serious = (violations as Violation[]).filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical'
	);
	expect(serious, label).toEqual([]);
}
