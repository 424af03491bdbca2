import { describe, expect, it } from 'vitest';
import { fingerprint, mergeFields } from './entry-merge';

const keys = ['title', 'tagline', 'countries'] as const;
type Key = (typeof keys)[number];
const base = { title: 'Flood map', tagline: 'Early warnings', countries: ['KR'] };
const prints = (values: Record<Key, string | string[]>) =>
	Object.fromEntries(
		Object.entries(values).map(([key, value]) => [key, fingerprint(value)])
	) as Record<Key, string>;

describe('mergeFields', () => {
	it('takes my changes when nobody else saved', () => {
		const result = mergeFields(keys, { ...base, title: 'Flood map AI' }, base, prints(base));
		expect(result).toEqual({ changes: { title: 'Flood map AI' }, conflicts: [] });
	});

	it('keeps both people’s work when they changed different fields', () => {
		const stored = { ...base, tagline: 'Warnings for every village' };
		const mine = { ...base, title: 'Flood map AI' };
		const result = mergeFields(keys, mine, stored, prints(base));
		expect(result).toEqual({ changes: { title: 'Flood map AI' }, conflicts: [] });
	});

	it('reports a conflict when both changed the same field differently', () => {
		const stored = { ...base, title: 'River watch' };
		const mine = { ...base, title: 'Flood map AI' };
		expect(mergeFields(keys, mine, stored, prints(base))).toEqual({
			changes: {},
			conflicts: ['title']
		});
	});

	it('is not a conflict when both made the same change', () => {
		const stored = { ...base, title: 'Same' };
		expect(mergeFields(keys, { ...base, title: 'Same' }, stored, prints(base))).toEqual({
			changes: {},
			conflicts: []
		});
	});

	it('compares arrays by content and order', () => {
		const mine = { ...base, countries: ['KR', 'VN'] };
		expect(mergeFields(keys, mine, base, prints(base)).changes).toEqual({
			countries: ['KR', 'VN']
		});
		expect(fingerprint(['KR', 'VN'])).not.toBe(fingerprint(['VN', 'KR']));
	});

	it('without a base (an old form) takes the submitted values', () => {
		const stored = { ...base, title: 'River watch' };
		expect(mergeFields(keys, { ...base, title: 'Mine' }, stored, {})).toEqual({
			changes: { title: 'Mine' },
			conflicts: []
		});
	});
});
