import { and, eq, max, ne, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { now } from '../../clock';
import type { Executor } from '../../db';
import { entries, roundEntries, rounds, type Round } from '../../db/schema';
import { ServiceError } from '../../errors';

/** What the round services share: the active-entry filter, the round lock and round 1's intake. */

/** Entries that take part (withdrawn ones keep their row but are never listed as active). */
export const activeEntry = ne(entries.status, 'withdrawn');

export async function lockRound(tx: Executor, challengeId: string | null, roundId: string) {
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

/**
 * Not yet in any round of the challenge: the entries round 1 takes in. An entry that came
 * through round 1 is in it already; one judged in another round without coming through round 1
 * (the demo showcase's, decided before the portal was installed) has had its round and is not
 * judged again.
 */
export const inNoRoundOfChallenge = (challengeId: string) =>
	sql`not exists (select 1 from ${roundEntries} inner join ${rounds} on ${rounds.id} = ${roundEntries.roundId} where ${rounds.challengeId} = ${challengeId} and ${roundEntries.entryId} = ${entries.id})`;

/**
 * Every submitted entry of the challenge in none of its rounds joins this one, labelled after
 * the round's highest label in the order they were submitted. The round row must be locked.
 */
export async function addSubmittedEntries(tx: Executor, round: Round): Promise<number> {
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
