import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import {
	alphaFromMoments,
	calibrateJudges,
	competitionRanks,
	DEFAULT_DISAGREEMENT_THRESHOLD,
	hasDisagreement,
	krippendorffAlpha,
	roundOrNull,
	roundTo,
	summarize,
	type CalibrationMethod,
	type Review,
	type UnitMoments
} from '$lib/domain/score-statistics';
import type { Executor } from '../db';
import {
	assignments,
	entries,
	entryDecisions,
	roundEntries,
	rounds,
	rubricCriteria,
	scoreItems,
	scores,
	teams,
	tracks,
	users,
	type Decision,
	type RoundState
} from '../db/schema';
import { blockedPairs } from './conflicts';

/**
 * The organizers' leaderboard of a round: every active entry with the mean, median and spread of
 * its submitted reviews, its score normalized for harsh and lenient judges, ranks (raw and
 * normalized, in the round and in its track), flags for discussion and the decision taken; the
 * judges' calibration, each criterion's distribution and the judges' agreement.
 *
 * Rules:
 * - Only submitted score sheets count; drafts count nowhere (not even as "reviews").
 * - Withdrawn entries are left out entirely (rows, calibration, agreement, distributions), like
 *   everywhere else in judging: a withdrawn entry is not in competition, and its reviews would
 *   only blur the judges' calibration of the entries that are.
 * - A review's score is its stored weighted total (computed with weightedTotal when submitted).
 * - Scores (0–100) are rounded to 2 decimals, alpha to 3; ranks compare the rounded values.
 * - Flags: `disagreement` — reviews at least `disagreementThreshold` points apart (max − min);
 *   `few_reviews` — fewer submitted reviews than the round's judges per entry; `conflict` — an
 *   assigned judge now has a confirmed conflict with the entry (or is on its team): the review
 *   still counts here, and the organizers decide whether to remove that assignment.
 *   `flagged` is true when any flag is raised.
 * A constant number of queries whatever the size of the round (never one per entry).
 */

export type LeaderboardFlag = 'disagreement' | 'few_reviews' | 'conflict';

export type LeaderboardRow = {
	entryId: string;
	label: number;
	title: string;
	teamName: string;
	trackId: string | null;
	trackSlug: string | null;
	trackName: LocalizedText | null;
	/** Submitted reviews. */
	reviews: number;
	/** Assignments (so "2 of 3 reviews" can be shown). */
	assigned: number;
	/** 0–100, 2 decimals; null without a submitted review. */
	rawMean: number | null;
	median: number | null;
	normalized: number | null;
	/** Population standard deviation and max − min of the reviews; null with fewer than two. */
	stdDev: number | null;
	range: number | null;
	/** Competition ranks (1, 2, 2, 4) within the whole round. */
	rankRaw: number | null;
	rankNormalized: number | null;
	/** Within the entry's track; null when the entry has no track. */
	trackRankRaw: number | null;
	trackRankNormalized: number | null;
	flagged: boolean;
	flags: LeaderboardFlag[];
	decision: Decision | null;
	decisionNote: string;
};

export type JudgeCalibration = {
	judgeId: string;
	judgeName: string;
	/** Submitted reviews in the round (the statistics below are over their totals). */
	reviews: number;
	mean: number | null;
	/** Population standard deviation; null with fewer than two reviews. */
	sd: number | null;
	min: number | null;
	q1: number | null;
	median: number | null;
	q3: number | null;
	max: number | null;
	/** Assignments of the judge in the round (active entries). */
	assigned: number;
	/** How the judge's reviews were normalized; null without a review. */
	calibration: CalibrationMethod | null;
};

export type CriterionDistribution = {
	criterionId: string;
	name: string;
	weight: number;
	scaleMin: number;
	scaleMax: number;
	/** counts[v − scaleMin]: how many submitted reviews gave the value v. */
	counts: number[];
	mean: number | null;
	/** Krippendorff's alpha (interval) on this criterion's values; null when undefined. */
	alpha: number | null;
};

export type Leaderboard = {
	round: {
		id: string;
		name: string;
		position: number;
		state: RoundState;
		blind: boolean;
		judgesPerEntry: number;
	};
	/** Sorted by rankNormalized, then rankRaw, then label (entries without a rank last). */
	rows: LeaderboardRow[];
	/** Every judge with an assignment in the round, by name. */
	judges: JudgeCalibration[];
	/** The round rubric's criteria, in order. */
	criteria: CriterionDistribution[];
	/** Krippendorff's alpha (interval) on review totals: units = entries, coders = judges. */
	agreement: { alpha: number | null; entriesWithTwoOrMoreReviews: number; judges: number };
	disagreementThreshold: number;
	/** The scale every review is normalized to: mean and population sd of all submitted reviews. */
	overall: { reviews: number; mean: number | null; sd: number | null };
};

