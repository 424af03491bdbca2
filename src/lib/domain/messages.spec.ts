import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Message files per area, as project.inlang/settings.json lists them (so none is forgotten).
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};
const FOLDERS = settings['plugin.inlang.messageFormat'].pathPattern.map((pattern) =>
	pattern.replace(/^\.\//, '').replace(/\/\{locale\}\.json$/, '')
);

/** A message: one text, or variants (plurals) in inlang's format. */
type Variants = { declarations?: string[]; selectors?: string[]; match: Record<string, string> }[];
type Message = string | Variants;

/** Every text a message can show (a plain message has one). */
const textsOf = (message: Message): string[] =>
	typeof message === 'string'
		? [message]
		: message.flatMap((variant) => Object.values(variant.match));

const load = (locale: string) => {
	const merged: Record<string, Message> = {};
	for (const folder of FOLDERS) {
		const file = JSON.parse(readFileSync(`${folder}/${locale}.json`, 'utf8')) as Record<
			string,
			Message
		>;
		for (const [key, value] of Object.entries(file)) {
			if (key === '$schema') continue;
			if (key in merged) throw new Error(`${key} is defined twice (${folder}/${locale}.json)`);
			merged[key] = value;
		}
	}
	return merged;
};
const placeholders = (message: Message) => [
	...new Set(
		textsOf(message)
			.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)])
			.map((match) => match[1])
			.sort()
	)
];

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
		const texts = Object.entries(ko).flatMap(([key, message]) =>
			textsOf(message).map((text) => [key, text] as const)
		);
		expect(texts.filter(([, text]) => text.trim() === '')).toEqual([]);
		// Korean text contains Hangul (messages of only placeholders and punctuation excepted).
		const withoutHangul = texts.filter(
			([, text]) => !/[\uAC00-\uD7A3]/.test(text) && /\p{L}/u.test(text.replace(/\{[^}]*\}/g, ''))
		);
		expect(withoutHangul.map(([key]) => key)).toEqual([]);
	});

	it('says a number and its noun through plural variants, never as fixed text ("1 reviews")', () => {
		// A placeholder, up to two words, then a plural noun ("{count} active entries"), or "(s)".
		// Bounds set by rules ({min}, {max}: "at most {max} characters") are never one in practice;
		// people and things named by a placeholder are followed by verbs ("{name} needs").
		const plainNoun = /\{(\w+)\}\s+(?:[a-z-]+\s+){0,2}?(\w+(?:ies|s)|people|criteria)\b|\w\(s\)/g;
		const notNouns = new Set([
			'is',
			'was',
			'has',
			'its',
			'this',
			'as',
			'us',
			'yes',
			'less',
			'means'
		]);
		const notNumbers = new Set(['min', 'max', 'name', 'participant', 'inviter', 'judge']);
		const offenders = Object.entries(en).flatMap(([key, message]) =>
			typeof message !== 'string'
				? []
				: [...message.matchAll(plainNoun)]
						.filter(
							(match) =>
								match[0].endsWith('(s)') ||
								(!notNumbers.has(match[1] ?? '') && !notNouns.has(match[2] ?? ''))
						)
						.map((match) => `${key}: ${match[0]}`)
		);
		expect(offenders).toEqual([]);
	});

	it('gives each plural message a variant for one and one for any other number', () => {
		for (const [key, message] of Object.entries(en)) {
			if (typeof message === 'string') continue;
			for (const variant of message) {
				const selectors = variant.selectors ?? [];
				const cases = Object.keys(variant.match);
				// "*" for every selector: the catch-all that any number falls to.
				expect(cases, key).toContain(selectors.map((name) => `${name}=*`).join(', '));
				for (const selector of selectors)
					expect(
						cases.some((name) => name.includes(`${selector}=one`)),
						`${key}: ${selector}=one`
					).toBe(true);
			}
		}
	});
});
