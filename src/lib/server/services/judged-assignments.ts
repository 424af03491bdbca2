import { and, eq } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { assignments, entries, entryVersions, roundEntries, rounds } from '../db/schema';

/** The version of the entry the round's judges read (frozen when the round opened). */
export const judgedVersion = and(
	eq(entryVersions.entryId, roundEntries.entryId),
	eq(entryVersions.number, roundEntries.versionNumber)
);

/**
 * The join every judge-facing read starts from, written once: an assignment (the query's
 * `from`) with its round, the entry's place in that round (its label) and the version of the
 * entry the round froze. For a dynamic query: `joinJudgedEntry(db.select(…).from(assignments).$dynamic())`.
 */
export function joinJudgedEntry<T extends PgSelect>(query: T) {
	return query
		.innerJoin(rounds, eq(rounds.id, assignments.roundId))
		.innerJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, assignments.roundId),
				eq(roundEntries.entryId, assignments.entryId)
			)
		)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(entryVersions, judgedVersion);
}