/** What the computation needs, as the queries return it (exported for the benchmark). */
export type LeaderboardData = {
	round: Leaderboard['round'];
	criteria: { id: string; name: string; weight: number; scaleMin: number; scaleMax: number }[];
	entries: {
		entryId: string;
		label: number;
		title: string;
		teamName: string;
		trackId: string | null;
		trackSlug: string | null;
		trackName: LocalizedText | null;
		decision: Decision | null;
		decisionNote: string | null;
	}[];
	/** Every assignment of an active entry; total in hundredths when submitted, else null. */
	assignments: { entryId: string; judgeId: string; total: number | null }[];
	judges: { judgeId: string; name: string }[];
	/** Criterion values of submitted reviews, counted by value. */
	valueCounts: { criterionId: string; value: number; count: number }[];
	/** Per criterion and entry: the number, sum and sum of squares of submitted values. */
	unitMoments: { criterionId: string; count: number; sum: number; sumOfSquares: number }[];
	/** Assigned (judge, entry) pairs that are now blocked by a conflict. */
	conflicts: { judgeId: string; entryId: string }[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The leaderboard of a round of the challenge; null when the round is not in that challenge.
 * Ten set-based queries (the round, its criteria, entries with teams/tracks/decisions, assignments
 * with submitted totals, the judges' names, two aggregates of criterion values, and the four
 * conflict queries of blockedPairs), then computeLeaderboard.
 */
export async function getLeaderboard(
	db: Executor,
	challengeId: string,
	roundId: string,
	options: { disagreementThreshold?: number } = {}
): Promise<Leaderboard | null> {
	if (!UUID.test(challengeId) || !UUID.test(roundId)) return null;
	const [round] = await db
		.select({
			id: rounds.id,
			name: rounds.name,
			position: rounds.position,
			state: rounds.state,
			blind: rounds.blind,
			judgesPerEntry: rounds.judgesPerEntry,
			rubricId: rounds.rubricId
		})
		.from(rounds)
		.where(and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId)))
		.limit(1);
	if (!round) return null;

	const active = ne(entries.status, 'withdrawn');
	const [criteria, entryRows, assignmentRows, judgeRows, valueCounts, unitMoments, blocked] =
		await Promise.all([
			db
				.select({
					id: rubricCriteria.id,
					name: rubricCriteria.name,
					weight: rubricCriteria.weight,
					scaleMin: rubricCriteria.scaleMin,
					scaleMax: rubricCriteria.scaleMax
				})
				.from(rubricCriteria)
				.where(eq(rubricCriteria.rubricId, round.rubricId))
				.orderBy(asc(rubricCriteria.position)),
			db
				.select({
					entryId: roundEntries.entryId,
					label: roundEntries.label,
					title: entries.title,
					teamName: teams.name,
					trackId: tracks.id,
					trackSlug: tracks.slug,
					trackName: tracks.name,
					decision: entryDecisions.decision,
					decisionNote: entryDecisions.note
				})
				.from(roundEntries)
				.innerJoin(entries, eq(entries.id, roundEntries.entryId))
				.innerJoin(teams, eq(teams.id, entries.teamId))
				.leftJoin(tracks, eq(tracks.id, entries.trackId))
				.leftJoin(
					entryDecisions,
					and(
						eq(entryDecisions.roundId, roundEntries.roundId),
						eq(entryDecisions.entryId, roundEntries.entryId)
					)
				)
				.where(and(eq(roundEntries.roundId, round.id), active)),
			db
				.select({
					entryId: assignments.entryId,
					judgeId: assignments.judgeId,
					total: scores.totalHundredths
				})
				.from(assignments)
				.innerJoin(entries, eq(entries.id, assignments.entryId))
				.leftJoin(
					scores,
					and(eq(scores.assignmentId, assignments.id), eq(scores.status, 'submitted'))
				)
				.where(and(eq(assignments.roundId, round.id), active)),
			db
				.select({ judgeId: users.id, name: users.name })
				.from(users)
				.where(
					inArray(
						users.id,
						db
							.selectDistinct({ judgeId: assignments.judgeId })
							.from(assignments)
							.where(eq(assignments.roundId, round.id))
					)
				),
			db
				.select({
					criterionId: scoreItems.criterionId,
					value: sql<number>`${scoreItems.value}`.mapWith(Number),
					count: sql<number>`count(*)::int`
				})
				.from(scoreItems)
				.innerJoin(
					scores,
					and(eq(scores.assignmentId, scoreItems.assignmentId), eq(scores.status, 'submitted'))
				)
				.innerJoin(assignments, eq(assignments.id, scoreItems.assignmentId))
				.innerJoin(entries, eq(entries.id, assignments.entryId))
				.where(and(eq(assignments.roundId, round.id), active, isNotNull(scoreItems.value)))
				.groupBy(scoreItems.criterionId, scoreItems.value),
			db
				.select({
					criterionId: scoreItems.criterionId,
					count: sql<number>`count(*)::int`,
					sum: sql<number>`sum(${scoreItems.value})::int`,
					sumOfSquares: sql<number>`sum(${scoreItems.value}::int * ${scoreItems.value}::int)::int`
				})
				.from(scoreItems)
				.innerJoin(
					scores,
					and(eq(scores.assignmentId, scoreItems.assignmentId), eq(scores.status, 'submitted'))
				)
				.innerJoin(assignments, eq(assignments.id, scoreItems.assignmentId))
				.innerJoin(entries, eq(entries.id, assignments.entryId))
				.where(and(eq(assignments.roundId, round.id), active, isNotNull(scoreItems.value)))
				.groupBy(scoreItems.criterionId, assignments.entryId),
			blockedPairs(db, round.id)
		]);

	return computeLeaderboard(
		{
			round: {
				id: round.id,
				name: round.name,
				position: round.position,
				state: round.state,
				blind: round.blind,
				judgesPerEntry: round.judgesPerEntry
			},
			criteria,
			entries: entryRows,
			assignments: assignmentRows,
			judges: judgeRows,
			valueCounts,
			unitMoments,
			conflicts: blocked
		},
		options
	);
}

