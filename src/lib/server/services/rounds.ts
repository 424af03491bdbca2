import { availableTransitions, canReleaseFeedback } from '$lib/domain/round';
import { and, asc, count, eq, gt, inArray, isNull, max, ne, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import type { RoundSettingsInput, RoundTransition } from '$lib/schemas/judging';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor, Transaction } from '../db';
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
} from '../db/schema';
import { ServiceError } from '../errors';
import { mailJudgesOfOpenedRound } from './judge-notices';
import { decodeCursor, encodeCursor } from './listing';
import type { Actor } from '../request';

/**
 * Judging rounds: draft → open → closed → decided (a closed round may be reopened while its
 * window lasts). Entries join round 1 when submitted (and when round 1 is created or opened,
 * every entry submitted so far and in no round yet); organizers advance entries to the next
 * round. Each entry gets
 * a stable per-round label (1, 2, 3…) that blind rounds show instead of the team.
 */

export const ROUND_ENTRIES_PAGE_SIZE = 50;

/** Entries that take part (withdrawn ones keep their row but are never listed as active). */
const activeEntry = ne(entries.status, 'withdrawn');

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

async function lockRound(tx: Executor, challengeId: string | null, roundId: string) {
	const [round] = await tx
		.select()
		.from(rounds)
		.where(
			challengeId
				? and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId))
				: eq(rounds.id, roundId)
		)
		.for('update')
		.limit(1);
	if (!round) throw new ServiceError(404, m.judging_error_round_missing());
	return round;
}

async function requireRubricOf(tx: Executor, challengeId: string, rubricId: string) {
	const [rubric] = await tx
		.select({ id: rubrics.id })
		.from(rubrics)
		.where(and(eq(rubrics.id, rubricId), eq(rubrics.challengeId, challengeId)))
		.limit(1);
	if (!rubric) throw new ServiceError(400, m.judging_error_rubric_choice(), 'rubricId');
}

/**
 * Not yet in any round of the challenge: the entries round 1 takes in. An entry that came
 * through round 1 is in it already; one judged in another round without coming through round 1
 * (the demo showcase's, decided before the portal was installed) has had its round and is not
 * judged again.
 */
const inNoRoundOfChallenge = (challengeId: string) =>
	sql`not exists (select 1 from ${roundEntries} inner join ${rounds} on ${rounds.id} = ${roundEntries.roundId} where ${rounds.challengeId} = ${challengeId} and ${roundEntries.entryId} = ${entries.id})`;

/**
 * Every submitted entry of the challenge in none of its rounds joins this one, labelled after
 * the round's highest label in the order they were submitted. The round row must be locked.
 */
async function addSubmittedEntries(tx: Executor, round: Round): Promise<number> {
	const [{ highest }] = await tx
		.select({ highest: max(roundEntries.label) })
		.from(roundEntries)
		.where(eq(roundEntries.roundId, round.id));
	const base = highest ?? 0;
	const added = await tx
		.insert(roundEntries)
		.select(
			tx
				.select({
					roundId: sql<string>`${round.id}::uuid`.as('round_id'),
					entryId: entries.id,
					label:
						sql<number>`(${base} + row_number() over (order by ${entries.submittedAt}, ${entries.id}))::int`.as(
							'label'
						),
					addedBy: sql<string | null>`null::uuid`.as('added_by'),
					addedAt: sql<Date>`${now().toISOString()}::timestamptz`.as('added_at'),
					// The newest submitted version, set by the frozen-version trigger on insert.
					versionNumber: sql<number | null>`null::integer`.as('version_number'),
					// Kept by the review-tally triggers; empty until the first assignment.
					assignedJudges: sql<string[]>`'{}'::uuid[]`.as('assigned_judges'),
					reviewTotals: sql<number[]>`'{}'::integer[]`.as('review_totals')
				})
				.from(entries)
				.where(
					and(
						eq(entries.challengeId, round.challengeId),
						eq(entries.status, 'submitted'),
						inNoRoundOfChallenge(round.challengeId)
					)
				)
		)
		.onConflictDoNothing()
		.returning({ entryId: roundEntries.entryId });
	return added.length;
}

/**
 * Called when an entry is submitted (inside that transaction): the entry joins round 1 while
 * round 1 is a draft or open, unless it is in a round of the challenge already. Idempotent (a
 * resubmission changes nothing).
 */
export async function addSubmittedEntryToFirstRound(tx: Executor, entryId: string): Promise<void> {
	const [entry] = await tx
		.select({ challengeId: entries.challengeId })
		.from(entries)
		.where(eq(entries.id, entryId))
		.limit(1);
	if (!entry) return;
	const [round] = await tx
		.select()
		.from(rounds)
		.where(and(eq(rounds.challengeId, entry.challengeId), eq(rounds.position, 1)))
		.for('update')
		.limit(1);
	if (!round || (round.state !== 'draft' && round.state !== 'open')) return;
	const [existing] = await tx
		.select({ entryId: entries.id })
		.from(entries)
		.where(and(eq(entries.id, entryId), sql`not (${inNoRoundOfChallenge(round.challengeId)})`))
		.limit(1);
	if (existing) return;
	const [{ highest }] = await tx
		.select({ highest: max(roundEntries.label) })
		.from(roundEntries)
		.where(eq(roundEntries.roundId, round.id));
	await tx
		.insert(roundEntries)
		.values({ roundId: round.id, entryId, label: (highest ?? 0) + 1, addedAt: now() })
		.onConflictDoNothing();
}

