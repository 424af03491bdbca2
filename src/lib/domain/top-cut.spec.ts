import { describe, expect, it } from 'vitest';
import { intervalsOverlap, uncertainCuts, type CutRow } from './top-cut';

const row = (
	label: number,
	trackId: string | null,
	trackRank: number | null,
	interval: [number, number] | null
): CutRow => ({
	entryId: `e${label}`,
	label,
	trackId,
	trackRank,
	score: null,
	interval: interval && { low: interval[0], high: interval[1] }
});

describe('intervalsOverlap', () => {
	it('touching ends overlap; a gap does not', () => {
		expect(intervalsOverlap({ low: 60, high: 70 }, { low: 70, high: 80 })).toBe(true);
		expect(intervalsOverlap({ low: 60, high: 69.99 }, { low: 70, high: 80 })).toBe(false);
		expect(intervalsOverlap({ low: 60, high: 90 }, { low: 70, high: 80 })).toBe(true);
	});
});

describe('uncertainCuts', () => {
	const rows = [
		// Flood: 1 and 2 are clearly apart from 3; the top 2 line is sure, the top 1 line is not.
		row(1, 'flood', 1, [80, 90]),
		row(2, 'flood', 2, [78, 88]),
		row(3, 'flood', 3, [50, 60]),
		// Bus: 4 and 5 overlap.
		row(4, 'bus', 1, [70, 80]),
		row(5, 'bus', 2, [65, 75]),
		// Not ranked, or no track: never part of a line.
		row(6, 'bus', null, null),
		row(7, null, null, [0, 100])
	];

	it('names the tracks whose line falls between overlapping intervals', () => {
		const cuts = uncertainCuts(rows, 1);
		expect(cuts.map((cut) => [cut.trackId, cut.lastTaken.label, cut.firstLeft.label])).toEqual([
			['flood', 1, 2],
			['bus', 4, 5]
		]);
	});

	it('is silent when the line is sure, or when every ranked entry is taken', () => {
		expect(uncertainCuts(rows, 2)).toEqual([]);
		expect(uncertainCuts(rows, 3)).toEqual([]);
	});

	it('takes ties together, as the decision does: the line is after the tied entries', () => {
		const tied = [
			row(1, 'flood', 1, [80, 90]),
			row(2, 'flood', 2, [70, 75]),
			row(3, 'flood', 2, [70, 75]),
			row(4, 'flood', 4, [74, 79])
		];
		const [cut] = uncertainCuts(tied, 2);
		expect([cut!.lastTaken.label, cut!.firstLeft.label]).toEqual([3, 4]);
	});

	it('cannot doubt a line next to an entry without an interval', () => {
		expect(uncertainCuts([row(1, 'flood', 1, [60, 70]), row(2, 'flood', 2, null)], 1)).toEqual([]);
	});
});
