import {
	fitJudgeEffects,
	INTERVAL_LEVEL,
	qualityInterval,
	type Review
} from '$lib/domain/judge-effects';
import type { LocalizedText } from '$lib/domain/localized-text';
import { roundConnectivity } from '$lib/domain/round-connectivity';
import { type ScoreBasis } from '$lib/domain/score-basis';
import {
	alphaFromSums,
	competitionRanks,
	DEFAULT_DISAGREEMENT_THRESHOLD,
	hasDisagreement,
	krippendorffAlpha,
	mean,
	populationSd,
	roundOrNull,
	roundTo,
	summarize,
	type AlphaSums
} from '$lib/domain/score-statistics';
import type { RoundState } from './round';

/** An organizer's decision on an entry (the database's decision_kind). */
export type Decision = 'advance' | 'shortlist' | 'not_selected';

/**
 * The organizers' leaderboard of a round: every active entry with the mean, median and spread of
 * its submitted reviews, its adjusted score (harsh and lenient judges taken out by the
 * judge-effect model fitted over the whole round, with its interval), ranks (raw and adjusted, in
 * the round and in its track), flags for discussion and the decision taken; the judges'
 * calibration (each judge's offset), the round's connectivity (which groups of judges and
 * entries can be compared at all), each criterion's distribution and the judges' agreement.
 *
 * Rules:
 * - Only submitted score sheets count; drafts count nowhere (not even as "reviews").
 * - Withdrawn entries are left out entirely (rows, calibration, agreement, distributions), like
 *   everywhere else in judging: a withdrawn entry is not in competition, and its reviews would
 *   only blur the judges' calibration of the entries that are.
 * - A review's score is its stored weighted total (computed with weightedTotal when submitted).
 * - The adjusted score is fitJudgeEffects' quality with its defaults (chosen by the simulation
 *   suite): never clamped, so it may lie outside 0–100 (the page says so); never a tie made by
 *   a clamp.
 * - Scores (0–100) are rounded to 2 decimals, alpha to 3; ranks compare the rounded values.
 * - The round decides by its stored score (raw or adjusted); rows are sorted by it.
 * - Flags: `disagreement` — reviews at least `disagreementThreshold` points apart (max − min);
 *   `few_reviews` — fewer submitted reviews than the round's judges per entry; `conflict` — an
 *   assignment of the entry is suspended because its judge has a confirmed conflict with it (or
 *   is on its team): that review counts nowhere (the tallies leave it out) until the conflict is
 *   dismissed, so the entry usually needs another judge.
 *   `flagged` is true when any flag is raised.
 * A constant number of queries whatever the size of the round (never one per entry); the model
 * is fitted once, in computeLeaderboard, which is pure.
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
	/** The adjusted score, 2 decimals, on the 0–100 scale but NOT clamped; null without a review. */
	adjusted: number | null;
	/** Its INTERVAL_LEVEL interval, 2 decimals; null when the model gives none. */
	interval: { low: number; high: number } | null;
	/** Population standard deviation and max − min of the reviews; null with fewer than two. */
	stdDev: number | null;
	range: number | null;
	/** Competition ranks (1, 2, 2, 4) within the whole round. */
	rankRaw: number | null;
	rankAdjusted: number | null;
	/** Within the entry's track; null when the entry has no track. */
	trackRankRaw: number | null;
	trackRankAdjusted: number | null;
	/** Its group of judges and entries (index in `connectivity.groups`); null without a review. */
	group: number | null;
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
	/**
	 * Points the judge gives above (positive) or below what the entries warrant, as the model
	 * measured it on entries shared with other judges (shrunk towards 0 for a judge with few
	 * reviews); null without a review.
	 */
	offset: number | null;
	/** The judge's spread against the others (1: the same); null unless the model fitted spreads. */
	scale: number | null;
	/** The judge's group (index in `connectivity.groups`); null without a review. */
	group: number | null;
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

/** A track as the connectivity names it; all null for entries without a track. */
export type TrackRef = { id: string | null; slug: string | null; name: LocalizedText | null };

/** Which judges and entries can be compared at all (see round-connectivity.ts). */
export type LeaderboardConnectivity = {
	/** Groups linked by reviews, largest first. */
	groups: { judges: string[]; entries: number; tracks: TrackRef[] }[];
	/** Every reviewed track and the groups (indexes) holding its entries. */
	tracks: { track: TrackRef; groups: number[] }[];
	/** Per pair of reviewed tracks, the judges who reviewed entries in both. */
	links: { a: TrackRef; b: TrackRef; judges: number }[];
	/** At most one group: every score compares with every other. */
	connected: boolean;
};

export type LeaderboardRound = {
	id: string;
	name: string;
	position: number;
	state: RoundState;
	blind: boolean;
	judgesPerEntry: number;
	/** The score that sorts and decides this round. */
	scoreBasis: ScoreBasis;
	/** Who chose it and when; null while it is the default nobody changed. */
	scoreBasisChosenBy: string | null;
	scoreBasisChosenAt: Date | null;
};

