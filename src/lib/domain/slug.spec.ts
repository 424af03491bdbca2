import { describe, expect, it } from 'vitest';
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify, uniqueSlug } from './slug';

describe('slugify', () => {
	it('joins the lower-case ASCII words of the title with hyphens', () => {
		expect(slugify('FloodWatch: Early Warnings for Villages!', 7)).toBe(
			'floodwatch-early-warnings-for-villages'
		);
		expect(slugify('  AI   for   Bus  Route 42  ', 1)).toBe('ai-for-bus-route-42');
	});

	it('drops accents and separates words at any other character', () => {
		expect(slugify('Café Señor — données/ouvertes', 1)).toBe('cafe-senor-donnees-ouvertes');
		expect(slugify("Citizens' e-Gov_Assistant", 1)).toBe('citizens-e-gov-assistant');
	});

	it('keeps the ASCII words of a mixed title', () => {
		expect(slugify('재난 알림 SafeRoute 2.0', 3)).toBe('saferoute-2-0');
	});

	it('falls back to entry-<label> for titles without an ASCII letter', () => {
		expect(slugify('재난 대응 도우미', 12)).toBe('entry-12');
		expect(slugify('2030', 4)).toBe('entry-4');
		expect(slugify('', 5)).toBe('entry-5');
		expect(slugify('!!! ???', 6)).toBe('entry-6');
	});

	it('stops at a whole word within the maximum length', () => {
		const title =
			'A very long title about participatory budgeting with machine learning for local councils';
		const slug = slugify(title, 1);
		expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
		expect(slug).toBe('a-very-long-title-about-participatory-budgeting-with-machine');
		expect(title.toLowerCase().replace(/ /g, '-').startsWith(slug)).toBe(true);
	});

	it('cuts a single word longer than the maximum', () => {
		expect(slugify('x'.repeat(80), 1)).toBe('x'.repeat(SLUG_MAX_LENGTH));
	});

	it('always matches the format the database checks', () => {
		for (const title of ['-Lead-', 'a--b', 'Ünïcödé', '__x__', 'ok 1', '한글 only', 'Ω']) {
			expect(slugify(title, 9)).toMatch(SLUG_PATTERN);
		}
	});
});

describe('uniqueSlug', () => {
	it('gives the wanted slug when free and remembers it', () => {
		const taken = new Set<string>();
		expect(uniqueSlug('smart-bus', taken)).toBe('smart-bus');
		expect(taken.has('smart-bus')).toBe(true);
	});

	it('numbers duplicates from 2', () => {
		const taken = new Set(['smart-bus', 'smart-bus-2']);
		expect(uniqueSlug('smart-bus', taken)).toBe('smart-bus-3');
		expect(uniqueSlug('smart-bus', taken)).toBe('smart-bus-4');
	});

	it('shortens a maximal slug so the suffix fits', () => {
		const long = `${'a'.repeat(29)}-${'b'.repeat(30)}`;
		expect(long.length).toBe(SLUG_MAX_LENGTH);
		const taken = new Set([long]);
		const second = uniqueSlug(long, taken);
		expect(second.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
		expect(second).toBe(`${'a'.repeat(29)}-${'b'.repeat(28)}-2`);
		expect(second).toMatch(SLUG_PATTERN);
	});

	it('never ends the base on a hyphen before the suffix', () => {
		const wanted = `${'a'.repeat(58)}-b`;
		const taken = new Set([wanted]);
		expect(uniqueSlug(wanted, taken)).toBe(`${'a'.repeat(58)}-2`);
	});
});
