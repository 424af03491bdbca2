import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { assignments, entries, roundEntries, scores, userRoles, users } from '../../db/schema';
import { ServiceError } from '../../errors';
import { blockedPairs } from '../conflicts/pairs';
import { mailNewAssignments } from '../judge-notices';
import { lockAssignableRound } from './shared';
import type { Actor } from '../../request';

/**
 * Assignments an organizer makes by hand: add, remove, swap. Every change locks the round
 * first.
 */

/** The entry in the round (not withdrawn) and a person with the judge role, or a refusal. */
async function assertPair(tx: Executor, roundId: string, entryId: string, judgeId: string) {
	const [[entry], [judge]] = await Promise.all([
		tx
			.select({ status: entries.status, label: roundEntries.label })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId)))
			.limit(1),
		tx
			.select({ name: users.name })
			.from(userRoles)
			.innerJoin(users, eq(users.id, userRoles.userId))
			.where(and(eq(userRoles.userId, judgeId), eq(userRoles.role, 'judge')))
			.limit(1)
	]);
	if (!entry) throw new ServiceError(404, m.assign_error_entry_not_in_round(), 'entryId');
	if (entry.status === 'withdrawn')
		throw new ServiceError(409, m.assign_error_entry_withdrawn(), 'entryId');
	if (!judge) throw new ServiceError(404, m.assign_error_not_a_judge(), 'judgeId');
	const blocked = await blockedPairs(tx, roundId, entryId);
	if (blocked.some((pair) => pair.judgeId === judgeId))
		throw new ServiceError(409, m.assign_error_conflict({ judge: judge.name }), 'judgeId');
	const [duplicate] = await tx
		.select({ id: assignments.id })
		.from(assignments)
		.where(
			and(
				eq(assignments.roundId, roundId),
				eq(assignments.entryId, entryId),
				eq(assignments.judgeId, judgeId)
			)
		)
		.limit(1);
	if (duplicate)
		throw new ServiceError(
			409,
			m.assign_error_duplicate({ judge: judge.name, label: entry.label }),
			'judgeId'
		);
	return { label: entry.label, judgeName: judge.name };
}

/** Assigns a judge to an entry by hand. Conflicted pairs and duplicates are refused. */
export async function addAssignment(
	db: Database,
	actor: Actor,
	input: { roundId: string; entryId: string; judgeId: string }
): Promise<{ id: string }> {
	return db.transaction(async (tx) => {
		await lockAssignableRound(tx, input.roundId);
		await assertPair(tx, input.roundId, input.entryId, input.judgeId);
		const [row] = await tx
			.insert(assignments)
			.values({
				roundId: input.roundId,
				entryId: input.entryId,
				judgeId: input.judgeId,
				assignedBy: actor.actorId,
				createdAt: now()
			})
			.returning({ id: assignments.id });
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'assignment.add',
			entityType: 'entry',
			entityId: input.entryId,
			data: { roundId: input.roundId, judgeId: input.judgeId, assignmentId: row!.id }
		});
		await mailNewAssignments(tx, actor, { roundId: input.roundId, assignmentIds: [row!.id] });
		return { id: row!.id };
	});
}

/**
 * The assignment (of `roundId` when given), after locking its round first: the same lock order
 * as every other change to a round's assignments.
 */
async function lockAssignment(tx: Executor, assignmentId: string, roundId?: string) {
	const [found] = await tx
		.select({ roundId: assignments.roundId })
		.from(assignments)
		.where(eq(assignments.id, assignmentId))
		.limit(1);
	if (!found || (roundId !== undefined && found.roundId !== roundId))
		throw new ServiceError(404, m.assign_error_assignment_not_found(), 'assignmentId');
	await lockAssignableRound(tx, found.roundId);
	const [row] = await tx
		.select({
			id: assignments.id,
			roundId: assignments.roundId,
			entryId: assignments.entryId,
			judgeId: assignments.judgeId,
			scoreStatus: scores.status
		})
		.from(assignments)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(eq(assignments.id, assignmentId))
		.for('update', { of: assignments })
		.limit(1);
	if (!row) throw new ServiceError(404, m.assign_error_assignment_not_found(), 'assignmentId');
	return row;
}

/**
 * Removes an assignment. Submitted work is never removed; a draft score goes with the
 * assignment.
 */
export async function removeAssignment(
	db: Database,
	actor: Actor,
	input: { assignmentId: string; roundId?: string }
): Promise<{ roundId: string; hadDraft: boolean }> {
	return db.transaction(async (tx) => {
		const row = await lockAssignment(tx, input.assignmentId, input.roundId);
		if (row.scoreStatus === 'submitted')
			throw new ServiceError(409, m.assign_error_remove_submitted());
		await tx.delete(assignments).where(eq(assignments.id, row.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'assignment.remove',
			entityType: 'entry',
			entityId: row.entryId,
			data: {
				roundId: row.roundId,
				judgeId: row.judgeId,
				assignmentId: row.id,
				hadDraft: row.scoreStatus === 'draft'
			}
		});
		return { roundId: row.roundId, hadDraft: row.scoreStatus === 'draft' };
	});
}

/** Moves an assignment the judge has not started to another judge. */
export async function swapAssignment(
	db: Database,
	actor: Actor,
	input: { assignmentId: string; newJudgeId: string; roundId?: string }
): Promise<{ roundId: string }> {
	return db.transaction(async (tx) => {
		const row = await lockAssignment(tx, input.assignmentId, input.roundId);
		if (row.scoreStatus) throw new ServiceError(409, m.assign_error_swap_started(), 'assignmentId');
		if (row.judgeId === input.newJudgeId)
			throw new ServiceError(409, m.assign_error_swap_same(), 'judgeId');
		await assertPair(tx, row.roundId, row.entryId, input.newJudgeId);
		await tx
			.update(assignments)
			.set({ judgeId: input.newJudgeId, assignedBy: actor.actorId })
			.where(eq(assignments.id, row.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'assignment.swap',
			entityType: 'entry',
			entityId: row.entryId,
			data: {
				roundId: row.roundId,
				assignmentId: row.id,
				fromJudgeId: row.judgeId,
				toJudgeId: input.newJudgeId
			}
		});
		// The entry is new work for the judge it moved to.
		await mailNewAssignments(tx, actor, { roundId: row.roundId, assignmentIds: [row.id] });
		return { roundId: row.roundId };
	});
}
