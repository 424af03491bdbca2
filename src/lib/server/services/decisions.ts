import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { asScoreBasis, type ScoreBasis } from '$lib/domain/score-basis';
import { uncertainCuts, type UncertainCut } from '$lib/domain/top-cut';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor, Transaction } from '../db';
import {
	auditLog,
	entries,
	entryDecisions,
	roundEntries,
	rounds,
	users,
	type Decision,
	type Round
} from '../db/schema';
import { ServiceError } from '../errors';
import { getLeaderboard } from './leaderboard';
import { advanceEntries } from './rounds';
import type { Actor } from '../request';

/**
 * Organizers' decisions on the entries of a round: advance (to the next round), shortlist (for
 * the public gallery) or not selected. Decisions are made once a round is closed (its scores no
 * longer move) and may be changed until, and after, the results are published: the publication
 * keeps its own frozen copy. Every change (and every override of an earlier decision) is in the
 * audit log with who made it, the previous and the new decision and the note saying why.
 */

export const DECISIONS = ['advance', 'shortlist', 'not_selected'] as const;
export const NOTE_MAX_LENGTH = 2000;
/** At most this many entries per track in one "top N" action. */
export const TOP_COUNT_MAX = 500;

export type { ScoreBasis } from '$lib/domain/score-basis';

/** Audit actions of decisions (the entity is the entry; data.roundId names the round). */
export const DECISION_ACTIONS = { set: 'decision.set', clear: 'decision.clear' } as const;
/** Audit action of a round's choice of deciding score (the entity is the round). */
export const SCORE_BASIS_ACTION = 'round.score_basis';

/** How a change was made, kept in the audit record. */
export type DecisionSource = 'entry' | 'selected' | 'top';

const DECIDABLE: Round['state'][] = ['closed', 'decided'];

async function lockDecidableRound(tx: Transaction, challengeId: string, roundId: string) {
	const [round] = await tx
		.select()
		.from(rounds)
		.where(and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId)))
		.for('update')
		.limit(1);
	if (!round) throw new ServiceError(404, m.results_error_round_missing(), 'round');
	if (!DECIDABLE.includes(round.state))
		throw new ServiceError(409, m.results_error_round_not_closed(), 'decision');
	return round;
}

function checkNote(note: string): string {
	const trimmed = note.trim();
	if ([...trimmed].length > NOTE_MAX_LENGTH)
		throw new ServiceError(400, m.results_error_note_length({ max: NOTE_MAX_LENGTH }), 'note');
	return trimmed;
}

/**
 * Writes one decision (or clears it) for each entry, inside the caller's transaction with the
 * round locked. Entries must take part in the round and not be withdrawn. Entries whose decision
 * and note are already those are left alone (no audit record for nothing).
 */
async function applyDecisions(
	tx: Transaction,
	actor: Actor,
	round: Round,
	entryIds: string[],
	decision: Decision | null,
	note: string,
	source: DecisionSource,
	extra: Record<string, unknown> = {}
): Promise<{ changed: string[] }> {
	const unique = [...new Set(entryIds)];
	if (unique.length === 0) throw new ServiceError(400, m.results_error_select_entries(), 'entryId');
	const members = await tx
		.select({ entryId: roundEntries.entryId, label: roundEntries.label, status: entries.status })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(and(eq(roundEntries.roundId, round.id), inArray(roundEntries.entryId, unique)));
	if (members.length !== unique.length)
		throw new ServiceError(400, m.results_error_entry_not_in_round(), 'entryId');
	if (members.some((member) => member.status === 'withdrawn'))
		throw new ServiceError(400, m.results_error_entry_withdrawn(), 'entryId');
	const labels = new Map(members.map((member) => [member.entryId, member.label]));

	const previous = await tx
		.select({
			entryId: entryDecisions.entryId,
			decision: entryDecisions.decision,
			note: entryDecisions.note
		})
		.from(entryDecisions)
		.where(and(eq(entryDecisions.roundId, round.id), inArray(entryDecisions.entryId, unique)))
		.for('update');
	const before = new Map(previous.map((row) => [row.entryId, row]));
	const changed = unique.filter((entryId) => {
		const old = before.get(entryId);
		if (decision === null) return old !== undefined;
		return !old || old.decision !== decision || old.note !== note;
	});
	if (changed.length === 0) return { changed };

	const at = now();
	if (decision === null)
		await tx
			.delete(entryDecisions)
			.where(and(eq(entryDecisions.roundId, round.id), inArray(entryDecisions.entryId, changed)));
	else
		await tx
			.insert(entryDecisions)
			.values(
				changed.map((entryId) => ({
					roundId: round.id,
					entryId,
					decision,
					note,
					decidedBy: actor.actorId,
					decidedAt: at
				}))
			)
			.onConflictDoUpdate({
				target: [entryDecisions.roundId, entryDecisions.entryId],
				set: {
					decision: sql`excluded.decision`,
					note: sql`excluded.note`,
					decidedBy: sql`excluded.decided_by`,
					decidedAt: sql`excluded.decided_at`
				}
			});
	for (const entryId of changed)
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: decision === null ? DECISION_ACTIONS.clear : DECISION_ACTIONS.set,
			entityType: 'entry',
			entityId: entryId,
			data: {
				roundId: round.id,
				round: round.name,
				label: labels.get(entryId) ?? null,
				from: before.get(entryId)?.decision ?? null,
				to: decision,
				note,
				via: source,
				...extra
			},
			ipAddress: actor.ipAddress ?? null
		});
	return { changed };
}

