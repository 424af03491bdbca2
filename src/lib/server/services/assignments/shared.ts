import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../../db';
import {
	assignments,
	judgeProfiles,
	rounds,
	userRoles,
	users,
	type RoundState
} from '../../db/schema';
import { ServiceError } from '../../errors';

/**
 * What every change to a round's assignments shares: the states that allow one, the round lock
 * and the judge pool.
 */

/** Assignments change only before a round closes. */
const ASSIGNABLE: readonly RoundState[] = ['draft', 'open'];

export const isAssignable = (state: RoundState) => ASSIGNABLE.includes(state);

/**
 * Every person with the judge role, their expertise, and their load in the round (assignments a
 * conflict suspends are no work).
 */
export async function judgePool(db: Executor, roundId: string) {
	const load = db
		.select({ judgeId: assignments.judgeId, load: count().as('load') })
		.from(assignments)
		.where(and(eq(assignments.roundId, roundId), isNull(assignments.suspendedAt)))
		.groupBy(assignments.judgeId)
		.as('load');
	return db
		.select({
			id: users.id,
			name: users.name,
			expertise: sql<string[]>`coalesce(${judgeProfiles.expertise}, '{}'::uuid[])`,
			load: sql<number>`coalesce(${load.load}, 0)::int`
		})
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.leftJoin(judgeProfiles, eq(judgeProfiles.userId, users.id))
		.leftJoin(load, eq(load.judgeId, users.id))
		.where(eq(userRoles.role, 'judge'))
		.orderBy(asc(users.name), asc(users.id));
}

/** The round, locked against concurrent changes to its assignments, in a state that allows them. */
export async function lockAssignableRound(tx: Executor, roundId: string) {
	const [round] = await tx
		.select({
			id: rounds.id,
			name: rounds.name,
			state: rounds.state,
			judgesPerEntry: rounds.judgesPerEntry
		})
		.from(rounds)
		.where(eq(rounds.id, roundId))
		.for('update')
		.limit(1);
	if (!round) throw new ServiceError(404, m.assign_error_round_not_found());
	if (!isAssignable(round.state)) throw new ServiceError(409, m.assign_error_round_closed());
	return round;
}