const byNullableRank = (a: number | null, b: number | null) =>
	a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;

/** The pure part of the leaderboard: statistics, ranks, flags and distributions. */
export function computeLeaderboard(
	data: LeaderboardData,
	options: { disagreementThreshold?: number } = {}
): Leaderboard {
	const threshold = options.disagreementThreshold ?? DEFAULT_DISAGREEMENT_THRESHOLD;
	const entryIndex = new Map<string, number>();
	data.entries.forEach((entry, index) => entryIndex.set(entry.entryId, index));
	const conflicted = new Set(data.conflicts.map((pair) => `${pair.judgeId}|${pair.entryId}`));

	// Reviews (submitted totals in points), and per entry: assignments and conflicts.
	const reviews: Review[] = [];
	const assigned = new Array<number>(data.entries.length).fill(0);
	const hasConflict = new Array<boolean>(data.entries.length).fill(false);
	const judgeAssigned = new Map<string, number>();
	for (const row of data.assignments) {
		const index = entryIndex.get(row.entryId);
		if (index === undefined) continue;
		assigned[index] += 1;
		judgeAssigned.set(row.judgeId, (judgeAssigned.get(row.judgeId) ?? 0) + 1);
		if (conflicted.has(`${row.judgeId}|${row.entryId}`)) hasConflict[index] = true;
		if (row.total !== null)
			reviews.push({ entryId: row.entryId, judgeId: row.judgeId, score: row.total / 100 });
	}

	const calibration = calibrateJudges(reviews);
	const rawByEntry: number[][] = data.entries.map(() => []);
	const normalizedSum = new Array<number>(data.entries.length).fill(0);
	const byJudge = new Map<string, number[]>();
	reviews.forEach((review, position) => {
		const index = entryIndex.get(review.entryId)!;
		rawByEntry[index]!.push(review.score!);
		normalizedSum[index] += calibration.normalized[position]!;
		const list = byJudge.get(review.judgeId);
		if (list) list.push(review.score!);
		else byJudge.set(review.judgeId, [review.score!]);
	});

	const rows: LeaderboardRow[] = data.entries.map((entry, index) => {
		const scores = rawByEntry[index]!;
		const summary = summarize(scores);
		const flags: LeaderboardFlag[] = [];
		if (hasDisagreement(scores, threshold)) flags.push('disagreement');
		if (scores.length < data.round.judgesPerEntry) flags.push('few_reviews');
		if (hasConflict[index]) flags.push('conflict');
		return {
			entryId: entry.entryId,
			label: entry.label,
			title: entry.title,
			teamName: entry.teamName,
			trackId: entry.trackId,
			trackSlug: entry.trackSlug,
			trackName: entry.trackName,
			reviews: scores.length,
			assigned: assigned[index]!,
			rawMean: roundOrNull(summary.mean),
			median: roundOrNull(summary.median),
			normalized: scores.length > 0 ? roundTo(normalizedSum[index]! / scores.length) : null,
			stdDev: roundOrNull(summary.sd),
			range: roundOrNull(summary.range),
			rankRaw: null,
			rankNormalized: null,
			trackRankRaw: null,
			trackRankNormalized: null,
			flagged: flags.length > 0,
			flags,
			decision: entry.decision,
			decisionNote: entry.decisionNote ?? ''
		};
	});

	const rawRanks = competitionRanks(rows.map((row) => row.rawMean));
	const normalizedRanks = competitionRanks(rows.map((row) => row.normalized));
	const byTrack = new Map<string, LeaderboardRow[]>();
	rows.forEach((row, index) => {
		row.rankRaw = rawRanks[index]!;
		row.rankNormalized = normalizedRanks[index]!;
		if (row.trackId === null) return;
		const list = byTrack.get(row.trackId);
		if (list) list.push(row);
		else byTrack.set(row.trackId, [row]);
	});
	for (const list of byTrack.values()) {
		const trackRaw = competitionRanks(list.map((row) => row.rawMean));
		const trackNormalized = competitionRanks(list.map((row) => row.normalized));
		list.forEach((row, index) => {
			row.trackRankRaw = trackRaw[index]!;
			row.trackRankNormalized = trackNormalized[index]!;
		});
	}
	rows.sort(
		(a, b) =>
			byNullableRank(a.rankNormalized, b.rankNormalized) ||
			byNullableRank(a.rankRaw, b.rankRaw) ||
			a.label - b.label
	);

	const judgeNames = new Map(data.judges.map((judge) => [judge.judgeId, judge.name]));
	const judges: JudgeCalibration[] = [...judgeAssigned].map(([judgeId, count]) => {
		const summary = summarize(byJudge.get(judgeId) ?? []);
		return {
			judgeId,
			judgeName: judgeNames.get(judgeId) ?? '',
			reviews: summary.count,
			mean: roundOrNull(summary.mean),
			sd: roundOrNull(summary.sd),
			min: roundOrNull(summary.min),
			q1: roundOrNull(summary.q1),
			median: roundOrNull(summary.median),
			q3: roundOrNull(summary.q3),
			max: roundOrNull(summary.max),
			assigned: count,
			calibration: calibration.judges.get(judgeId)?.method ?? null
		};
	});
	judges.sort(
		(a, b) => a.judgeName.localeCompare(b.judgeName) || a.judgeId.localeCompare(b.judgeId)
	);

	const criteria = data.criteria.map((criterion) => ({
		criterionId: criterion.id,
		name: criterion.name,
		weight: criterion.weight,
		scaleMin: criterion.scaleMin,
		scaleMax: criterion.scaleMax,
		counts: new Array<number>(criterion.scaleMax - criterion.scaleMin + 1).fill(0),
		mean: null as number | null,
		alpha: null as number | null
	}));
	const criterionIndex = new Map(
		criteria.map((criterion, index) => [criterion.criterionId, index])
	);
	const totals = criteria.map(() => ({ count: 0, sum: 0 }));
	for (const row of data.valueCounts) {
		const index = criterionIndex.get(row.criterionId);
		if (index === undefined) continue;
		const criterion = criteria[index]!;
		const slot = row.value - criterion.scaleMin;
		if (slot < 0 || slot >= criterion.counts.length) continue;
		criterion.counts[slot] += row.count;
		totals[index]!.count += row.count;
		totals[index]!.sum += row.value * row.count;
	}
	const moments: UnitMoments[][] = criteria.map(() => []);
	for (const row of data.unitMoments) {
		const index = criterionIndex.get(row.criterionId);
		if (index !== undefined) moments[index]!.push(row);
	}
	criteria.forEach((criterion, index) => {
		const total = totals[index]!;
		criterion.mean = total.count > 0 ? roundTo(total.sum / total.count) : null;
		criterion.alpha = roundOrNull(alphaFromMoments(moments[index]!), 3);
	});

	const alpha = krippendorffAlpha(rawByEntry);

	return {
		round: data.round,
		rows,
		judges,
		criteria,
		agreement: {
			alpha: roundOrNull(alpha, 3),
			entriesWithTwoOrMoreReviews: rawByEntry.filter((scores) => scores.length >= 2).length,
			judges: byJudge.size
		},
		disagreementThreshold: threshold,
		overall: {
			reviews: calibration.overall.reviews,
			mean: roundOrNull(calibration.overall.mean),
			sd: roundOrNull(calibration.overall.sd)
		}
	};
}
