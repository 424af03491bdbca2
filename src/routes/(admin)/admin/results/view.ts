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
};

export const DEFAULT_VIEW: ResultsView = {
	round: null,
	basis: null,
	sort: 'rank',
	dir: 'asc',
	track: null,
	flagged: false,
	decision: null
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
	)
});

const FIELDS = ['round', 'basis', 'sort', 'dir', 'track', 'flagged', 'decision'] as const;

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
			decision: data.decision ?? null
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
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** The link of a column header: that column, or the other direction when it is the current one. */
export function sortQuery(view: ResultsView, key: SortKey): string {
	const dir: SortDirection =
		view.sort === key ? (view.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[key];
	return viewQuery(view, { sort: key, dir });
}

export type ViewRow = {
	label: number;
	title: string;
	teamName: string;
	trackSlug: string | null;
	reviews: number;
	rawMean: number | null;
	adjusted: number | null;
	median: number | null;
	stdDev: number | null;
	range: number | null;
	rankRaw: number | null;
	rankAdjusted: number | null;
	flagged: boolean;
	decision: 'advance' | 'shortlist' | 'not_selected' | null;
};

const DECISION_ORDER = { advance: 0, shortlist: 1, not_selected: 2 } as const;

function sortValue(row: ViewRow, key: SortKey, basis: Basis): number | string | null {
	switch (key) {
		case 'rank':
			return basis === 'raw' ? row.rankRaw : row.rankAdjusted;
		case 'label':
			return row.label;
		case 'title':
			return row.title.toLocaleLowerCase();
		case 'team':
			return row.teamName.toLocaleLowerCase();
		case 'raw':
			return row.rawMean;
		case 'adjusted':
			return row.adjusted;
		case 'median':
			return row.median;
		case 'spread':
			return row.range;
		case 'reviews':
			return row.reviews;
		case 'decision':
			return row.decision === null ? null : DECISION_ORDER[row.decision];
	}
}

/**
 * The rows the view shows: filtered, then sorted by the chosen column. Missing values (no score,
 * no decision) come last in either direction; ties fall back to the rank (by the view's score,
 * else the round's `deciding` one), then the label.
 */
export function applyView<Row extends ViewRow>(
	rows: readonly Row[],
	view: ResultsView,
	deciding: Basis
): Row[] {
	const basis = view.basis ?? deciding;
	const shown = rows.filter(
		(row) =>
			(view.track === null ||
				(view.track === 'none' ? row.trackSlug === null : row.trackSlug === view.track)) &&
			(!view.flagged || row.flagged) &&
			(view.decision === null ||
				(view.decision === 'none' ? row.decision === null : row.decision === view.decision))
	);
	const sign = view.dir === 'asc' ? 1 : -1;
	const compare = (a: number | string | null, b: number | string | null) => {
		if (a === b) return 0;
		if (a === null) return 1;
		if (b === null) return -1;
		if (typeof a === 'string' && typeof b === 'string') return sign * a.localeCompare(b);
		return sign * ((a as number) - (b as number));
	};
	const rankOf = (row: Row) => (basis === 'raw' ? row.rankRaw : row.rankAdjusted);
	return shown.sort(
		(a, b) =>
			compare(sortValue(a, view.sort, basis), sortValue(b, view.sort, basis)) ||
			(rankOf(a) ?? Number.MAX_SAFE_INTEGER) - (rankOf(b) ?? Number.MAX_SAFE_INTEGER) ||
			a.label - b.label
	);
}
