import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../../db';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	rubricCriteria,
	rubrics,
	scores,
	teams,
	tracks,
	type Round,
	type RoundState
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { decodeCursor, encodeCursor } from '../listing';
import { activeEntry } from './shared';

/** Reading rounds: the challenge's rounds, one round in detail, and a round's entries by page. */

export const ROUND_ENTRIES_PAGE_SIZE = 50;

export type RoundSummary = Round & {
	rubricName: string;
	rubricVersion: number;
	entries: number;
};

export async function listRounds(db: Executor, challengeId: string): Promise<RoundSummary[]> {
	const entryCounts = db
		.select({ roundId: roundEntries.roundId, total: count().as('total') })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(activeEntry)
		.groupBy(roundEntries.roundId)
		.as('entry_counts');
	const rows = await db
		.select({
			round: rounds,
			rubricName: rubrics.name,
			rubricVersion: rubrics.version,
			entries: sql<number>`coalesce(${entryCounts.total}, 0)::int`
		})
		.from(rounds)
		.innerJoin(rubrics, eq(rubrics.id, rounds.rubricId))
		.leftJoin(entryCounts, eq(entryCounts.roundId, rounds.id))
		.where(eq(rounds.challengeId, challengeId))
		.orderBy(asc(rounds.position));
	return rows.map((row) => ({
		...row.round,
		rubricName: row.rubricName,
		rubricVersion: row.rubricVersion,
		entries: Number(row.entries)
	}));
}

export type RoundDetail = RoundSummary & {
	rubricCriteria: number;
	rubricLocked: boolean;
	next: { id: string; name: string; state: RoundState } | null;
};

export async function getRound(
	db: Executor,
	challengeId: string,
	roundId: string
): Promise<RoundDetail | null> {
	const all = await listRounds(db, challengeId);
	const round = all.find((candidate) => candidate.id === roundId);
	if (!round) return null;
	const [[rubric], [criteria]] = await Promise.all([
		db.select({ lockedAt: rubrics.lockedAt }).from(rubrics).where(eq(rubrics.id, round.rubricId)),
		db
			.select({ total: count() })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, round.rubricId))
	]);
	const next = all.find((candidate) => candidate.position === round.position + 1);
	return {
		...round,
		rubricCriteria: criteria.total,
		rubricLocked: Boolean(rubric?.lockedAt),
		next: next ? { id: next.id, name: next.name, state: next.state } : null
	};
}

export type RoundEntryRow = {
	entryId: string;
	label: number;
	title: string;
	teamName: string;
	trackName: LocalizedText | null;
	/** In the next round already. */
	advanced: boolean;
	assigned: number;
	submittedScores: number;
	/** Mean weighted total of the submitted scores, hundredths on 0–100; null without any. */
	meanHundredths: number | null;
};

const isLabelCursor = (value: unknown): value is [number] =>
	Array.isArray(value) && value.length === 1 && Number.isInteger(value[0]);

/**
 * One page of a round's active entries by label, with the summary of their scores in this
 * round (assignments, submitted score sheets, mean weighted total), in a single query.
 */
export async function listRoundEntries(
	db: Executor,
	roundId: string,
	options: { after?: string; pageSize?: number; nextRoundId?: string | null } = {}
): Promise<{ entries: RoundEntryRow[]; nextAfter?: string }> {
	const pageSize = options.pageSize ?? ROUND_ENTRIES_PAGE_SIZE;
	let after: number | null = null;
	if (options.after) {
		const cursor = decodeCursor(options.after, isLabelCursor);
		if (!cursor) throw new ServiceError(400, m.judging_error_page(), 'after');
		after = cursor[0];
	}
	const summary = db
		.select({
			entryId: assignments.entryId,
			assigned: sql<number>`count(*)::int`.as('assigned'),
			submitted: sql<number>`(count(*) filter (where ${scores.status} = 'submitted'))::int`.as(
				'submitted'
			),
			mean: sql<
				string | null
			>`avg(${scores.totalHundredths}) filter (where ${scores.status} = 'submitted')`.as('mean')
		})
		.from(assignments)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(and(eq(assignments.roundId, roundId), isNull(assignments.suspendedAt)))
		.groupBy(assignments.entryId)
		.as('score_summary');
	const nextRoundId = options.nextRoundId ?? null;
	const rows = await db
		.select({
			entryId: roundEntries.entryId,
			label: roundEntries.label,
			title: entries.title,
			teamName: teams.name,
			trackName: tracks.name,
			advanced: nextRoundId
				? sql<boolean>`exists (select 1 from ${roundEntries} as next_round where next_round.round_id = ${nextRoundId} and next_round.entry_id = ${roundEntries.entryId})`
				: sql<boolean>`false`,
			assigned: sql<number>`coalesce(${summary.assigned}, 0)::int`,
			submitted: sql<number>`coalesce(${summary.submitted}, 0)::int`,
			mean: summary.mean
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.leftJoin(summary, eq(summary.entryId, roundEntries.entryId))
		.where(
			and(
				eq(roundEntries.roundId, roundId),
				activeEntry,
				after === null ? undefined : gt(roundEntries.label, after)
			)
		)
		.orderBy(asc(roundEntries.label))
		.limit(pageSize + 1);
	const page = rows.slice(0, pageSize);
	const last = page.at(-1);
	return {
		entries: page.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			teamName: row.teamName,
			trackName: row.trackName,
			advanced: Boolean(row.advanced),
			assigned: Number(row.assigned),
			submittedScores: Number(row.submitted),
			meanHundredths: row.mean === null ? null : Math.round(Number(row.mean))
		})),
		nextAfter: rows.length > pageSize && last ? encodeCursor([last.label]) : undefined
	};
}