export type Leaderboard = {
	round: LeaderboardRound;
	/** Sorted by the round's deciding rank, then the other rank, then label (unranked last). */
	rows: LeaderboardRow[];
	/** Every judge with an assignment in the round, by name. */
	judges: JudgeCalibration[];
	/** The round rubric's criteria, in order. */
	criteria: CriterionDistribution[];
	/** Krippendorff's alpha (interval) on review totals: units = entries, coders = judges. */
	agreement: { alpha: number | null; entriesWithTwoOrMoreReviews: number; judges: number };
	disagreementThreshold: number;
	connectivity: LeaderboardConnectivity;
	/** Whether the model fitted a spread per judge (then `scale` is set). */
	scaleFitted: boolean;
	/** The level of `interval` (0.9: a 90 % interval). */
	intervalLevel: number;
	/** Every submitted review: how many, their mean and population sd. */
	overall: { reviews: number; mean: number | null; sd: number | null };
};

/** What the computation needs, as the queries return it (exported for the benchmark). */
export type LeaderboardData = {
	round: LeaderboardRound;
	/** The challenge's tracks, in their order. */
	tracks: { id: string; slug: string; name: LocalizedText }[];
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

const byNullableRank = (a: number | null, b: number | null) =>
	a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;

const roundedInterval = (interval: { low: number; high: number } | null) =>
	interval && { low: roundTo(interval.low), high: roundTo(interval.high) };

/** The pure part of the leaderboard: the model, statistics, ranks, flags and distributions. */
export function computeLeaderboard(
	data: LeaderboardData,
	options: { disagreementThreshold?: number } = {}
): Leaderboard {
	const threshold = options.disagreementThreshold ?? DEFAULT_DISAGREEMENT_THRESHOLD;
	const { reviews, judgeAssigned, byJudge, rawByEntry } = submittedReviews(data);
	// Once per call, over the whole round: the defaults the simulation suite chose.
	const fit = fitJudgeEffects(reviews);
	const connectivity = roundConnectivity({
		components: fit.components,
		reviews,
		trackOf: new Map(data.entries.map((entry) => [entry.entryId, entry.trackId])),
		trackOrder: data.tracks.map((track) => track.id)
	});

	const rows = entryRows(data, rawByEntry, fit, connectivity, threshold);
	rankRows(rows, data.round.scoreBasis);
	const judges = judgeCalibrations(data, byJudge, judgeAssigned, fit, connectivity);
	const criteria = criterionDistributions(data);

	const alpha = krippendorffAlpha(rawByEntry);
	// Mean and spread only (no quartiles: sorting every review would be wasted work).
	const everyScore = reviews.map((review) => review.score);

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
		connectivity: namedConnectivity(data, connectivity),
		scaleFitted: fit.scaleFitted,
		intervalLevel: INTERVAL_LEVEL,
		overall: {
			reviews: everyScore.length,
			mean: roundOrNull(mean(everyScore)),
			sd: everyScore.length >= 2 ? roundOrNull(populationSd(everyScore)) : null
		}
	};
}

type JudgeEffectsFit = ReturnType<typeof fitJudgeEffects>;
type RoundConnectivity = ReturnType<typeof roundConnectivity>;

/** Submitted reviews, as the model reads them, and per entry and per judge. */
function submittedReviews(data: LeaderboardData) {
	const judgeCount = data.judges.length;
	const reviews: Review[] = [];
	const judgeAssigned = new Int32Array(judgeCount);
	const byJudge: number[][] = Array.from({ length: judgeCount }, () => []);
	const rawByEntry: number[][] = [];
	for (const entry of data.entries) {
		const scores: number[] = [];
		entry.judges.forEach((judge, slot) => {
			judgeAssigned[judge] += 1;
			const total = entry.totals[slot];
			if (total === null || total === undefined) return;
			const score = total / 100;
			reviews.push({ judgeId: data.judges[judge]!.judgeId, entryId: entry.entryId, score });
			byJudge[judge]!.push(score);
			scores.push(score);
		});
		rawByEntry.push(scores);
	}
	return { reviews, judgeAssigned, byJudge, rawByEntry };
}

