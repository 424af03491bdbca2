import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitJudgeEffects, qualityInterval } from '$lib/domain/judge-effects';
import { roundTo } from '$lib/domain/score-statistics';
import { challenges, entryDecisions, judgeConflicts, rounds } from '../db/schema';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { leaderboardFixtures } from '../testing/leaderboard-fixtures';
import { getLeaderboard, type Leaderboard } from './leaderboard';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;

const fixtures = leaderboardFixtures(() => ({ db: database.db, challengeId: challenge.id }));

/**
 * Round A reproduces table 2 of the unit tests (a lenient and a harsh judge) on a rubric of two
 * criteria on 0–10 with equal weights, so a review's total is 5 × (value 1 + value 2).
 *   L (lenient): e1 80, e2 90, e3 85          H (harsh): e3 55, e4 60, e5 50
 *   X: a draft of e1 (10, 10 → would be 100) and e2 not started; a confirmed conflict with e2's team.
 *   e6 is withdrawn (L gave it 0: it must not count); e7 has no track and no review.
 * Raw means 80, 90, 70, 60, 50. Adjusted (the judge-effect model; this round's shrinkage is at
 * its floor, 1 review's worth): only e3 is shared, 85 against 55; with offsets +d (L) and −d (H)
 * the fit minimizes (30 − 2d)²/2 + 2d², so d = 7.5: e1 72.5, e2 82.5, e3 70, e4 67.5, e5 57.5.
 */
let roundA: string;
let roundB: string;
let ids: Record<string, string> = {};
let judgeIds: Record<string, string> = {};
let board: Leaderboard;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const [track0, track1] = challenge.tracks;
	const { rubricId, criteria } = await fixtures.rubric([
		{ weight: 1, scaleMin: 0, scaleMax: 10 },
		{ weight: 1, scaleMin: 0, scaleMax: 10 }
	]);
	roundA = await fixtures.round(rubricId, { judgesPerEntry: 2 });
	const [L, H, X] = await fixtures.judges(['Lenient judge', 'Harsh judge', 'Xavier judge']);
	judgeIds = { L: L!, H: H!, X: X! };
	const made = {
		e1: await fixtures.entry(roundA, { title: 'Flood alerts', trackId: track0!.id }),
		e2: await fixtures.entry(roundA, { title: 'Bus planner', trackId: track0!.id }),
		e3: await fixtures.entry(roundA, { title: 'Welfare bot', trackId: track1!.id }),
		e4: await fixtures.entry(roundA, { title: 'Heat map', trackId: track1!.id }),
		e5: await fixtures.entry(roundA, { title: 'Tour guide', trackId: track1!.id }),
		e6: await fixtures.entry(roundA, {
			title: 'Withdrawn one',
			trackId: track1!.id,
			status: 'withdrawn'
		}),
		e7: await fixtures.entry(roundA, { title: 'No track yet' })
	};
	ids = Object.fromEntries(Object.entries(made).map(([key, value]) => [key, value.entryId]));
	const review = (entry: string, judge: string, values: number[], status?: 'draft') =>
		fixtures.review(roundA, rubricId, criteria, ids[entry]!, judge, values, status);
	await review('e1', L!, [8, 8]);
	await review('e2', L!, [9, 9]);
	await review('e3', L!, [8, 9]);
	await review('e6', L!, [0, 0]);
	await review('e3', H!, [5, 6]);
	await review('e4', H!, [6, 6]);
	await review('e5', H!, [5, 5]);
	await review('e1', X!, [10, 10], 'draft');
	await fixtures.assign(roundA, ids.e2!, X!);
	await database.db.insert(judgeConflicts).values({
		challengeId: challenge.id,
		judgeId: X!,
		kind: 'team',
		teamId: made.e2.teamId,
		source: 'judge',
		status: 'confirmed'
	});
	await database.db.insert(entryDecisions).values([
		{ roundId: roundA, entryId: ids.e2!, decision: 'advance', note: 'Strong pilot' },
		{ roundId: roundA, entryId: ids.e5!, decision: 'not_selected' }
	]);
	board = (await getLeaderboard(database.db, challenge.id, roundA))!;

	/**
	 * Round B: agreement. Judges P and Q score u1–u3 (P also u4 alone):
	 *   P: u1 (0, 2) = 10, u2 (3, 3) = 30, u3 (5, 5) = 50, u4 (10, 10) = 100
	 *   Q: u1 (2, 2) = 20, u2 (3, 3) = 30, u3 (4, 4) = 40
	 */
	roundB = await fixtures.round(rubricId, { judgesPerEntry: 2 });
	const [P, Q] = await fixtures.judges(['Pat', 'Quinn']);
	const units = await Promise.all(
		['u1', 'u2', 'u3', 'u4'].map((title) => fixtures.entry(roundB, { title }))
	);
	const sheets: [number, string, number[]][] = [
		[0, P!, [0, 2]],
		[1, P!, [3, 3]],
		[2, P!, [5, 5]],
		[3, P!, [10, 10]],
		[0, Q!, [2, 2]],
		[1, Q!, [3, 3]],
		[2, Q!, [4, 4]]
	];
	for (const [unit, judge, values] of sheets)
		await fixtures.review(roundB, rubricId, criteria, units[unit]!.entryId, judge, values);
});

