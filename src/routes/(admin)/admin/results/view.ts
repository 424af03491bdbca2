import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/**
 * The state of the results page, kept in its URL (so a view can be shared and the page works
 * without JavaScript): the round, the score the view ranks by (raw mean or adjusted; none given:
 * the round's deciding score), the sort and the filters. The view only changes what is LOOKED
 * at: what decides is the round's stored choice. Pure functions, shared by the page, its actions
 * and the CSV links.
 */

export const SORT_KEYS = [
	'rank',
	'label',
	'title',
	'team',
	'raw',
	'adjusted',
	'median',
	'spread',
	'reviews',
	'decision'
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export type Basis = 'raw' | 'adjusted';
export const DECISION_FILTERS = ['advance', 'shortlist', 'not_selected', 'none'] as const;
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

export type ResultsView = {
	round: string | null;
	/** null: the round's deciding score. */
	basis: Basis | null;
	sort: SortKey;
	dir: SortDirection;
	/** A track's slug, or "none" for entries without a track. */
	track: string | null;
	flagged: boolean;
	decision: DecisionFilter | null;
	/** 1-based page of RESULTS_PAGE_SIZE rows (a round of 10,000 entries is not one page). */
	page: number;
};

/** Rows on a page of the leaderboard: enough to decide on, few enough for a phone. */
export const RESULTS_PAGE_SIZE = 100;

export const DEFAULT_VIEW: ResultsView = {
	round: null,
	basis: null,
	sort: 'rank',
	dir: 'asc',
	track: null,
	flagged: false,
	decision: null,
	page: 1
};

/** The direction a column sorts in when first chosen: best first for scores. */
export const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
	rank: 'asc',
	label: 'asc',
	title: 'asc',
	team: 'asc',
	raw: 'desc',
	adjusted: 'desc',
	median: 'desc',
	spread: 'desc',
	reviews: 'asc',
	decision: 'asc'
};

const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);
// Addresses saved before the adjusted score replaced the normalized one still open the same view.
const earlierName = (value: unknown) => (value === 'normalized' ? 'adjusted' : value);

const viewSchema = z.object({
	round: z.preprocess(
		blankAsMissing,
		z.uuid({ error: () => m.results_error_round_missing() }).optional()
	),
	basis: z.preprocess(
		(value) => earlierName(blankAsMissing(value)),
		z.enum(['raw', 'adjusted'], { error: () => m.results_error_basis() }).optional()
	),
	sort: z.preprocess(
		(value) => earlierName(blankAsMissing(value)),
		z.enum(SORT_KEYS, { error: () => m.results_error_sort() }).optional()
	),
	dir: z.preprocess(
		blankAsMissing,
		z.enum(['asc', 'desc'], { error: () => m.results_error_sort() }).optional()
	),
	track: z.preprocess(
		blankAsMissing,
		z
			.string()
			.max(80, { error: () => m.results_error_track() })
			.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: () => m.results_error_track() })
			.optional()
	),
	flagged: z.preprocess(
		blankAsMissing,
		z.enum(['1', 'on'], { error: () => m.results_error_flagged() }).optional()
	),
	decision: z.preprocess(
		blankAsMissing,
		z.enum(DECISION_FILTERS, { error: () => m.results_error_decision() }).optional()
	),
	page: z.preprocess(
		blankAsMissing,
		z
			.string()
			.regex(/^[1-9]\d{0,5}$/, { error: () => m.results_error_page() })
			.transform(Number)
			.optional()
	)
});

const FIELDS = ['round', 'basis', 'sort', 'dir', 'track', 'flagged', 'decision', 'page'] as const;

/**
 * Reads the view from a query string. A value that is not acceptable is ignored (the default
 * applies) and reported under its field's name.
 */
export function parseView(params: URLSearchParams): {
	view: ResultsView;
	errors: Record<string, string>;
} {
	const raw = Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? undefined]));
	const errors: Record<string, string> = {};
	let parsed = viewSchema.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
		parsed = viewSchema.safeParse(
			Object.fromEntries(Object.entries(raw).filter(([key]) => !(key in errors)))
		);
	}
	const data = parsed.success ? parsed.data : {};
	const sort = data.sort ?? DEFAULT_VIEW.sort;
	return {
		view: {
			round: data.round ?? null,
			basis: data.basis ?? null,
			sort,
			dir: data.dir ?? FIRST_DIRECTION[sort],
			track: data.track ?? null,
			flagged: data.flagged !== undefined,
			decision: data.decision ?? null,
			page: data.page ?? 1
		},
		errors
	};
}

/** The query string of a view (defaults left out), optionally changed. */
export function viewQuery(view: ResultsView, change: Partial<ResultsView> = {}): string {
	const next = { ...view, ...change };
	const params = new URLSearchParams();
	if (next.round) params.set('round', next.round);
	if (next.basis) params.set('basis', next.basis);
	if (next.sort !== DEFAULT_VIEW.sort || next.dir !== FIRST_DIRECTION[next.sort]) {
		params.set('sort', next.sort);
		params.set('dir', next.dir);
	}
	if (next.track) params.set('track', next.track);
	if (next.flagged) params.set('flagged', '1');
	if (next.decision) params.set('decision', next.decision);
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** The link of a column header: that column, or the other direction when it is the current one. */
export function sortQuery(view: ResultsView, key: SortKey): string {
	const dir: SortDirection =
		view.sort === key ? (view.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[key];
	return viewQuery(view, { sort: key, dir, page: 1 });
}
