import { and, asc, eq, isNull, max, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { toCsv, type CsvCell } from '$lib/domain/csv';
import { asScoreBasis, type ScoreBasis } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import type { CsvFile } from '../csv-response';
import type { Executor } from '../db';
import {
	assignments,
	entries,
	entryDecisions,
	publishedResults,
	resultPublications,
	roundEntries,
	rounds,
	rubricCriteria,
	scoreItems,
	scores,
	teams,
	tracks,
	users
} from '../db/schema';
import { getLeaderboard, type LeaderboardRow } from './leaderboard';

/**
 * The organizers' CSV files of the results: the leaderboard of a round, every review of a round
 * (named, or anonymized for sharing) and every decision of the challenge. Text cells are safe from
 * formula injection (toCsv); scores are plain numbers with two decimals. Each file is made with
 * a constant number of queries.
 */

export type { CsvFile };

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : '');
const day = (at: Date) => at.toISOString().slice(0, 10);

const rankOf = (row: LeaderboardRow, basis: ScoreBasis) =>
	basis === 'raw' ? row.rankRaw : row.rankAdjusted;
const trackRankOf = (row: LeaderboardRow, basis: ScoreBasis) =>
	basis === 'raw' ? row.trackRankRaw : row.trackRankAdjusted;

/** The name of a score, as exports and pages write it. */
export const basisWords = (basis: ScoreBasis): string =>
	basis === 'raw' ? m.results_basis_raw_lower() : m.results_basis_adjusted_lower();

/**
 * "adjusted score (chosen by Mina Park on 2026-09-21)": a round's deciding score with who chose
 * it, as every export states it ("(the default)" while nobody chose).
 */
export function decidingScoreText(round: {
	scoreBasis: ScoreBasis;
	scoreBasisChosenBy: string | null;
	scoreBasisChosenAt: Date | null;
}): string {
	const basis = basisWords(round.scoreBasis);
	if (!round.scoreBasisChosenAt) return m.results_deciding_default({ basis });
	return m.results_deciding_chosen({
		basis,
		name: round.scoreBasisChosenBy ?? m.results_someone(),
		date: day(round.scoreBasisChosenAt)
	});
}
const byRank = (a: number | null, b: number | null) =>
	a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;

export const LEADERBOARD_COLUMNS = [
	'rank',
	'trackRank',
	'label',
	'title',
	'team',
	'track',
	'reviews',
	'assigned',
	'rawMean',
	'adjusted',
	'adjustedLow',
	'adjustedHigh',
	'median',
	'stdDev',
	'range',
	'rankRaw',
	'rankAdjusted',
	'group',
	'flags',
	'decision',
	'decisionNote',
	'rankedBy'
] as const;

/**
 * A round's leaderboard, ranked by the given score, or by the round's deciding score when none is
 * given (the other score is in its own column). `adjustedLow`–`adjustedHigh` is the adjusted
 * score's interval; adjusted scores are never clamped, so they may lie outside 0–100. `group`
 * numbers the groups of judges and entries linked by reviews (1 = the largest): scores of
 * different groups cannot be compared. Every row's `rankedBy` says which score ranked the file
 * and which one decides the round, chosen by whom and when.
 */
export async function leaderboardCsv(
	db: Executor,
	challengeId: string,
	roundId: string,
	requested: ScoreBasis | null,
	at: Date
): Promise<CsvFile | null> {
	const board = await getLeaderboard(db, challengeId, roundId);
	if (!board) return null;
	const basis = requested ?? board.round.scoreBasis;
	const deciding = decidingScoreText(board.round);
	const rankedBy =
		basis === board.round.scoreBasis
			? deciding
			: m.results_ranked_for_looking({ basis: basisWords(basis), deciding });
	const rows = [...board.rows].sort(
		(a, b) => byRank(rankOf(a, basis), rankOf(b, basis)) || a.label - b.label
	);
	const records: CsvCell[][] = rows.map((row) => [
		rankOf(row, basis),
		trackRankOf(row, basis),
		row.label,
		row.title,
		row.teamName,
		row.trackSlug ?? '',
		row.reviews,
		row.assigned,
		row.rawMean,
		row.adjusted,
		row.interval?.low ?? null,
		row.interval?.high ?? null,
		row.median,
		row.stdDev,
		row.range,
		row.rankRaw,
		row.rankAdjusted,
		row.group === null ? null : row.group + 1,
		row.flags.join(';'),
		row.decision ?? '',
		row.decisionNote,
		rankedBy
	]);
	return {
		csv: toCsv(LEADERBOARD_COLUMNS, records),
		filename: `leaderboard-round-${board.round.position}-${basis}-${day(at)}.csv`
	};
}

