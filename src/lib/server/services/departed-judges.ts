import { and, eq, exists, sql } from 'drizzle-orm';
import { now } from '../clock';
import type { Executor } from '../db';
import { assignments, scores, users } from '../db/schema';

/** How a deleted judge is shown wherever their kept reviews are listed (organizers only). */
export const DEPARTED_JUDGE_NAME = 'Deleted judge';

/**
 * Called while an account is deleted, in the same transaction: the person's submitted reviews
 * are part of the results (published figures, teams' feedback, the leaderboard) and must not
 * change because a judge left. They move to a new anonymous stand-in row (no email, name or
 * birth date of theirs, no role, no way to sign in, marked `deleted_at`), so the rest of the
 * account, drafts and unscored assignments included, goes with the usual deletion.
 * Returns the stand-in's id, or null when there was no submitted review to keep.
 */
export async function keepReviewsOfDepartingJudge(
	tx: Executor,
	userId: string
): Promise<string | null> {
	const submitted = exists(
		tx
			.select({ one: sql`1` })
			.from(scores)
			.where(and(eq(scores.assignmentId, assignments.id), eq(scores.status, 'submitted')))
	);
	const [any] = await tx
		.select({ id: assignments.id })
		.from(assignments)
		.where(and(eq(assignments.judgeId, userId), submitted))
		.limit(1);
	if (!any) return null;
	const standInId = crypto.randomUUID();
	await tx.insert(users).values({
		id: standInId,
		email: `deleted-judge-${standInId}@deleted.invalid`,
		name: DEPARTED_JUDGE_NAME,
		country: 'ZZ',
		dateOfBirth: '1900-01-01',
		// Not a hash argon2 can match: nobody signs in as the stand-in.
		passwordHash: '!',
		deletedAt: now(),
		createdAt: now(),
		updatedAt: now()
	});
	await tx
		.update(assignments)
		.set({ judgeId: standInId })
		.where(and(eq(assignments.judgeId, userId), submitted));
	return standInId;
}