export async function createRound(
	db: Database,
	actor: Actor,
	challengeId: string,
	input: RoundSettingsInput
): Promise<{ roundId: string }> {
	return db.transaction(async (tx) => {
		await requireRubricOf(tx, challengeId, input.rubricId);
		// Serializes positions: the challenge's rounds are locked while the next one is numbered.
		const existing = await tx
			.select({ position: rounds.position })
			.from(rounds)
			.where(eq(rounds.challengeId, challengeId))
			.for('update');
		const position = existing.reduce((highest, row) => Math.max(highest, row.position), 0) + 1;
		const at = now();
		const [round] = await tx
			.insert(rounds)
			.values({ ...input, challengeId, position, createdAt: at, updatedAt: at })
			.returning();
		const added = position === 1 ? await addSubmittedEntries(tx, round) : 0;
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'round.create',
			entityType: 'round',
			entityId: round.id,
			data: { name: input.name, position, entriesAdded: added },
			ipAddress: actor.ipAddress ?? null
		});
		return { roundId: round.id };
	});
}

const SETTINGS = [
	'name',
	'rubricId',
	'opensAt',
	'closesAt',
	'judgesPerEntry',
	'blind',
	'peerScores'
] as const;

const same = (a: unknown, b: unknown) =>
	a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** Settings of a round. The rubric can change only while the round is a draft; nothing once decided. */
export async function updateRound(
	db: Database,
	actor: Actor,
	challengeId: string,
	roundId: string,
	input: RoundSettingsInput
): Promise<{ fields: string[] }> {
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (round.state === 'decided')
			throw new ServiceError(409, m.judging_error_round_decided(), 'name');
		const fields = SETTINGS.filter((key) => !same(round[key], input[key]));
		if (fields.includes('rubricId')) {
			if (round.state !== 'draft')
				throw new ServiceError(409, m.judging_error_rubric_fixed(), 'rubricId');
			await requireRubricOf(tx, challengeId, input.rubricId);
		}
		if (fields.length === 0) return { fields };
		await tx
			.update(rounds)
			.set({ ...input, updatedAt: now() })
			.where(eq(rounds.id, round.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'round.update',
			entityType: 'round',
			entityId: round.id,
			data: { fields },
			ipAddress: actor.ipAddress ?? null
		});
		return { fields };
	});
}

/**
 * How many entries taking part in the round (not withdrawn) have no judge: no assignment, or
 * only assignments a conflict suspends. Nobody scores them while the round is open.
 */
export async function countEntriesWithoutJudge(db: Executor, roundId: string): Promise<number> {
	const [row] = await db
		.select({ total: count() })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(
			and(
				eq(roundEntries.roundId, roundId),
				activeEntry,
				sql`not exists (select 1 from ${assignments} where ${assignments.roundId} = ${roundEntries.roundId} and ${assignments.entryId} = ${roundEntries.entryId} and ${assignments.suspendedAt} is null)`
			)
		);
	return row?.total ?? 0;
}

export type TransitionOptions = {
	/**
	 * The organizer saw that entries have no judge and opens the round anyway. Without it,
	 * opening a round where some entry has no judge is refused (400, `confirmUnassigned`).
	 */
	confirmUnassigned?: boolean;
};

/**
 * Moves a round along draft → open → closed → decided (or closed → open again). Opening needs
 * a window that has not ended and a rubric with criteria; opening round 1 brings in every entry
 * submitted so far. Opening while entries have no judge needs `confirmUnassigned` (counted after
 * those entries joined, in the same transaction, so none opens unseen).
 */