export type ReviewsMode = 'anonymized' | 'named';

/**
 * Every submitted review of a round, one row per score sheet, with each criterion's value.
 * Named: entry title, team, judge name and email, the texts and the private note. Anonymized,
 * for sharing beyond the organizers: the entry by its label only and the judge as "Judge 1…n"
 * (numbered in an order that says nothing about who), no free text (a comment can name people)
 * and no times.
 */
export async function reviewsCsv(
	db: Executor,
	challengeId: string,
	roundId: string,
	mode: ReviewsMode,
	at: Date
): Promise<CsvFile | null> {
	const [round] = await db
		.select({
			id: rounds.id,
			name: rounds.name,
			position: rounds.position,
			rubricId: rounds.rubricId
		})
		.from(rounds)
		.where(and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId)))
		.limit(1);
	if (!round) return null;
	const [criteria, reviews, items] = await Promise.all([
		db
			.select({ id: rubricCriteria.id, name: rubricCriteria.name })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, round.rubricId))
			.orderBy(asc(rubricCriteria.position)),
		submittedReviews(db, round.id),
		submittedValues(db, round.id)
	]);
	const values = new Map(
		items.map((item) => [`${item.assignmentId}|${item.criterionId}`, item.value])
	);
	const criterionValues = (assignmentId: string) =>
		criteria.map((criterion) => values.get(`${assignmentId}|${criterion.id}`) ?? null);
	const criterionColumns = criteria.map((criterion, index) => `${index + 1}. ${criterion.name}`);
	const total = (hundredths: number | null) => (hundredths === null ? null : hundredths / 100);

	if (mode === 'named') {
		const header = [
			'round',
			'label',
			'title',
			'team',
			'track',
			'judge',
			'judgeEmail',
			'submittedAt',
			'total',
			...criterionColumns,
			'overallComment',
			'feedback',
			'privateNote'
		];
		const records: CsvCell[][] = reviews.map((review) => [
			round.name,
			review.label,
			review.title,
			review.teamName,
			review.trackSlug ?? '',
			review.judgeName,
			review.judgeEmail,
			iso(review.submittedAt),
			total(review.total),
			...criterionValues(review.assignmentId),
			review.overallComment,
			review.feedback,
			review.privateNote
		]);
		return {
			csv: toCsv(header, records),
			filename: `reviews-round-${round.position}-named-${day(at)}.csv`
		};
	}

	// Judges numbered by their id (random, so the number says nothing about who).
	const numbers = new Map(
		[...new Set(reviews.map((review) => review.judgeId))]
			.sort()
			.map((judgeId, index) => [judgeId, index + 1])
	);
	const header = ['round', 'label', 'track', 'judge', 'total', ...criterionColumns];
	const records: CsvCell[][] = reviews
		.map((review) => ({ review, number: numbers.get(review.judgeId)! }))
		.sort((a, b) => a.review.label - b.review.label || a.number - b.number)
		.map(({ review, number }) => [
			round.position,
			review.label,
			review.trackSlug ?? '',
			`Judge ${number}`,
			total(review.total),
			...criterionValues(review.assignmentId)
		]);
	return {
		csv: toCsv(header, records),
		filename: `reviews-round-${round.position}-anonymized-${day(at)}.csv`
	};
}

