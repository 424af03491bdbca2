import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import {
	alphaFromSums,
	calibrateScores,
	competitionRanks,
	DEFAULT_DISAGREEMENT_THRESHOLD,
	hasDisagreement,
	krippendorffAlpha,
	roundOrNull,
	roundTo,
	summarize,
	type AlphaSums,
	type CalibrationMethod
} from '$lib/domain/score-statistics';
import { rowsOf, type Executor } from '../db';
import {
	assignments,
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
 *   assignment of the entry is suspended because its judge has a confirmed conflict with it (or
 *   is on its team): that review counts nowhere (the tallies leave it out) until the conflict is
 *   dismissed, so the entry usually needs another judge.
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
		/** The entry's assigned judges, as positions in `judges`. */
		judges: number[];
		/** Their submitted totals in hundredths, in the same order; null when not submitted. */
		totals: (number | null)[];
	}[];
	/** Decisions taken on entries of the round. */
	decisions: { entryId: string; decision: Decision; note: string }[];
	/** Every judge assigned to an entry in competition, each once. */
	judges: { judgeId: string; name: string }[];
	/** Criterion values of submitted reviews, counted by value. */
	valueCounts: { criterionId: string; value: number; count: number }[];
	/** Per criterion, the sums Krippendorff's alpha needs (units = entries). */
	alphaSums: ({ criterionId: string } & AlphaSums)[];
	/** Assignments suspended because a conflict blocks their (judge, entry) pair. */
	conflicts: { judgeId: string; entryId: string }[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The leaderboard of a round of the challenge; null when the round is not in that challenge.
 * Three set-based queries over tallies kept by the database (see loadLeaderboardData), then
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

/** The round with its criteria, tracks, decisions and criterion tallies, as loadRound reads it. */
type RoundParts = [
	round:
		| [
				id: string,
				name: string,
				position: number,
				state: RoundState,
				blind: boolean,
				judgesPerEntry: number
		  ]
		| null,
	criteria: [id: string, name: string, weight: number, scaleMin: number, scaleMax: number][] | null,
	tracks: [id: string, slug: string, name: LocalizedText][] | null,
	decisions: [entryId: string, decision: Decision, note: string][] | null,
	valueCounts: [criterionId: string, value: number, count: number][] | null,
	alphaSums: [criterionId: string, n: number, s: number, q: number, within: number][] | null
];

/**
 * The entries in competition, column by column (one array per column, null without entries):
 * each entry's assigned judges as their ids written one after another (36 characters each), and
 * their submitted totals in the same order, comma-separated, empty where not submitted. One
 * array per column costs the database a third less than an array per entry.
 */
type EntryColumns = [
	entryIds: string[] | null,
	labels: number[] | null,
	titles: string[] | null,
	teamNames: string[] | null,
	trackIds: (string | null)[] | null,
	judges: string[] | null,
	totals: string[] | null
];

const UUID_LENGTH = 36;

/**
 * Everything the leaderboard reads about a round, in one statement returning one row of two JSON
 * documents (one value each to decode instead of thousands of rows):
 * - the round (null when it is not in the challenge, and then every part below is empty);
 * - its rubric's criteria in order, the challenge's tracks and the decisions taken in the round;
 * - the criterion tallies kept by the database triggers in every transaction that changes a score
 *   sheet, an assignment or an entry's place in the round (migration review_tallies): the value
 *   counts, and per criterion the sums of Krippendorff's alpha over the entries with two or more
 *   values (n, S, Q and Σ (m·Q_u − S_u²)/(m − 1), see alphaFromSums) — a few dozen rows instead of
 *   every value of the round (30,000 for 1,000 entries × 5 judges × 6 criteria);
 * - the entries in competition with their team, track, assigned judges and submitted totals (kept
 *   on round_entries by the same triggers), as EntryColumns.
 */
async function loadRound(db: Executor, challengeId: string, roundId: string) {
	const [row] = rowsOf<{ round: string; entries: string }>(
		await db.execute(sql`
			with this_round as materialized (
				select ${rounds.id}, ${rounds.name}, ${rounds.position}, ${rounds.state},
					${rounds.blind}, ${rounds.judgesPerEntry}, ${rounds.rubricId}
				from ${rounds}
				where ${rounds.id} = ${roundId} and ${rounds.challengeId} = ${challengeId}
			)
			select json_build_array(
				(select json_build_array(id, name, position, state, blind, judges_per_entry) from this_round),
				(select json_agg(json_build_array(${rubricCriteria.id}, ${rubricCriteria.name},
						${rubricCriteria.weight}, ${rubricCriteria.scaleMin}, ${rubricCriteria.scaleMax})
						order by ${rubricCriteria.position})
					from ${rubricCriteria}
					where ${rubricCriteria.rubricId} = (select rubric_id from this_round)),
				(select json_agg(json_build_array(${tracks.id}, ${tracks.slug}, ${tracks.name}))
					from ${tracks}
					where ${tracks.challengeId} = ${challengeId} and exists (select from this_round)),
				(select json_agg(json_build_array(${entryDecisions.entryId}, ${entryDecisions.decision},
						${entryDecisions.note}))
					from ${entryDecisions}
					where ${entryDecisions.roundId} = (select id from this_round)),
				(select json_agg(json_build_array(${criterionValueTallies.criterionId},
						${criterionValueTallies.value}, ${criterionValueTallies.count}))
					from ${criterionValueTallies}
					where ${criterionValueTallies.roundId} = (select id from this_round)
						and ${criterionValueTallies.count} <> 0),
				(select json_agg(json_build_array(${criterionRoundTallies.criterionId},
						${criterionRoundTallies.n}, ${criterionRoundTallies.s}, ${criterionRoundTallies.q},
						${criterionRoundTallies.within}))
					from ${criterionRoundTallies}
					where ${criterionRoundTallies.roundId} = (select id from this_round)
						and ${criterionRoundTallies.n} <> 0)
			)::text as round,
			(select json_build_array(array_agg(${roundEntries.entryId}), array_agg(${roundEntries.label}),
						array_agg(${entries.title}), array_agg(${teams.name}), array_agg(${entries.trackId}),
						array_agg(array_to_string(${roundEntries.assignedJudges}, '')),
						array_agg(array_to_string(${roundEntries.reviewTotals}, ',', '')))
					from ${roundEntries}
					inner join ${entries} on ${entries.id} = ${roundEntries.entryId}
					inner join ${teams} on ${teams.id} = ${entries.teamId}
					where ${roundEntries.roundId} = (select id from this_round)
						and ${entries.status} <> 'withdrawn')::text as entries
		`)
	);
	return [
		...(JSON.parse(row!.round) as RoundParts),
		JSON.parse(row!.entries) as EntryColumns
	] as const;
}

/**
 * What the leaderboard is computed from, or null when the round is not in the challenge: the
 * round document (loadRound) and the suspended assignments (by a partial index: a handful), then
 * the judges' names — three queries whatever the size of the round.
 */
export async function loadLeaderboardData(
	db: Executor,
	challengeId: string,
	roundId: string
): Promise<LeaderboardData | null> {
	if (!UUID.test(challengeId) || !UUID.test(roundId)) return null;
	const [document, blocked] = await Promise.all([
		loadRound(db, challengeId, roundId),
		db
			.select({ judgeId: assignments.judgeId, entryId: assignments.entryId })
			.from(assignments)
			.where(and(eq(assignments.roundId, roundId), isNotNull(assignments.suspendedAt)))
	]);
	const [round, criteria, trackRows, decisions, valueCounts, alphaSums, entryColumns] = document;
	if (!round) return null;

	const trackById = new Map((trackRows ?? []).map(([id, slug, name]) => [id, { slug, name }]));
	const [entryIds, labels, titles, teamNames, trackIds, judgeLists, totalLists] = entryColumns;
	const judgeIds: string[] = [];
	const judgeNumber = new Map<string, number>();
	const entryRows: LeaderboardData['entries'] = (entryIds ?? []).map((entryId, index) => {
		const trackId = trackIds![index]!;
		const track = trackId === null ? undefined : trackById.get(trackId);
		const list = judgeLists![index]!;
		const written = totalLists![index]!.split(',');
		const judges: number[] = [];
		const totals: (number | null)[] = [];
		for (let at = 0; at < list.length; at += UUID_LENGTH) {
			const judgeId = list.slice(at, at + UUID_LENGTH);
			let judge = judgeNumber.get(judgeId);
			if (judge === undefined) {
				judge = judgeIds.push(judgeId) - 1;
				judgeNumber.set(judgeId, judge);
			}
			const total = written[judges.length];
			judges.push(judge);
			totals.push(total ? Number(total) : null);
		}
		return {
			entryId,
			label: labels![index]!,
			title: titles![index]!,
			teamName: teamNames![index]!,
			trackId: track ? trackId : null,
			trackSlug: track?.slug ?? null,
			trackName: track?.name ?? null,
			judges,
			totals
		};
	});
	const names =
		judgeIds.length === 0
			? []
			: await db
					.select({ judgeId: users.id, name: users.name })
					.from(users)
					.where(inArray(users.id, judgeIds));
	const nameOf = new Map(names.map((row) => [row.judgeId, row.name]));

	const [id, name, position, state, blind, judgesPerEntry] = round;
	return {
		round: { id, name, position, state, blind, judgesPerEntry },
		criteria: (criteria ?? []).map(([id, name, weight, scaleMin, scaleMax]) => ({
			id,
			name,
			weight,
			scaleMin,
			scaleMax
		})),
		entries: entryRows,
		decisions: (decisions ?? []).map(([entryId, decision, note]) => ({ entryId, decision, note })),
		judges: judgeIds.map((judgeId) => ({ judgeId, name: nameOf.get(judgeId) ?? '' })),
		valueCounts: (valueCounts ?? []).map(([criterionId, value, count]) => ({
			criterionId,
			value,
			count
		})),
		alphaSums: (alphaSums ?? []).map(([criterionId, values, sum, sumOfSquares, within]) => ({
			criterionId,
			values,
			sum,
			sumOfSquares,
			within
		})),
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
	const judgeCount = data.judges.length;
	// Entries with a suspended assignment (its judge is no longer among the entry's judges).
	const conflicted = new Set(data.conflicts.map((pair) => pair.entryId));
	const decisions = new Map(data.decisions.map((row) => [row.entryId, row]));

	// Submitted reviews in entry order, as parallel arrays (thousands of them): judge and points.
	let reviewCount = 0;
	for (const entry of data.entries)
		for (const total of entry.totals) if (total !== null) reviewCount += 1;
	const reviewJudge = new Int32Array(reviewCount);
	const reviewScore = new Float64Array(reviewCount);
	const judgeAssigned = new Int32Array(judgeCount);
	const rawByEntry: number[][] = [];
	let next = 0;
	for (const entry of data.entries) {
		const scores: number[] = [];
		entry.judges.forEach((judge, slot) => {
			judgeAssigned[judge] += 1;
			const total = entry.totals[slot];
			if (total === null || total === undefined) return;
			reviewJudge[next] = judge;
			reviewScore[next] = total / 100;
			scores.push(total / 100);
			next += 1;
		});
		rawByEntry.push(scores);
	}
	const calibration = calibrateScores(reviewJudge, reviewScore, judgeCount);
	const byJudge: number[][] = Array.from({ length: judgeCount }, () => []);
	for (let review = 0; review < reviewCount; review++)
		byJudge[reviewJudge[review]!]!.push(reviewScore[review]!);

	next = 0;
	const rows: LeaderboardRow[] = data.entries.map((entry, index) => {
		const scores = rawByEntry[index]!;
		let normalizedSum = 0;
		for (let review = 0; review < scores.length; review++)
			normalizedSum += calibration.normalized[next++]!;
		const summary = summarize(scores);
		const flags: LeaderboardFlag[] = [];
		if (hasDisagreement(scores, threshold)) flags.push('disagreement');
		if (scores.length < data.round.judgesPerEntry) flags.push('few_reviews');
		if (conflicted.has(entry.entryId)) flags.push('conflict');
		const decision = decisions.get(entry.entryId);
		return {
			entryId: entry.entryId,
			label: entry.label,
			title: entry.title,
			teamName: entry.teamName,
			trackId: entry.trackId,
			trackSlug: entry.trackSlug,
			trackName: entry.trackName,
			reviews: scores.length,
			assigned: entry.judges.length,
			rawMean: roundOrNull(summary.mean),
			median: roundOrNull(summary.median),
			normalized: scores.length > 0 ? roundTo(normalizedSum / scores.length) : null,
			stdDev: roundOrNull(summary.sd),
			range: roundOrNull(summary.range),
			rankRaw: null,
			rankNormalized: null,
			trackRankRaw: null,
			trackRankNormalized: null,
			flagged: flags.length > 0,
			flags,
			decision: decision?.decision ?? null,
			decisionNote: decision?.note ?? ''
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

	const judges: JudgeCalibration[] = data.judges.map((judge, number) => {
		const summary = summarize(byJudge[number]!);
		return {
			judgeId: judge.judgeId,
			judgeName: judge.name,
			reviews: summary.count,
			mean: roundOrNull(summary.mean),
			sd: roundOrNull(summary.sd),
			min: roundOrNull(summary.min),
			q1: roundOrNull(summary.q1),
			median: roundOrNull(summary.median),
			q3: roundOrNull(summary.q3),
			max: roundOrNull(summary.max),
			assigned: judgeAssigned[number]!,
			calibration: summary.count > 0 ? calibration.judges[number]!.method : null
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
			judges: byJudge.filter((scores) => scores.length > 0).length
		},
		disagreementThreshold: threshold,
		overall: {
			reviews: calibration.overall.reviews,
			mean: roundOrNull(calibration.overall.mean),
			sd: roundOrNull(calibration.overall.sd)
		}
	};
}
