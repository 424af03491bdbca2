import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import {
	alphaFromSums,
	calibrateJudges,
	competitionRanks,
	DEFAULT_DISAGREEMENT_THRESHOLD,
	hasDisagreement,
	krippendorffAlpha,
	roundOrNull,
	roundTo,
	summarize,
	type AlphaSums,
	type CalibrationMethod,
	type Review
} from '$lib/domain/score-statistics';
import { rowsOf, type Executor } from '../db';
import {
	criterionRoundTallies,
	criterionValueTallies,
	entries,
	entryDecisions,
	roundEntries,
	rounds,
	rubricCriteria,
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
	}[];
	/** Decisions taken on entries of the round. */
	decisions: { entryId: string; decision: Decision; note: string }[];
	/** Every assignment of an active entry; total in hundredths when submitted, else null. */
	assignments: { entryId: string; judgeId: string; total: number | null }[];
	judges: { judgeId: string; name: string }[];
	/** Criterion values of submitted reviews, counted by value. */
	valueCounts: { criterionId: string; value: number; count: number }[];
	/** Per criterion, the sums Krippendorff's alpha needs (units = entries). */
	alphaSums: ({ criterionId: string } & AlphaSums)[];
	/** Assigned (judge, entry) pairs that are now blocked by a conflict. */
	conflicts: { judgeId: string; entryId: string }[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The leaderboard of a round of the challenge; null when the round is not in that challenge.
 * Nine set-based queries over tallies kept by the database (see loadLeaderboardData), then
 * computeLeaderboard.
 */
export async function getLeaderboard(
	db: Executor,
	challengeId: string,
	roundId: string,
	options: { disagreementThreshold?: number } = {}
): Promise<Leaderboard | null> {
	const data = await loadLeaderboardData(db, challengeId, roundId);
	return data && computeLeaderboard(data, options);
}

/**
 * The round's criterion tallies, kept up to date by database triggers in every transaction that
 * changes a score sheet, an assignment or an entry's place in the round (migration
 * review_tallies): the value counts, and per criterion the sums of Krippendorff's alpha over the
 * entries with two or more values (n, S, Q and Σ (m·Q_u − S_u²)/(m − 1), see alphaFromSums). A
 * few dozen rows instead of every value of the round (30,000 for 1,000 entries × 5 judges × 6
 * criteria).
 */
async function criterionTallies(db: Executor, roundId: string) {
	const [valueCounts, sums] = await Promise.all([
		db
			.select({
				criterionId: criterionValueTallies.criterionId,
				value: criterionValueTallies.value,
				count: criterionValueTallies.count
			})
			.from(criterionValueTallies)
			.where(and(eq(criterionValueTallies.roundId, roundId), ne(criterionValueTallies.count, 0))),
		db
			.select({
				criterionId: criterionRoundTallies.criterionId,
				values: criterionRoundTallies.n,
				sum: criterionRoundTallies.s,
				sumOfSquares: criterionRoundTallies.q,
				within: criterionRoundTallies.within
			})
			.from(criterionRoundTallies)
			.where(and(eq(criterionRoundTallies.roundId, roundId), ne(criterionRoundTallies.n, 0)))
	]);
	return {
		valueCounts,
		alphaSums: sums.map((row) => ({ ...row, within: Number(row.within) }))
	};
}

/** An entry of the round as the entries query returns it (one JSON array per entry). */
type EntryTuple = [
	entryId: string,
	label: number,
	title: string,
	teamName: string,
	trackId: string | null,
	judges: string[],
	totals: (number | null)[]
];

/**
 * The round's entries in competition with their team, track, assigned judges and submitted
 * totals (kept on round_entries by the tally triggers), as one JSON document: a single row to
 * decode instead of thousands.
 */
async function entriesWithReviews(db: Executor, roundId: string): Promise<EntryTuple[]> {
	const [row] = rowsOf<{ entries: string | null }>(
		await db.execute(sql`
			select json_agg(json_build_array(${roundEntries.entryId}, ${roundEntries.label},
				${entries.title}, ${teams.name}, ${entries.trackId}, ${roundEntries.assignedJudges},
				${roundEntries.reviewTotals}))::text as entries
			from ${roundEntries}
			inner join ${entries} on ${entries.id} = ${roundEntries.entryId}
			inner join ${teams} on ${teams.id} = ${entries.teamId}
			where ${roundEntries.roundId} = ${roundId} and ${entries.status} <> 'withdrawn'
		`)
	);
	return row?.entries ? (JSON.parse(row.entries) as EntryTuple[]) : [];
}

/**
 * What the leaderboard is computed from, or null when the round is not in the challenge: the
 * round, then in parallel its criteria, entries with their reviews, the challenge's tracks,
 * decisions, the criterion tallies and the conflicts (blockedPairs), then the judges'
 * names — nine queries whatever the size of the round.
 */
export async function loadLeaderboardData(
	db: Executor,
	challengeId: string,
	roundId: string
): Promise<LeaderboardData | null> {
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

	const [criteria, entryTuples, trackRows, decisions, tallies, blocked] = await Promise.all([
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
		entriesWithReviews(db, round.id),
		db
			.select({ id: tracks.id, slug: tracks.slug, name: tracks.name })
			.from(tracks)
			.where(eq(tracks.challengeId, challengeId)),
		db
			.select({
				entryId: entryDecisions.entryId,
				decision: entryDecisions.decision,
				note: entryDecisions.note
			})
			.from(entryDecisions)
			.where(eq(entryDecisions.roundId, round.id)),
		criterionTallies(db, round.id),
		blockedPairs(db, round.id)
	]);

	const trackById = new Map(trackRows.map((track) => [track.id, track]));
	const entryRows: LeaderboardData['entries'] = [];
	const assignmentRows: LeaderboardData['assignments'] = [];
	const judgeIds = new Set<string>();
	for (const [entryId, label, title, teamName, trackId, judges, totals] of entryTuples) {
		const track = trackId === null ? undefined : trackById.get(trackId);
		entryRows.push({
			entryId,
			label,
			title,
			teamName,
			trackId: track?.id ?? null,
			trackSlug: track?.slug ?? null,
			trackName: track?.name ?? null
		});
		judges.forEach((judgeId, index) => {
			judgeIds.add(judgeId);
			assignmentRows.push({ entryId, judgeId, total: totals[index] ?? null });
		});
	}
	const judgeRows =
		judgeIds.size === 0
			? []
			: await db
					.select({ judgeId: users.id, name: users.name })
					.from(users)
					.where(inArray(users.id, [...judgeIds]));

	return {
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
		decisions,
		assignments: assignmentRows,
		judges: judgeRows,
		valueCounts: tallies.valueCounts,
		alphaSums: tallies.alphaSums,
		conflicts: blocked
	};
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
	// Blocked judges by entry: a lookup per assignment without building a key string for each.
	const conflicted = new Map<string, Set<string>>();
	for (const pair of data.conflicts) {
		const judges = conflicted.get(pair.entryId);
		if (judges) judges.add(pair.judgeId);
		else conflicted.set(pair.entryId, new Set([pair.judgeId]));
	}
	const decisions = new Map(data.decisions.map((row) => [row.entryId, row]));

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
		if (conflicted.get(row.entryId)?.has(row.judgeId)) hasConflict[index] = true;
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
			decision: decisions.get(entry.entryId)?.decision ?? null,
			decisionNote: decisions.get(entry.entryId)?.note ?? ''
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
	for (const row of data.alphaSums) {
		const index = criterionIndex.get(row.criterionId);
		if (index !== undefined) criteria[index]!.alpha = roundOrNull(alphaFromSums(row), 3);
	}
	criteria.forEach((criterion, index) => {
		const total = totals[index]!;
		criterion.mean = total.count > 0 ? roundTo(total.sum / total.count) : null;
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
