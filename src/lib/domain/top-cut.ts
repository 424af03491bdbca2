/**
 * "Take the top N of each track" draws a line in each track's ranking. When the last entry taken
 * and the first entry left out have overlapping intervals, the judges' scores cannot tell them
 * apart with confidence: the line could as well fall the other way. Such cuts are named so the
 * organizer can look again (a warning, never a refusal). Pure.
 */

export type Interval = { low: number; high: number };

export type CutRow = {
	entryId: string;
	label: number;
	trackId: string | null;
	/** The rank within the track by the deciding score; null when not ranked. */
	trackRank: number | null;
	/** The deciding score, as shown beside the warning. */
	score: number | null;
	/** The interval of the entry's adjusted score; null when it has none. */
	interval: Interval | null;
};

export type UncertainCut = {
	trackId: string;
	lastTaken: CutRow;
	firstLeft: CutRow;
};

export const intervalsOverlap = (a: Interval, b: Interval): boolean =>
	a.low <= b.high && b.low <= a.high;

/**
 * The tracks whose top-`count` line falls between two entries with overlapping intervals, in
 * the order the tracks first appear. The last taken is the worst-ranked entry kept (ties taken
 * together, as topOfEachTrack does), the first left out the best-ranked entry not kept; a track
 * where every ranked entry is taken, or none, has no line to doubt.
 */
export function uncertainCuts(rows: readonly CutRow[], count: number): UncertainCut[] {
	const byTrack = new Map<string, CutRow[]>();
	for (const row of rows) {
		if (row.trackId === null || row.trackRank === null) continue;
		const list = byTrack.get(row.trackId);
		if (list) list.push(row);
		else byTrack.set(row.trackId, [row]);
	}
	const cuts: UncertainCut[] = [];
	for (const [trackId, list] of byTrack) {
		const ordered = [...list].sort((a, b) => a.trackRank! - b.trackRank! || a.label - b.label);
		const taken = ordered.filter((row) => row.trackRank! <= count);
		const left = ordered.filter((row) => row.trackRank! > count);
		if (taken.length === 0 || left.length === 0) continue;
		const lastTaken = taken.at(-1)!;
		const firstLeft = left[0]!;
		if (
			lastTaken.interval &&
			firstLeft.interval &&
			intervalsOverlap(lastTaken.interval, firstLeft.interval)
		)
			cuts.push({ trackId, lastTaken, firstLeft });
	}
	return cuts;
}
