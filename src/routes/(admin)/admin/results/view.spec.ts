import { describe, expect, it } from 'vitest';
import { pageOf } from '$lib/domain/paging';
import { applyView, type ViewRow } from './view-rows';
import {
	DEFAULT_VIEW,
	parseView,
	RESULTS_PAGE_SIZE,
	sortQuery,
	viewQuery,
	type SortKey
} from './view';

const ROUND = '0b6f4c1e-7d0a-4c55-9a39-3f1f5b2d9e10';

const row = (label: number, values: Partial<ViewRow> = {}): ViewRow => ({
	label,
	title: `Entry ${label}`,
	teamName: `Team ${label}`,
	trackSlug: 'transport',
	reviews: 2,
	rawMean: 50,
	adjusted: 50,
	median: 50,
	stdDev: 1,
	range: 2,
	rankRaw: label,
	rankAdjusted: label,
	flagged: false,
	decision: null,
	...values
});

describe('parseView', () => {
	it('reads every part of the view from the query', () => {
		const { view, errors } = parseView(
			new URLSearchParams(
				`round=${ROUND}&basis=raw&sort=spread&dir=asc&track=welfare&flagged=1&decision=none&page=3`
			)
		);
		expect(errors).toEqual({});
		expect(view).toEqual({
			round: ROUND,
			basis: 'raw',
			sort: 'spread',
			dir: 'asc',
			track: 'welfare',
			flagged: true,
			decision: 'none',
			page: 3
		});
	});

	it('gives the defaults for an empty query, best scores first when a score column sorts', () => {
		expect(parseView(new URLSearchParams()).view).toEqual(DEFAULT_VIEW);
		expect(parseView(new URLSearchParams('sort=adjusted')).view.dir).toBe('desc');
		// No basis in the address: the round's deciding score, resolved by the page.
		expect(DEFAULT_VIEW.basis).toBeNull();
		expect(parseView(new URLSearchParams('sort=title')).view.dir).toBe('asc');
	});

	it('still opens addresses that named the earlier normalized score, as the adjusted one', () => {
		const { view, errors } = parseView(new URLSearchParams('basis=normalized&sort=normalized'));
		expect(errors).toEqual({});
		expect(view).toMatchObject({ basis: 'adjusted', sort: 'adjusted', dir: 'desc' });
	});

	it('names each field it could not use and keeps the others', () => {
		const { view, errors } = parseView(
			new URLSearchParams(
				'round=nope&basis=median&sort=x&track=Bad Slug&flagged=yes&decision=maybe&page=0'
			)
		);
		expect(Object.keys(errors).sort()).toEqual(
			['basis', 'decision', 'flagged', 'page', 'round', 'sort', 'track'].sort()
		);
		for (const page of ['-1', '1.5', 'two', '1e3', '9999999'])
			expect(parseView(new URLSearchParams({ page })).errors, page).toEqual({
				page: expect.any(String)
			});
		expect(view).toEqual(DEFAULT_VIEW);
		const partly = parseView(new URLSearchParams('basis=raw&sort=bogus'));
		expect(partly.errors).toEqual({ sort: expect.any(String) });
		expect(partly.view.basis).toBe('raw');
	});
});

describe('viewQuery and sortQuery', () => {
	it('round-trips a view, leaving defaults out', () => {
		const view = { ...DEFAULT_VIEW, round: ROUND, basis: 'raw' as const, flagged: true };
		const query = viewQuery(view);
		expect(query).toBe(`?round=${ROUND}&basis=raw&flagged=1`);
		expect(parseView(new URLSearchParams(query.slice(1))).view).toEqual(view);
		expect(viewQuery(DEFAULT_VIEW)).toBe('');
	});

	it('toggles the direction of the current column and starts others at their first direction', () => {
		const view = { ...DEFAULT_VIEW, round: ROUND };
		expect(sortQuery(view, 'rank')).toBe(`?round=${ROUND}&sort=rank&dir=desc`);
		expect(sortQuery(view, 'raw')).toBe(`?round=${ROUND}&sort=raw&dir=desc`);
		const byRaw = parseView(new URLSearchParams(sortQuery(view, 'raw').slice(1))).view;
		expect(sortQuery(byRaw, 'raw')).toBe(`?round=${ROUND}&sort=raw&dir=asc`);
		// A new order starts at its first page.
		expect(sortQuery({ ...view, page: 4 }, 'title')).toBe(`?round=${ROUND}&sort=title&dir=asc`);
		expect(viewQuery({ ...view, page: 4 })).toBe(`?round=${ROUND}&page=4`);
	});
});