/** The round's submitted score sheets in competition, by label then judge. */
function submittedReviews(db: Executor, roundId: string) {
	return db
		.select({
			assignmentId: assignments.id,
			judgeId: assignments.judgeId,
			judgeName: users.name,
			judgeEmail: users.email,
			label: roundEntries.label,
			title: entries.title,
			teamName: teams.name,
			trackSlug: tracks.slug,
			total: scores.totalHundredths,
			submittedAt: scores.submittedAt,
			overallComment: scores.overallComment,
			feedback: scores.feedback,
			privateNote: scores.privateNote
		})
		.from(assignments)
		.innerJoin(scores, and(eq(scores.assignmentId, assignments.id), eq(scores.status, 'submitted')))
		.innerJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, assignments.roundId),
				eq(roundEntries.entryId, assignments.entryId)
			)
		)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.innerJoin(users, eq(users.id, assignments.judgeId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.where(
			and(
				eq(assignments.roundId, roundId),
				ne(entries.status, 'withdrawn'),
				// Reviews a conflict set aside are in no figure, so in no export either.
				isNull(assignments.suspendedAt)
			)
		)
		.orderBy(asc(roundEntries.label), asc(assignments.judgeId));
}

/** The criterion values of the round's submitted score sheets. */
function submittedValues(db: Executor, roundId: string) {
	return db
		.select({
			assignmentId: scoreItems.assignmentId,
			criterionId: scoreItems.criterionId,
			value: scoreItems.value
		})
		.from(scoreItems)
		.innerJoin(assignments, eq(assignments.id, scoreItems.assignmentId))
		.innerJoin(
			scores,
			and(eq(scores.assignmentId, scoreItems.assignmentId), eq(scores.status, 'submitted'))
		)
		.where(eq(assignments.roundId, roundId));
}

export const DECISIONS_COLUMNS = [
	'round',
	'roundPosition',
	'label',
	'title',
	'team',
	'track',
	'decision',
	'note',
	'decidedBy',
	'decidedAt',
	'publishedDecision',
	'rankedBy'
] as const;

/**
 * Every current decision of the challenge, by round then label, with the decision as last
 * published (empty when not published or never) and the score that decides its round.
 */
export async function decisionsCsv(db: Executor, challengeId: string, at: Date): Promise<CsvFile> {
	const latest = db
		.select({ version: max(resultPublications.version) })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId));
	const chooser = alias(users, 'chooser');
	const [rows, published] = await Promise.all([
		db
			.select({
				roundName: rounds.name,
				roundPosition: rounds.position,
				scoreBasis: rounds.scoreBasis,
				scoreBasisChosenAt: rounds.scoreBasisChosenAt,
				scoreBasisChosenBy: chooser.name,
				label: roundEntries.label,
				title: entries.title,
				teamName: teams.name,
				trackSlug: tracks.slug,
				entryId: entryDecisions.entryId,
				roundId: entryDecisions.roundId,
				decision: entryDecisions.decision,
				note: entryDecisions.note,
				decidedBy: users.name,
				decidedAt: entryDecisions.decidedAt
			})
			.from(entryDecisions)
			.innerJoin(rounds, eq(rounds.id, entryDecisions.roundId))
			.innerJoin(
				roundEntries,
				and(
					eq(roundEntries.roundId, entryDecisions.roundId),
					eq(roundEntries.entryId, entryDecisions.entryId)
				)
			)
			.innerJoin(entries, eq(entries.id, entryDecisions.entryId))
			.innerJoin(teams, eq(teams.id, entries.teamId))
			.leftJoin(tracks, eq(tracks.id, entries.trackId))
			.leftJoin(users, eq(users.id, entryDecisions.decidedBy))
			.leftJoin(chooser, eq(chooser.id, rounds.scoreBasisChosenBy))
			.where(eq(rounds.challengeId, challengeId))
			.orderBy(asc(rounds.position), asc(roundEntries.label)),
		db
			.select({
				entryId: publishedResults.entryId,
				roundId: publishedResults.roundId,
				decision: publishedResults.decision
			})
			.from(publishedResults)
			.innerJoin(resultPublications, eq(resultPublications.id, publishedResults.publicationId))
			.where(
				and(
					eq(resultPublications.challengeId, challengeId),
					eq(resultPublications.version, sql`(${latest})`)
				)
			)
	]);
	const publishedOf = new Map(
		published.map((row) => [`${row.roundId}|${row.entryId}`, row.decision])
	);
	const records: CsvCell[][] = rows.map((row) => [
		row.roundName,
		row.roundPosition,
		row.label,
		row.title,
		row.teamName,
		row.trackSlug ?? '',
		row.decision,
		row.note,
		row.decidedBy ?? '',
		iso(row.decidedAt),
		publishedOf.get(`${row.roundId}|${row.entryId}`) ?? '',
		decidingScoreText({
			scoreBasis: asScoreBasis(row.scoreBasis),
			scoreBasisChosenBy: row.scoreBasisChosenBy,
			scoreBasisChosenAt: row.scoreBasisChosenAt
		})
	]);
	return { csv: toCsv(DECISIONS_COLUMNS, records), filename: `decisions-${day(at)}.csv` };
}
