import { describe, expect, it } from 'vitest';
import { computeLeaderboard, type LeaderboardData } from './leaderboard';

/**
 * The pure part of the leaderboard on hand-made data (no database): the adjusted score from the
 * judge-effect model, never clamped; intervals; the round's groups of judges; the judges'
 * offsets; sorting by the round's deciding score.
 *
 * Judges H (harsh) and L (lenient) share s1 and s2 (H 60 and 62, L 80 and 84) in the flood
 * track; H alone scored top (98). G alone scored g1 and g2 in the bus track: a second group.
 */
const JUDGES = ['H', 'L', 'G'];
const track = (id: string) => ({ id, slug: id, name: { en: id } });

function data(scoreBasis: 'raw' | 'adjusted'): LeaderboardData {
	const entry = (entryId: string, trackId: string, reviews: [string, number][]) => ({
		entryId,
		label: Number(entryId.replace(/\D/g, '')) + (entryId.startsWith('g') ? 10 : 0),
		title: entryId,
		teamName: `Team ${entryId}`,
		trackId,
		trackSlug: trackId,
		trackName: { en: trackId },
		judges: reviews.map(([judge]) => JUDGES.indexOf(judge)),
		totals: reviews.map(([, score]) => score * 100)
	});
	return {
		round: {
			id: 'round',
			name: 'Round',
			position: 1,
			state: 'closed',
			blind: true,
			judgesPerEntry: 2,
			scoreBasis,
			scoreBasisChosenBy: null,
			scoreBasisChosenAt: null
		},
		tracks: [track('flood'), track('bus')],
		criteria: [],
		entries: [
			entry('s1', 'flood', [
				['H', 60],
				['L', 80]
			]),
			entry('s2', 'flood', [
				['H', 62],
				['L', 84]
			]),
			entry('s3', 'flood', [['H', 98]]),
			entry('g1', 'bus', [['G', 55]]),
			entry('g2', 'bus', [['G', 75]])
		],
		decisions: [],
		judges: JUDGES.map((judgeId) => ({ judgeId, name: `Judge ${judgeId}` })),
		valueCounts: [],
		alphaSums: [],
		conflicts: []
	};
}

describe('computeLeaderboard', () => {
	const board = computeLeaderboard(data('adjusted'));
	const row = (entryId: string) => board.rows.find((candidate) => candidate.entryId === entryId)!;

	it('takes the harsh judge’s offset out, and never clamps a score above 100', () => {
		const harsh = board.judges.find((judge) => judge.judgeId === 'H')!;
		const lenient = board.judges.find((judge) => judge.judgeId === 'L')!;
		expect(harsh.offset).toBeLessThan(0);
		expect(lenient.offset).toBeGreaterThan(0);
		// H's 98 is worth more than 98: shown as computed, above the scale, not tied at 100.
		expect(row('s3').rawMean).toBe(98);
		expect(row('s3').adjusted).toBeGreaterThan(100);
		expect(row('s3').rankAdjusted).toBe(1);
		expect(row('s3').interval!.low).toBeLessThan(row('s3').adjusted!);
		expect(row('s3').interval!.high).toBeGreaterThan(row('s3').adjusted!);
	});

	it('names the groups of judges that share no entry, with their tracks and linkage', () => {
		expect(board.connectivity.connected).toBe(false);
		expect(board.connectivity.groups.map((group) => [group.judges, group.entries])).toEqual([
			[['Judge H', 'Judge L'], 3],
			[['Judge G'], 2]
		]);
		expect(board.connectivity.groups.map((group) => group.tracks.map((t) => t.id))).toEqual([
			['flood'],
			['bus']
		]);
		expect(board.connectivity.links).toEqual([
			{
				a: expect.objectContaining({ id: 'flood' }),
				b: expect.objectContaining({ id: 'bus' }),
				judges: 0
			}
		]);
		expect([row('s1').group, row('g1').group]).toEqual([0, 1]);
		expect(board.judges.find((judge) => judge.judgeId === 'G')!.group).toBe(1);
	});

	it("sorts by the round's deciding score: adjusted, or raw when the round chose it", () => {
		expect(board.rows.map((candidate) => candidate.entryId)[0]).toBe('s3');
		const byRaw = computeLeaderboard(data('raw'));
		const ranks = byRaw.rows.map((candidate) => candidate.rankRaw);
		expect(ranks).toEqual([...ranks].sort((a, b) => a! - b!));
		// The same figures whichever score decides.
		expect(byRaw.rows.find((candidate) => candidate.entryId === 's3')!.adjusted).toBe(
			row('s3').adjusted
		);
	});

	it('leaves a judge who shares no entry unadjusted: nothing to measure them against', () => {
		// G's group holds G alone: the adjusted score is the raw mean.
		expect(row('g2').adjusted).toBe(75);
		expect(row('g2').reviews).toBe(1);
	});
});

describe('computeLeaderboard flags and decisions', () => {
	it('flags disagreement, too few reviews and a conflicted assignment; carries decisions', () => {
		const input = data('raw');
		input.decisions = [{ entryId: 's1', decision: 'advance', note: 'Strong' }];
		input.conflicts = [{ judgeId: 'G', entryId: 'g1' }];
		const board = computeLeaderboard(input, { disagreementThreshold: 20 });
		const row = (entryId: string) => board.rows.find((candidate) => candidate.entryId === entryId)!;
		// s1: 60 and 80, exactly the threshold apart; s2: 62 and 84; s3 has one review of two.
		expect(row('s1').flags).toEqual(['disagreement']);
		expect(row('s2').flags).toEqual(['disagreement']);
		expect(row('s3').flags).toEqual(['few_reviews']);
		expect(row('g1').flags).toEqual(['few_reviews', 'conflict']);
		expect(row('s1')).toMatchObject({ flagged: true, decision: 'advance', decisionNote: 'Strong' });
		expect(row('s2')).toMatchObject({ decision: null, decisionNote: '' });
		expect(board.disagreementThreshold).toBe(20);
	});

	it('leaves an entry without a review unranked, sorted last', () => {
		const input = data('raw');
		input.entries.push({
			...input.entries[0]!,
			entryId: 's9',
			label: 9,
			judges: [0],
			totals: [null]
		});
		const board = computeLeaderboard(input);
		const last = board.rows.at(-1)!;
		expect(last).toMatchObject({ entryId: 's9', rawMean: null, rankRaw: null, adjusted: null });
	});
});