describe('pageOf, with the leaderboard page size', () => {
	const rows = Array.from({ length: 250 }, (_, index) => index + 1);

	it(`cuts the view into pages of ${RESULTS_PAGE_SIZE} rows, saying where each lies`, () => {
		expect(pageOf(rows, 1, RESULTS_PAGE_SIZE)).toMatchObject({
			page: 1,
			pages: 3,
			first: 1,
			last: 100,
			total: 250
		});
		const third = pageOf(rows, 3, RESULTS_PAGE_SIZE);
		expect(third).toMatchObject({ page: 3, first: 201, last: 250 });
		expect(third.rows).toEqual(rows.slice(200));
		// Every row on exactly one page.
		expect([1, 2, 3].flatMap((page) => pageOf(rows, page, RESULTS_PAGE_SIZE).rows)).toEqual(rows);
	});

	it('gives the last page for a page past it, and one empty page for no rows', () => {
		expect(pageOf(rows, 99, RESULTS_PAGE_SIZE)).toMatchObject({ page: 3, first: 201 });
		expect(pageOf([], 5, RESULTS_PAGE_SIZE)).toEqual({
			rows: [],
			page: 1,
			pages: 1,
			first: 0,
			last: 0,
			total: 0
		});
	});
});

describe('applyView', () => {
	const rows = [
		row(1, { rawMean: 90, adjusted: 80, rankRaw: 1, rankAdjusted: 2, decision: 'shortlist' }),
		row(2, { rawMean: 85, adjusted: 88, rankRaw: 2, rankAdjusted: 1, flagged: true }),
		row(3, {
			rawMean: null,
			adjusted: null,
			rankRaw: null,
			rankAdjusted: null,
			trackSlug: null,
			reviews: 0
		}),
		row(4, {
			rawMean: 70,
			adjusted: 70,
			rankRaw: 3,
			rankAdjusted: 3,
			trackSlug: 'welfare',
			decision: 'not_selected'
		})
	];

	it("ranks by the view's basis, else the round's deciding one, unranked last", () => {
		const labels = (view: typeof DEFAULT_VIEW, deciding: 'raw' | 'adjusted') =>
			applyView(rows, view, deciding).map((item) => item.label);
		expect(labels(DEFAULT_VIEW, 'adjusted')).toEqual([2, 1, 4, 3]);
		expect(labels(DEFAULT_VIEW, 'raw')).toEqual([1, 2, 4, 3]);
		expect(labels({ ...DEFAULT_VIEW, basis: 'raw' }, 'adjusted')).toEqual([1, 2, 4, 3]);
		expect(labels({ ...DEFAULT_VIEW, basis: 'adjusted' }, 'raw')).toEqual([2, 1, 4, 3]);
	});

	it('sorts by any column either way, missing values always last', () => {
		const by = (sort: SortKey, dir: 'asc' | 'desc') =>
			applyView(rows, { ...DEFAULT_VIEW, sort, dir }, 'adjusted').map((item) => item.label);
		expect(by('raw', 'desc')).toEqual([1, 2, 4, 3]);
		expect(by('raw', 'asc')).toEqual([4, 2, 1, 3]);
		expect(by('decision', 'asc')).toEqual([1, 4, 2, 3]);
		expect(by('title', 'desc')).toEqual([4, 3, 2, 1]);
		expect(by('reviews', 'asc')).toEqual([3, 2, 1, 4]);
	});

	it('filters by track, flag and decision', () => {
		const labels = (change: Partial<typeof DEFAULT_VIEW>) =>
			applyView(rows, { ...DEFAULT_VIEW, ...change }, 'adjusted').map((item) => item.label);
		expect(labels({ track: 'welfare' })).toEqual([4]);
		expect(labels({ track: 'none' })).toEqual([3]);
		expect(labels({ flagged: true })).toEqual([2]);
		expect(labels({ decision: 'shortlist' })).toEqual([1]);
		expect(labels({ decision: 'none' })).toEqual([2, 3]);
		expect(labels({ track: 'transport', decision: 'none' })).toEqual([2]);
	});
});