/** One entry's decision with an optional note; `null` clears it. */
export async function setDecision(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		roundId: string;
		entryId: string;
		decision: Decision | null;
		note?: string;
	}
): Promise<{ changed: boolean }> {
	const { challengeId, roundId, entryId, decision, note = '' } = input;
	const cleanNote = checkNote(note);
	return db.transaction(async (tx) => {
		const round = await lockDecidableRound(tx, challengeId, roundId);
		const { changed } = await applyDecisions(
			tx,
			actor,
			round,
			[entryId],
			decision,
			cleanNote,
			'entry'
		);
		return { changed: changed.length > 0 };
	});
}

/** The same decision (or none) for every checked entry, in one transaction. */
export async function setDecisions(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		roundId: string;
		entryIds: string[];
		decision: Decision | null;
		note?: string;
	}
): Promise<{ changed: number }> {
	const { challengeId, roundId, entryIds, decision, note = '' } = input;
	const cleanNote = checkNote(note);
	return db.transaction(async (tx) => {
		const round = await lockDecidableRound(tx, challengeId, roundId);
		const { changed } = await applyDecisions(
			tx,
			actor,
			round,
			entryIds,
			decision,
			cleanNote,
			'selected'
		);
		return { changed: changed.length };
	});
}

/**
 * The entries ranked within the top `count` of their track, by the given score: an entry ties
 * in when it shares the last rank (so "top 3" may give 4 entries with a tie for 3rd). Entries
 * without a score, or without a track, have no track rank and are never picked.
 */
export function topOfEachTrack(
	rows: { entryId: string; trackRankRaw: number | null; trackRankAdjusted: number | null }[],
	count: number,
	basis: ScoreBasis
): string[] {
	return rows
		.filter((row) => {
			const rank = basis === 'raw' ? row.trackRankRaw : row.trackRankAdjusted;
			return rank !== null && rank <= count;
		})
		.map((row) => row.entryId);
}

export type TopResult = {
	/** The round's deciding score, which ranked the entries. */
	basis: ScoreBasis;
	/** Lines that fall between overlapping intervals (see top-cut.ts). */
	uncertain: UncertainCut[];
	/** False when uncertain lines were found and not confirmed: nothing was changed. */
	applied: boolean;
	changed: number;
	picked: number;
};

/**
 * "Shortlist (or advance) the top N of each track" by the round's deciding score (raw or
 * adjusted, as the round stores it), as the leaderboard ranks them now. Other entries keep their
 * decisions. When a track's line falls between two entries whose intervals overlap, nothing is
 * changed unless `confirmUncertain` says the organizer saw those lines (a warning, not a
 * refusal). One transaction.
 */
export async function decideTopOfEachTrack(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		roundId: string;
		count: number;
		decision: 'advance' | 'shortlist';
		note?: string;
		confirmUncertain?: boolean;
	}
): Promise<TopResult> {
	const { challengeId, roundId } = input;
	if (!Number.isInteger(input.count) || input.count < 1 || input.count > TOP_COUNT_MAX)
		throw new ServiceError(400, m.results_error_top_count({ max: TOP_COUNT_MAX }), 'count');
	const cleanNote = checkNote(input.note ?? '');
	return db.transaction(async (tx) => {
		const round = await lockDecidableRound(tx, challengeId, roundId);
		const basis = asScoreBasis(round.scoreBasis);
		const board = await getLeaderboard(tx, challengeId, roundId);
		if (!board) throw new ServiceError(404, m.results_error_round_missing(), 'round');
		const picked = topOfEachTrack(board.rows, input.count, basis);
		if (picked.length === 0) throw new ServiceError(409, m.results_error_nothing_ranked(), 'count');
		const uncertain = uncertainCuts(
			board.rows.map((row) => ({
				entryId: row.entryId,
				label: row.label,
				trackId: row.trackId,
				trackRank: basis === 'raw' ? row.trackRankRaw : row.trackRankAdjusted,
				score: basis === 'raw' ? row.rawMean : row.adjusted,
				interval: row.interval
			})),
			input.count
		);
		if (uncertain.length > 0 && !input.confirmUncertain)
			return { basis, uncertain, applied: false, changed: 0, picked: picked.length };
		const { changed } = await applyDecisions(
			tx,
			actor,
			round,
			picked,
			input.decision,
			cleanNote,
			'top',
			{ basis, count: input.count, uncertainLines: uncertain.length }
		);
		return { basis, uncertain, applied: true, changed: changed.length, picked: picked.length };
	});
}

