import type { Basis, ResultsView, SortKey } from './view';

/**
 * The rows a view of the results page shows: its filters and its order, applied to the round's
 * leaderboard (computed whole, then cut into pages by the page).
 */

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