export async function transitionRound(
	db: Database,
	actor: Actor,
	challengeId: string,
	roundId: string,
	transition: RoundTransition,
	options: TransitionOptions = {}
): Promise<{
	state: RoundState;
	entriesAdded: number;
	entriesWithoutJudge: number;
	judgesMailed: number;
}> {
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (!availableTransitions(round.state).includes(transition))
			throw new ServiceError(409, m.judging_error_transition(), 'transition');
		const at = now();
		let entriesAdded = 0;
		let entriesWithoutJudge = 0;
		let change: Partial<Round>;
		if (transition === 'open' || transition === 'reopen') {
			if (round.closesAt.getTime() <= at.getTime() || round.opensAt >= round.closesAt)
				throw new ServiceError(409, m.judging_error_window_over(), 'closesAt');
			const [{ total }] = await tx
				.select({ total: count() })
				.from(rubricCriteria)
				.where(eq(rubricCriteria.rubricId, round.rubricId));
			if (total === 0) throw new ServiceError(409, m.judging_error_rubric_empty(), 'rubricId');
			change = { state: 'open', openedAt: round.openedAt ?? at, closedAt: null };
			if (round.position === 1) entriesAdded = await addSubmittedEntries(tx, round);
			if (transition === 'open') {
				entriesWithoutJudge = await countEntriesWithoutJudge(tx, round.id);
				if (entriesWithoutJudge > 0 && !options.confirmUnassigned)
					throw new ServiceError(
						400,
						m.judging_error_open_unassigned({ count: entriesWithoutJudge }),
						'confirmUnassigned'
					);
			}
		} else if (transition === 'close') change = { state: 'closed', closedAt: at };
		else change = { state: 'decided', decidedAt: at };
		await tx
			.update(rounds)
			.set({ ...change, updatedAt: at })
			.where(eq(rounds.id, round.id));
		// The first opening tells each judge their entries; a reopening changes no one's work.
		const judgesMailed =
			transition === 'open' ? await mailJudgesOfOpenedRound(tx, actor, { roundId: round.id }) : 0;
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: `round.${transition}`,
			entityType: 'round',
			entityId: round.id,
			data: {
				from: round.state,
				to: change.state,
				entriesAdded,
				entriesWithoutJudge,
				judgesMailed
			},
			ipAddress: actor.ipAddress ?? null
		});
		return {
			state: change.state as RoundState,
			entriesAdded,
			entriesWithoutJudge,
			judgesMailed
		};
	});
}

async function setFeedback(
	db: Database,
	actor: Actor,
	challengeId: string,
	roundId: string,
	release: boolean
) {
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (release && !canReleaseFeedback(round.state))
			throw new ServiceError(409, m.judging_error_feedback_too_early(), 'release');
		if (release === (round.feedbackReleasedAt !== null)) return { changed: false };
		await tx
			.update(rounds)
			.set({ feedbackReleasedAt: release ? now() : null, updatedAt: now() })
			.where(eq(rounds.id, round.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: release ? 'round.release_feedback' : 'round.withdraw_feedback',
			entityType: 'round',
			entityId: round.id,
			ipAddress: actor.ipAddress ?? null
		});
		return { changed: true };
	});
}

/** Teams may read the judges' feedback of this round (once it is closed). */
export function releaseFeedback(db: Database, actor: Actor, challengeId: string, roundId: string) {
	return setFeedback(db, actor, challengeId, roundId, true);
}

export function withdrawFeedback(db: Database, actor: Actor, challengeId: string, roundId: string) {
	return setFeedback(db, actor, challengeId, roundId, false);
}

/**
 * Advances entries of a round to the next one (position + 1), in one transaction: each gets the
 * next label there, in the order of its label here. Entries already there are left as they are;
 * entries not in this round or withdrawn are refused.
 */
export async function advanceEntries(
	db: Database,
	actor: Actor,
	input: { fromRoundId: string; entryIds: string[]; challengeId?: string }
): Promise<{ toRoundId: string; added: number }> {
	const { fromRoundId, entryIds } = input;
	const { actorId } = actor;
	const options = { challengeId: input.challengeId, ipAddress: actor.ipAddress };
	const unique = [...new Set(entryIds)];
	if (unique.length === 0) throw new ServiceError(400, m.judging_error_select_entries(), 'entryId');
	return db.transaction(async (tx: Transaction) => {
		const from = await lockRound(tx, options.challengeId ?? null, fromRoundId);
		const [to] = await tx
			.select()
			.from(rounds)
			.where(and(eq(rounds.challengeId, from.challengeId), eq(rounds.position, from.position + 1)))
			.for('update')
			.limit(1);
		if (!to) throw new ServiceError(409, m.judging_error_no_next_round(), 'entryId');
		if (to.state === 'closed' || to.state === 'decided')
			throw new ServiceError(409, m.judging_error_next_round_closed(), 'entryId');
		const eligible = await tx
			.select({ entryId: roundEntries.entryId, label: roundEntries.label })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.where(
				and(eq(roundEntries.roundId, from.id), inArray(roundEntries.entryId, unique), activeEntry)
			)
			.orderBy(asc(roundEntries.label));
		if (eligible.length !== unique.length)
			throw new ServiceError(400, m.judging_error_entries_not_in_round(), 'entryId');
		const already = await tx
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, to.id), inArray(roundEntries.entryId, unique)));
		const present = new Set(already.map((row) => row.entryId));
		const moving = eligible.filter((row) => !present.has(row.entryId));
		if (moving.length > 0) {
			const [{ highest }] = await tx
				.select({ highest: max(roundEntries.label) })
				.from(roundEntries)
				.where(eq(roundEntries.roundId, to.id));
			const at = now();
			await tx.insert(roundEntries).values(
				moving.map((row, index) => ({
					roundId: to.id,
					entryId: row.entryId,
					label: (highest ?? 0) + index + 1,
					addedBy: actorId,
					addedAt: at
				}))
			);
		}
		await recordAudit(tx, {
			actorId,
			action: 'round.advance',
			entityType: 'round',
			entityId: to.id,
			data: { from: from.id, entries: moving.map((row) => row.entryId) },
			ipAddress: options.ipAddress ?? null
		});
		return { toRoundId: to.id, added: moving.length };
	});
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
