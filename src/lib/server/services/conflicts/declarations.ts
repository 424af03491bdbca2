import { and, desc, eq, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isKnownCountry } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { judgeConflicts, teams, type JudgeConflict } from '../../db/schema';
import { ServiceError } from '../../errors';
import { JUDGE_LIMITS, lockKey, multiLine, singleLine, uuidField } from '../judge-common';
import { fillEntry } from '../assignments';
import { mailNewAssignments } from '../judge-notices';
import { checkText } from '../scoring/shared';
import { isWindowOpen } from '$lib/domain/round';
import { assignments, entries, rounds } from '../../db/schema';
import { conflictName } from './pairs';
import type { Actor } from '../../request';

export const MAX_CONFLICT_REASON = 1000;

export const declareConflictSchema = z
	.object({
		kind: z.enum(['organization', 'country', 'team'], {
			error: () => m.judges_error_kind()
		}),
		value: singleLine(JUDGE_LIMITS.value).default(''),
		country: z.string().trim().toUpperCase().default(''),
		reason: multiLine(JUDGE_LIMITS.reason)
	})
	.superRefine((input, context) => {
		if (input.kind === 'country') {
			if (!isKnownCountry(input.country))
				context.addIssue({
					code: 'custom',
					path: ['country'],
					message: m.error_country_unknown()
				});
		} else if (input.value === '') {
			context.addIssue({ code: 'custom', path: ['value'], message: m.error_required() });
		}
	});

export const conflictIdSchema = z.object({ conflictId: uuidField });

export async function declareConflict(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		kind: 'team' | 'organization' | 'country';
		teamId?: string;
		value?: string;
		reason?: string;
	}
): Promise<{ recorded: true }> {
	const reason = (input.reason ?? '').trim();
	const typed = (input.value ?? '').trim();
	if (reason.length > JUDGE_LIMITS.reason)
		throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.reason }), 'reason');
	if (input.kind === 'country' && !isKnownCountry(typed.toUpperCase()))
		throw new ServiceError(400, m.error_country_unknown(), 'country');
	if (input.kind !== 'country' && !input.teamId) {
		if (typed === '') throw new ServiceError(400, m.error_required(), 'value');
		if (typed.length > JUDGE_LIMITS.value)
			throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.value }), 'value');
	}
	await db.transaction(async (tx) => {
		await lockKey(tx, `judge_conflicts:${input.challengeId}`);
		let kind = input.kind;
		let teamId: string | null = null;
		const value = input.kind === 'country' ? typed.toUpperCase() : typed;
		if (input.kind === 'team') {
			if (input.teamId) {
				const [team] = await tx
					.select({ id: teams.id })
					.from(teams)
					.where(and(eq(teams.id, input.teamId), eq(teams.challengeId, input.challengeId)))
					.limit(1);
				if (!team) throw ServiceError.notFound('teamId');
				teamId = team.id;
			} else {
				const [team] = await tx
					.select({ id: teams.id })
					.from(teams)
					.where(
						and(
							eq(teams.challengeId, input.challengeId),
							sql`lower(${teams.name}) = lower(${typed})`
						)
					)
					.limit(1);
				if (team) teamId = team.id;
				else kind = 'organization';
			}
		}
		const [already] = await tx
			.select({ id: judgeConflicts.id })
			.from(judgeConflicts)
			.where(
				and(
					eq(judgeConflicts.challengeId, input.challengeId),
					eq(judgeConflicts.judgeId, actor.actorId),
					eq(judgeConflicts.source, 'judge'),
					eq(judgeConflicts.kind, kind),
					ne(judgeConflicts.status, 'dismissed'),
					teamId
						? eq(judgeConflicts.teamId, teamId)
						: sql`${conflictName(judgeConflicts.value)} = ${conflictName(value)}`
				)
			)
			.limit(1);
		if (already) return;
		const [conflict] = await tx
			.insert(judgeConflicts)
			.values({
				challengeId: input.challengeId,
				judgeId: actor.actorId,
				kind,
				teamId,
				value,
				reason,
				source: 'judge',
				status: 'confirmed',
				createdAt: now()
			})
			.returning({ id: judgeConflicts.id });
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.conflict_declare',
			entityType: 'judge_conflict',
			entityId: conflict.id,
			data: { kind, requestedKind: input.kind, teamId },
			ipAddress: actor.ipAddress ?? null
		});
	});
	return { recorded: true };
}

