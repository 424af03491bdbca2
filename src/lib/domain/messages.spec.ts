import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Message files per area, as project.inlang/settings.json lists them (so none is forgotten).
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};
const FOLDERS = settings['plugin.inlang.messageFormat'].pathPattern.map((pattern) =>
	pattern.replace(/^\.\//, '').replace(/\/\{locale\}\.json$/, '')
);

const load = (locale: string) => {
	const merged: Record<string, string> = {};
	for (const folder of FOLDERS) {
		const file = JSON.parse(readFileSync(`${folder}/${locale}.json`, 'utf8')) as Record<
			string,
			string
		>;
		for (const [key, value] of Object.entries(file)) {
			if (key === '$schema') continue;
			if (key in merged) throw new Error(`${key} is defined twice (${folder}/${locale}.json)`);
			merged[key] = value;
		}
	}
	return merged;
};
const placeholders = (text: string) =>
	[...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('translations', () => {
	const en = load('en');
	const ko = load('ko');

	it('Korean has every English message and nothing else', () => {
		expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
	});

	it('keeps the same placeholders in every message', () => {
		const mismatched = Object.keys(en).filter(
			(key) => placeholders(en[key]).join() !== placeholders(ko[key] ?? '').join()
		);
		expect(mismatched).toEqual([]);
	});

	it('has no empty or untranslated-looking Korean message', () => {
		expect(Object.entries(ko).filter(([, value]) => value.trim() === '')).toEqual([]);
		// Korean text contains Hangul (messages of only placeholders and punctuation excepted).
		const withoutHangul = Object.entries(ko).filter(
			([, value]) =>
				!/[\uAC00-\uD7A3]/.test(value) && /\p{L}/u.test(value.replace(/\{[^}]*\}/g, ''))
		);
		expect(withoutHangul.map(([key]) => key)).toEqual([]);
	});
});