/** One row per entry, unranked (rankRows fills the ranks). */
function entryRows(
	data: LeaderboardData,
	rawByEntry: number[][],
	fit: JudgeEffectsFit,
	connectivity: RoundConnectivity,
	threshold: number
): LeaderboardRow[] {
	// Entries with a suspended assignment (its judge is no longer among the entry's judges).
	const conflicted = new Set(data.conflicts.map((pair) => pair.entryId));
	const decisions = new Map(data.decisions.map((row) => [row.entryId, row]));
	return data.entries.map((entry, index) => {
		const scores = rawByEntry[index]!;
		const summary = summarize(scores);
		const quality = scores.length > 0 ? fit.quality.get(entry.entryId) : undefined;
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
			adjusted: quality === undefined ? null : roundTo(quality),
			interval: quality === undefined ? null : roundedInterval(qualityInterval(fit, entry.entryId)),
			stdDev: roundOrNull(summary.sd),
			range: roundOrNull(summary.range),
			rankRaw: null,
			rankAdjusted: null,
			trackRankRaw: null,
			trackRankAdjusted: null,
			group: connectivity.groupOf.get(entry.entryId) ?? null,
			flagged: flags.length > 0,
			flags,
			decision: decision?.decision ?? null,
			decisionNote: decision?.note ?? ''
		};
	});
}

/** Ranks in the round and in each track, then the order the round decides by (in place). */
function rankRows(rows: LeaderboardRow[], scoreBasis: ScoreBasis): void {
	const rawRanks = competitionRanks(rows.map((row) => row.rawMean));
	const adjustedRanks = competitionRanks(rows.map((row) => row.adjusted));
	const byTrack = new Map<string, LeaderboardRow[]>();
	rows.forEach((row, index) => {
		row.rankRaw = rawRanks[index]!;
		row.rankAdjusted = adjustedRanks[index]!;
		if (row.trackId === null) return;
		const list = byTrack.get(row.trackId);
		if (list) list.push(row);
		else byTrack.set(row.trackId, [row]);
	});
	for (const list of byTrack.values()) {
		const trackRaw = competitionRanks(list.map((row) => row.rawMean));
		const trackAdjusted = competitionRanks(list.map((row) => row.adjusted));
		list.forEach((row, index) => {
			row.trackRankRaw = trackRaw[index]!;
			row.trackRankAdjusted = trackAdjusted[index]!;
		});
	}
	const raw = scoreBasis === 'raw';
	rows.sort(
		(a, b) =>
			byNullableRank(raw ? a.rankRaw : a.rankAdjusted, raw ? b.rankRaw : b.rankAdjusted) ||
			byNullableRank(raw ? a.rankAdjusted : a.rankRaw, raw ? b.rankAdjusted : b.rankRaw) ||
			a.label - b.label
	);
}

function judgeCalibrations(
	data: LeaderboardData,
	byJudge: number[][],
	judgeAssigned: Int32Array,
	fit: JudgeEffectsFit,
	connectivity: RoundConnectivity
): JudgeCalibration[] {
	const scaleOf = (judgeId: string) => (fit.scaleFitted ? (fit.scale.get(judgeId) ?? null) : null);
	const judges: JudgeCalibration[] = data.judges.map((judge, number) => {
		const summary = summarize(byJudge[number]!);
		const reviewed = summary.count > 0;
		const offset = reviewed ? fit.offset.get(judge.judgeId) : undefined;
		const scale = reviewed ? scaleOf(judge.judgeId) : null;
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
			offset: offset === undefined ? null : roundTo(offset),
			scale: scale === null ? null : roundTo(scale, 3),
			group: null
		};
	});
	const judgeByIds = new Map(judges.map((judge) => [judge.judgeId, judge]));
	connectivity.groups.forEach((group, index) => {
		for (const judgeId of group.judges) {
			const judge = judgeByIds.get(judgeId);
			if (judge) judge.group = index;
		}
	});
	judges.sort(
		(a, b) => a.judgeName.localeCompare(b.judgeName) || a.judgeId.localeCompare(b.judgeId)
	);
	return judges;
}

function criterionDistributions(data: LeaderboardData): CriterionDistribution[] {
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
	return criteria;
}

/** The connectivity with ids replaced by what the page shows: judges' names, tracks' names. */
function namedConnectivity(
	data: LeaderboardData,
	connectivity: RoundConnectivity
): LeaderboardConnectivity {
	// Entries without a track are the track "null".
	const trackById = new Map(data.tracks.map((track) => [track.id, track]));
	const trackRef = (id: string | null): TrackRef => {
		const track = id === null ? undefined : trackById.get(id);
		return track
			? { id: track.id, slug: track.slug, name: track.name }
			: { id: null, slug: null, name: null };
	};
	const nameOf = new Map(data.judges.map((judge) => [judge.judgeId, judge.name]));
	return {
		groups: connectivity.groups.map((group) => ({
			judges: group.judges
				.map((judgeId) => nameOf.get(judgeId) ?? '')
				.sort((a, b) => a.localeCompare(b)),
			entries: group.entries.length,
			tracks: group.tracks.map(trackRef)
		})),
		tracks: connectivity.tracks.map((track) => ({
			track: trackRef(track.track),
			groups: track.groups
		})),
		links: connectivity.links.map((link) => ({
			a: trackRef(link.a),
			b: trackRef(link.b),
			judges: link.judges
		})),
		connected: connectivity.connected
	};
}