const row = (key: string) => board.rows.find((candidate) => candidate.entryId === ids[key])!;

describe('getLeaderboard', () => {
	it('gives means, medians, spread and adjusted scores from submitted reviews only', () => {
		expect(board.round).toMatchObject({
			id: roundA,
			judgesPerEntry: 2,
			state: 'closed',
			scoreBasis: 'adjusted',
			scoreBasisChosenBy: null,
			scoreBasisChosenAt: null
		});
		expect(board.rows.map((candidate) => candidate.title)).not.toContain('Withdrawn one');
		expect(board.rows).toHaveLength(6);
		// e1: only L's 80 counts (X's draft of 100 is ignored).
		expect(row('e1')).toMatchObject({
			reviews: 1,
			assigned: 2,
			rawMean: 80,
			median: 80,
			adjusted: 72.5,
			stdDev: null,
			range: null
		});
		// e3: 85 and 55 → mean 70, population sd 15, range 30; adjusted (85 − 7.5 + 55 + 7.5)/2.
		expect(row('e3')).toMatchObject({
			reviews: 2,
			assigned: 2,
			rawMean: 70,
			median: 70,
			adjusted: 70,
			stdDev: 15,
			range: 30
		});
		// X's assignment to e2 is suspended by X's conflict with its team: it counts nowhere.
		expect(row('e2')).toMatchObject({ rawMean: 90, adjusted: 82.5, reviews: 1, assigned: 1 });
		expect(row('e4')).toMatchObject({ rawMean: 60, adjusted: 67.5 });
		expect(row('e5')).toMatchObject({ rawMean: 50, adjusted: 57.5 });
		expect(row('e7')).toMatchObject({
			reviews: 0,
			assigned: 0,
			rawMean: null,
			median: null,
			adjusted: null,
			interval: null,
			group: null,
			trackId: null,
			trackName: null
		});
		expect(board.overall).toEqual({ reviews: 6, mean: 70, sd: 15.55 });
	});

	it("gives each adjusted score the model's 90 % interval, computed in the same fit", () => {
		const reviews = [
			['L', 'e1', 80],
			['L', 'e2', 90],
			['L', 'e3', 85],
			['H', 'e3', 55],
			['H', 'e4', 60],
			['H', 'e5', 50]
		].map(([judge, entry, score]) => ({
			judgeId: judgeIds[judge as string]!,
			entryId: ids[entry as string]!,
			score: score as number
		}));
		const fit = fitJudgeEffects(reviews);
		expect(board.intervalLevel).toBe(0.9);
		for (const key of ['e1', 'e2', 'e3', 'e4', 'e5']) {
			const expected = qualityInterval(fit, ids[key]!)!;
			expect(row(key).interval, key).toEqual({
				low: roundTo(expected.low),
				high: roundTo(expected.high)
			});
			expect(row(key).interval!.low).toBeLessThan(row(key).adjusted!);
			expect(row(key).interval!.high).toBeGreaterThan(row(key).adjusted!);
		}
		// e3, reviewed twice, is better known than the entries reviewed once.
		const width = (key: string) => row(key).interval!.high - row(key).interval!.low;
		expect(width('e3')).toBeLessThan(width('e1'));
	});

	it('ranks with ties in the round and in each track, sorted by the deciding score', () => {
		const ranks = (key: string) => {
			const { rankRaw, rankAdjusted, trackRankRaw, trackRankAdjusted } = row(key);
			return [rankRaw, rankAdjusted, trackRankRaw, trackRankAdjusted];
		};
		expect(ranks('e1')).toEqual([2, 2, 2, 2]);
		expect(ranks('e2')).toEqual([1, 1, 1, 1]);
		// Raw, e3 (70) and e4 (60) are 10 apart; adjusted, 2.5: the order holds.
		expect(ranks('e3')).toEqual([3, 3, 1, 1]);
		expect(ranks('e4')).toEqual([4, 4, 2, 2]);
		expect(ranks('e5')).toEqual([5, 5, 3, 3]);
		expect(ranks('e7')).toEqual([null, null, null, null]);
		expect(board.rows.map((candidate) => candidate.title)).toEqual([
			'Bus planner',
			'Flood alerts',
			'Welfare bot',
			'Heat map',
			'Tour guide',
			'No track yet'
		]);
		expect(row('e1').trackSlug).toBe(challenge.tracks[0]!.slug);
		expect(row('e1').teamName).toMatch(/^Team Flood alerts/);
	});

	it('flags disagreement, too few reviews and conflicts; shows decisions', () => {
		expect(row('e3')).toMatchObject({ flags: ['disagreement'], flagged: true });
		expect(row('e1')).toMatchObject({ flags: ['few_reviews'], flagged: true });
		expect(row('e2')).toMatchObject({
			flags: ['few_reviews', 'conflict'],
			decision: 'advance',
			decisionNote: 'Strong pilot'
		});
		expect(row('e5')).toMatchObject({ decision: 'not_selected', decisionNote: '' });
		expect(row('e4')).toMatchObject({ decision: null, decisionNote: '' });
		expect(board.disagreementThreshold).toBe(25);
	});

	it('describes each judge: reviews, quartiles and the offset the adjusted score takes out', () => {
		expect(board.judges.map((judge) => judge.judgeName)).toEqual([
			'Harsh judge',
			'Lenient judge',
			'Xavier judge'
		]);
		// L: 80, 90, 85 (the withdrawn entry's 0 does not count): sd √(50/3) = 4.08.
		expect(board.judges.find((judge) => judge.judgeId === judgeIds.L)).toEqual({
			judgeId: judgeIds.L,
			judgeName: 'Lenient judge',
			reviews: 3,
			mean: 85,
			sd: 4.08,
			min: 80,
			q1: 82.5,
			median: 85,
			q3: 87.5,
			max: 90,
			assigned: 3,
			offset: 7.5,
			scale: null,
			group: 0
		});
		expect(board.judges.find((judge) => judge.judgeId === judgeIds.H)!.offset).toBe(-7.5);
		expect(board.scaleFitted).toBe(false);
		// X's e2 assignment is suspended (a conflict): only the e1 draft is work.
		expect(board.judges.find((judge) => judge.judgeId === judgeIds.X)).toMatchObject({
			reviews: 0,
			assigned: 1,
			mean: null,
			sd: null,
			median: null,
			offset: null,
			scale: null,
			group: null
		});
	});

	it('is one group of judges when they share an entry, and says how tracks are linked', () => {
		// L and H share e3: one group; L reviewed both tracks (e1, e2 in track 0, e3 in track 1).
		const [track0, track1] = challenge.tracks;
		expect(board.connectivity.connected).toBe(true);
		expect(board.connectivity.groups).toEqual([
			{
				judges: ['Harsh judge', 'Lenient judge'],
				entries: 5,
				tracks: [
					{ id: track0!.id, slug: track0!.slug, name: track0!.name },
					{ id: track1!.id, slug: track1!.slug, name: track1!.name }
				]
			}
		]);
		expect(board.connectivity.links).toEqual([
			{
				a: expect.objectContaining({ id: track0!.id }),
				b: expect.objectContaining({ id: track1!.id }),
				judges: 1
			}
		]);
		expect(new Set(board.rows.map((candidate) => candidate.group))).toEqual(new Set([0, null]));
	});

	it("sorts by the round's stored choice of deciding score, naming who chose it", async () => {
		const [organizer] = await fixtures.judges(['Organizer Chooser']);
		const chosenAt = new Date('2026-09-20T08:00:00Z');
		await database.db
			.update(rounds)
			.set({ scoreBasis: 'raw', scoreBasisChosenBy: organizer!, scoreBasisChosenAt: chosenAt })
			.where(eq(rounds.id, roundB));
		const b = (await getLeaderboard(database.db, challenge.id, roundB))!;
		expect(b.round).toMatchObject({
			scoreBasis: 'raw',
			scoreBasisChosenBy: 'Organizer Chooser',
			scoreBasisChosenAt: chosenAt
		});
		// u4 (P's lone 100) leads by raw mean; rows follow the raw ranks.
		expect(b.rows.map((candidate) => candidate.rankRaw)).toEqual([1, 2, 3, 4]);
		expect(b.rows[0]!.title).toBe('u4');
	});

	it("computes Krippendorff's alpha on totals and per criterion, with distributions", async () => {
		// Round A: only e3 has two reviews: one unit {85, 55}, D_o = D_e → alpha 0.
		expect(board.agreement).toEqual({ alpha: 0, entriesWithTwoOrMoreReviews: 1, judges: 2 });
		const b = (await getLeaderboard(database.db, challenge.id, roundB))!;
		// Totals: units {10, 20}, {30, 30}, {50, 40} (u4 has one review and is dropped) —
		// table a of the unit tests ×10: alpha = 5/6 = 0.833.
		expect(b.agreement).toEqual({ alpha: 0.833, entriesWithTwoOrMoreReviews: 3, judges: 2 });
		const [first, second] = b.criteria;
		// Criterion 1: values 0, 3, 5, 10 (P) and 2, 3, 4 (Q). Pairable units {0, 2}, {3, 3},
		// {5, 4}: n = 6, Σv = 17, Σv² = 63, squares about the mean 63 − 289/6 = 89/6;
		// within: 2·2/1 + 0 + 2·0.5/1 = 5; alpha = 1 − (n − 1)·5/(n·89/6) = 1 − 25/89 = 0.719.
		// Mean over all seven values: 27/7 = 3.857.
		expect(first).toMatchObject({
			weight: 1,
			scaleMin: 0,
			scaleMax: 10,
			counts: [1, 0, 1, 2, 1, 1, 0, 0, 0, 0, 1],
			mean: 3.86,
			alpha: 0.719
		});
		// Criterion 2: units {2, 2}, {3, 3}, {5, 4}: Σv = 19, Σv² = 67, squares 67 − 361/6 = 41/6;
		// within: 0 + 0 + 1 = 1; alpha = 1 − 5·1/41 = 36/41 = 0.878. Mean: (19 + 10)/7 = 4.14.
		expect(second).toMatchObject({
			counts: [0, 0, 2, 2, 1, 1, 0, 0, 0, 0, 1],
			mean: 4.14,
			alpha: 0.878
		});
		expect(b.rows.find((candidate) => candidate.title === 'u4')).toMatchObject({
			reviews: 1,
			rawMean: 100
		});
	});

	it('ignores drafts in the criterion distributions', () => {
		// Round A, criterion 1: submitted values 8, 9, 8 (L) and 5, 6, 5 (H); X's draft 10 and the
		// withdrawn entry's 0 are not counted.
		expect(board.criteria[0]!.counts).toEqual([0, 0, 0, 0, 0, 2, 1, 0, 2, 1, 0]);
	});

	it('returns null for a round of another challenge, or no round at all', async () => {
		const [current] = await database.db
			.select()
			.from(challenges)
			.where(eq(challenges.id, challenge.id));
		const { id: _id, ...copy } = current!;
		void _id;
		const [other] = await database.db
			.insert(challenges)
			.values({ ...copy, slug: `other-${randomUUID().slice(0, 8)}` })
			.returning({ id: challenges.id });
		const { rubricId } = await fixtures.rubric(
			[{ weight: 1, scaleMin: 1, scaleMax: 5 }],
			other!.id
		);
		const otherRound = await fixtures.round(rubricId, { challengeId: other!.id });
		expect(await getLeaderboard(database.db, challenge.id, otherRound)).toBeNull();
		expect(await getLeaderboard(database.db, other!.id, roundA)).toBeNull();
		const empty = await getLeaderboard(database.db, other!.id, otherRound);
		expect(empty).toMatchObject({
			rows: [],
			judges: [],
			agreement: { alpha: null, entriesWithTwoOrMoreReviews: 0, judges: 0 }
		});
		expect(empty!.criteria[0]).toMatchObject({ counts: [0, 0, 0, 0, 0], mean: null, alpha: null });
		expect(await getLeaderboard(database.db, challenge.id, randomUUID())).toBeNull();
		expect(await getLeaderboard(database.db, challenge.id, 'not-a-uuid')).toBeNull();
	});

	it('takes the disagreement threshold as an option', async () => {
		const strict = (await getLeaderboard(database.db, challenge.id, roundA, {
			disagreementThreshold: 35
		}))!;
		expect(strict.disagreementThreshold).toBe(35);
		expect(strict.rows.find((candidate) => candidate.entryId === ids.e3)!.flags).toEqual([]);
	});
});