/**
 * Chooses the score that sorts and decides a round: its default sort, "top N of each track" and
 * publication use it. Allowed in every state (an organizer may settle it before scoring starts
 * or reconsider it before deciding); decisions already taken stay as they are. Audited with the
 * previous and the new choice; choosing the current one again changes nothing.
 */
export async function setRoundScoreBasis(
	db: Database,
	actor: Actor,
	input: { challengeId: string; roundId: string; basis: ScoreBasis }
): Promise<{ changed: boolean }> {
	const { challengeId, roundId, basis } = input;
	return db.transaction(async (tx) => {
		const [round] = await tx
			.select({ id: rounds.id, name: rounds.name, scoreBasis: rounds.scoreBasis })
			.from(rounds)
			.where(and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId)))
			.for('update')
			.limit(1);
		if (!round) throw new ServiceError(404, m.results_error_round_missing(), 'round');
		const from = asScoreBasis(round.scoreBasis);
		if (from === basis) return { changed: false };
		const at = now();
		await tx
			.update(rounds)
			.set({
				scoreBasis: basis,
				scoreBasisChosenBy: actor.actorId,
				scoreBasisChosenAt: at,
				updatedAt: at
			})
			.where(eq(rounds.id, round.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: SCORE_BASIS_ACTION,
			entityType: 'round',
			entityId: round.id,
			data: { round: round.name, from, to: basis },
			ipAddress: actor.ipAddress ?? null
		});
		return { changed: true };
	});
}

/**
 * Carries out the "advance" decisions of a round: those entries join the next round (through
 * advanceEntries, which labels them there and writes its own audit record). Entries already
 * there are left as they are, so the action can be repeated after more decisions.
 */
export async function moveAdvancedEntries(
	db: Database,
	actor: Actor,
	input: { challengeId: string; roundId: string }
): Promise<{ toRoundId: string; added: number; advancing: number }> {
	const { challengeId, roundId } = input;
	const [round] = await db
		.select({ id: rounds.id, state: rounds.state })
		.from(rounds)
		.where(and(eq(rounds.id, roundId), eq(rounds.challengeId, challengeId)))
		.limit(1);
	if (!round) throw new ServiceError(404, m.results_error_round_missing(), 'round');
	const advancing = await db
		.select({ entryId: entryDecisions.entryId })
		.from(entryDecisions)
		.innerJoin(entries, eq(entries.id, entryDecisions.entryId))
		.where(
			and(
				eq(entryDecisions.roundId, roundId),
				eq(entryDecisions.decision, 'advance'),
				sql`${entries.status} <> 'withdrawn'`
			)
		);
	if (advancing.length === 0)
		throw new ServiceError(409, m.results_error_no_advance_decisions(), 'advance');
	const result = await advanceEntries(db, actor, {
		fromRoundId: roundId,
		entryIds: advancing.map((row) => row.entryId),
		challengeId
	});
	return { ...result, advancing: advancing.length };
}

export type DecisionRecord = {
	decision: Decision;
	note: string;
	decidedAt: Date;
	decidedBy: string | null;
};

/** An entry's current decision in a round, with who made it. */
export async function getDecision(
	db: Executor,
	roundId: string,
	entryId: string
): Promise<DecisionRecord | null> {
	const [row] = await db
		.select({
			decision: entryDecisions.decision,
			note: entryDecisions.note,
			decidedAt: entryDecisions.decidedAt,
			decidedBy: users.name
		})
		.from(entryDecisions)
		.leftJoin(users, eq(users.id, entryDecisions.decidedBy))
		.where(and(eq(entryDecisions.roundId, roundId), eq(entryDecisions.entryId, entryId)))
		.limit(1);
	return row ?? null;
}

export type DecisionHistoryItem = {
	at: Date;
	actorName: string | null;
	from: Decision | null;
	to: Decision | null;
	note: string;
	via: DecisionSource | null;
};

const asDecision = (value: unknown): Decision | null =>
	typeof value === 'string' && (DECISIONS as readonly string[]).includes(value)
		? (value as Decision)
		: null;

/** Every decision change of an entry in a round, newest first, from the audit log. */
export async function decisionHistory(
	db: Executor,
	roundId: string,
	entryId: string
): Promise<DecisionHistoryItem[]> {
	const rows = await db
		.select({
			at: auditLog.createdAt,
			actorName: users.name,
			data: auditLog.data
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(
			and(
				eq(auditLog.entityType, 'entry'),
				eq(auditLog.entityId, entryId),
				like(auditLog.action, 'decision.%'),
				sql`${auditLog.data} ->> 'roundId' = ${roundId}`
			)
		)
		.orderBy(desc(auditLog.createdAt), desc(auditLog.id));
	return rows.map((row) => ({
		at: row.at,
		actorName: row.actorName,
		from: asDecision(row.data.from),
		to: asDecision(row.data.to),
		note: typeof row.data.note === 'string' ? row.data.note : '',
		via: (['entry', 'selected', 'top'] as const).find((via) => via === row.data.via) ?? null
	}));
}
