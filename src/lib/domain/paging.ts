/**
 * One page of an ordered list held in memory (a leaderboard computed whole), 1-based; a page past
 * the last gives the last. `first` and `last` are 1-based row numbers of `total`, for
 * "rows 101–200 of 10,000".
 */
export function pageOf<Row>(rows: Row[], page: number, size: number) {
	const pages = Math.max(1, Math.ceil(rows.length / size));
	const current = Math.min(Math.max(1, page), pages);
	const start = (current - 1) * size;
	const shown = rows.slice(start, start + size);
	return {
		rows: shown,
		page: current,
		pages,
		first: shown.length ? start + 1 : 0,
		last: start + shown.length,
		total: rows.length
	};
}