/** A judge withdraws a conflict they declared themselves (not one recorded by others). */
export async function removeOwnDeclaredConflict(
	db: Database,
	actor: Actor,
	input: { challengeId: string; conflictId: string }
) {
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(judgeConflicts)
			.where(
				and(
					eq(judgeConflicts.id, input.conflictId),
					eq(judgeConflicts.challengeId, input.challengeId),
					eq(judgeConflicts.judgeId, actor.actorId),
					eq(judgeConflicts.source, 'judge')
				)
			)
			.returning({ id: judgeConflicts.id, kind: judgeConflicts.kind });
		if (removed.length === 0) throw ServiceError.notFound('conflictId');
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.conflict_remove',
			entityType: 'judge_conflict',
			entityId: input.conflictId,
			data: { kind: removed[0].kind },
			ipAddress: actor.ipAddress ?? null
		});
	});
}

export type OwnConflict = {
	id: string;
	kind: JudgeConflict['kind'];
	/** What the judge typed (organization or team name) or a country code; '' when not theirs. */
	value: string;
	reason: string;
	source: JudgeConflict['source'];
	removable: boolean;
	createdAt: Date;
};

/**
 * The conflicts a judge sees: their own declarations, and confirmed ones recorded by others —
 * never a team's name (blind rounds) nor the system's pending suggestions.
 */
export async function listOwnConflicts(
	db: Executor,
	input: { judgeId: string; challengeId: string }
): Promise<OwnConflict[]> {
	const rows = await db
		.select({
			id: judgeConflicts.id,
			kind: judgeConflicts.kind,
			value: judgeConflicts.value,
			reason: judgeConflicts.reason,
			source: judgeConflicts.source,
			createdAt: judgeConflicts.createdAt
		})
		.from(judgeConflicts)
		.where(
			and(
				eq(judgeConflicts.challengeId, input.challengeId),
				eq(judgeConflicts.judgeId, input.judgeId),
				or(eq(judgeConflicts.source, 'judge'), eq(judgeConflicts.status, 'confirmed'))
			)
		)
		.orderBy(desc(judgeConflicts.createdAt), desc(judgeConflicts.id))
		.limit(500);
	return rows.map((row) => {
		const own = row.source === 'judge';
		return {
			id: row.id,
			// A typed team name that matched no team is stored as an organization; the judge sees
			// both the same way, so the list does not tell whether the team exists.
			kind: row.kind === 'country' ? 'country' : own ? 'organization' : row.kind,
			value: own || row.kind === 'country' ? row.value : '',
			reason: own ? row.reason : '',
			source: row.source,
			removable: own,
			createdAt: row.createdAt
		};
	});
}

/**
 * A judge declares a conflict with the team of an assigned entry: the conflict is recorded as
 * confirmed (which suspends every assignment of this judge to that team's entry, by trigger: the
 * sheet is kept but hidden and counted nowhere) and the entry given another judge, all in one
 * transaction. Only inside the round's window (404 otherwise, as for anyone else's assignment).
 */
export async function declareConflictOnEntry(
	db: Executor,
	actor: Actor,
	input: { assignmentId: string; reason: string; at?: Date }
): Promise<{ roundId: string; added: number; short: number }> {
	const { assignmentId, reason, at = now() } = input;
	const judgeId = actor.actorId;
	const text = checkText(reason, 'reason', MAX_CONFLICT_REASON).trim();
	return db.transaction(async (tx) => {
		const [context] = await tx
			.select({
				roundId: rounds.id,
				state: rounds.state,
				opensAt: rounds.opensAt,
				closesAt: rounds.closesAt,
				challengeId: rounds.challengeId,
				entryId: assignments.entryId,
				teamId: entries.teamId
			})
			.from(assignments)
			.innerJoin(rounds, eq(rounds.id, assignments.roundId))
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId)))
			.limit(1);
		if (!context || !isWindowOpen(context, at)) throw ServiceError.notFound();
		await tx.insert(judgeConflicts).values({
			challengeId: context.challengeId,
			judgeId,
			kind: 'team',
			teamId: context.teamId,
			value: '',
			reason: text,
			source: 'judge',
			status: 'confirmed',
			createdAt: at
		});
		await recordAudit(tx, {
			actorId: judgeId,
			action: 'judge.conflict_declared',
			entityType: 'assignment',
			entityId: assignmentId,
			data: { roundId: context.roundId, entryId: context.entryId }
		});
		const { assignmentIds, ...filled } = await fillEntry(tx, context.roundId, context.entryId);
		// The judge who takes the entry over hears of it like any judge given new work.
		await mailNewAssignments(tx, actor, { roundId: context.roundId, assignmentIds });
		return { roundId: context.roundId, ...filled };
	});
}
