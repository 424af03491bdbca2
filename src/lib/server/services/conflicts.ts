import { and, eq, exists, ne, sql, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	entries,
	judgeConflicts,
	roundEntries,
	rounds,
	teamMembers,
	userRoles,
	users
} from '../db/schema';

export type BlockedPair = { judgeId: string; entryId: string };

/** Lower-cased with every space removed: "UN  Women" and "un women" name the same body. */
const normalized = (value: SQLWrapper) => sql`lower(regexp_replace(${value}, '\\s+', '', 'g'))`;

/**
 * Every (judge, entry) pair of a round that must never be assigned: confirmed conflicts resolved
 * to the round's entries (team → that team's entry; organization → entries whose partner matches,
 * ignoring case and spaces; country → entries implemented there or with a member from there),
 * plus any judge (a holder of the judge role) who is a member of the entry's team (always, no
 * confirmation needed). Suggested and dismissed conflicts never block. Four set-based queries,
 * whatever the size of the round. Pass `entryId` to resolve one entry only.
 */
export async function blockedPairs(
	db: Executor,
	roundId: string,
	entryId?: string
): Promise<BlockedPair[]> {
	const inRound = entryId
		? and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId))
		: eq(roundEntries.roundId, roundId);
	const confirmed = (kind: 'team' | 'organization' | 'country') =>
		and(
			eq(judgeConflicts.kind, kind),
			eq(judgeConflicts.status, 'confirmed'),
			eq(judgeConflicts.challengeId, rounds.challengeId)
		);
	const pair = { judgeId: judgeConflicts.judgeId, entryId: entries.id };

	const [byTeam, byOrganization, byCountry, byMembership] = await Promise.all([
		db
			.select(pair)
			.from(roundEntries)
			.innerJoin(rounds, eq(rounds.id, roundEntries.roundId))
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.innerJoin(judgeConflicts, eq(judgeConflicts.teamId, entries.teamId))
			.where(and(inRound, confirmed('team'))),
		db
			.select(pair)
			.from(roundEntries)
			.innerJoin(rounds, eq(rounds.id, roundEntries.roundId))
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.innerJoin(
				judgeConflicts,
				sql`${normalized(judgeConflicts.value)} = ${normalized(entries.partner)}`
			)
			.where(and(inRound, confirmed('organization'), ne(entries.partner, ''))),
		db
			.select(pair)
			.from(roundEntries)
			.innerJoin(rounds, eq(rounds.id, roundEntries.roundId))
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.innerJoin(
				judgeConflicts,
				sql`(${judgeConflicts.value} = any(${entries.countries}) or ${exists(
					db
						.select({ one: sql`1` })
						.from(teamMembers)
						.innerJoin(users, eq(users.id, teamMembers.userId))
						.where(
							and(eq(teamMembers.teamId, entries.teamId), eq(users.country, judgeConflicts.value))
						)
				)})`
			)
			.where(and(inRound, confirmed('country'))),
		db
			.select({ judgeId: teamMembers.userId, entryId: entries.id })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.innerJoin(teamMembers, eq(teamMembers.teamId, entries.teamId))
			// Members who hold the judge role: only judges are ever assigned, so every other member
			// of every team in the round would be read only to be thrown away.
			.where(
				and(
					inRound,
					exists(
						db
							.select({ one: sql`1` })
							.from(userRoles)
							.where(and(eq(userRoles.userId, teamMembers.userId), eq(userRoles.role, 'judge')))
					)
				)
			)
	]);

	const seen = new Set<string>();
	const pairs: BlockedPair[] = [];
	for (const row of [...byTeam, ...byOrganization, ...byCountry, ...byMembership]) {
		const key = `${row.judgeId}:${row.entryId}`;
		if (seen.has(key)) continue;
		seen.add(key);
		pairs.push({ judgeId: row.judgeId, entryId: row.entryId });
	}
	return pairs;
}
