import { sql, type SQLWrapper } from 'drizzle-orm';
import { rowsOf, type Executor } from '../db';
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
 * confirmation needed). Suggested and dismissed conflicts never block. One statement whatever the
 * size of the round: each branch starts from the few confirmed conflicts (or the judges) and
 * probes the round's entries by index, so a round with few conflicts costs little. Pass `entryId`
 * to resolve one entry only.
 */
export async function blockedPairs(
	db: Executor,
	roundId: string,
	entryId?: string
): Promise<BlockedPair[]> {
	// The entry (of the branch) is in the round, and is the one asked for.
	const inRound = sql`exists (select from ${roundEntries}
		where ${roundEntries.roundId} = ${roundId} and ${roundEntries.entryId} = ${entries.id}
		${entryId ? sql`and ${roundEntries.entryId} = ${entryId}` : sql``})`;
	const rows = rowsOf<BlockedPair>(
		await db.execute(sql`
			with confirmed as materialized (
				select ${judgeConflicts.judgeId} as judge_id, ${judgeConflicts.kind} as kind,
					${judgeConflicts.teamId} as team_id, ${judgeConflicts.value} as value
				from ${judgeConflicts}
				where ${judgeConflicts.status} = 'confirmed' and ${judgeConflicts.challengeId} =
					(select ${rounds.challengeId} from ${rounds} where ${rounds.id} = ${roundId})
			)
			select confirmed.judge_id as "judgeId", ${entries.id} as "entryId"
			from confirmed inner join ${entries} on ${entries.teamId} = confirmed.team_id
			where confirmed.kind = 'team' and ${inRound}
			union
			select confirmed.judge_id, ${entries.id}
			from confirmed inner join ${entries}
				on ${entries.partner} <> '' and ${normalized(entries.partner)} = ${normalized(sql`confirmed.value`)}
			where confirmed.kind = 'organization' and ${inRound}
			union
			select confirmed.judge_id, ${entries.id}
			from confirmed inner join ${entries}
				on confirmed.value = any(${entries.countries}) or exists (
					select from ${teamMembers} inner join ${users} on ${users.id} = ${teamMembers.userId}
					where ${teamMembers.teamId} = ${entries.teamId} and ${users.country} = confirmed.value)
			where confirmed.kind = 'country' and ${inRound}
			union
			select ${teamMembers.userId}, ${entries.id}
			from ${userRoles}
			inner join ${teamMembers} on ${teamMembers.userId} = ${userRoles.userId}
			inner join ${entries} on ${entries.teamId} = ${teamMembers.teamId}
			where ${userRoles.role} = 'judge' and ${inRound}
		`)
	);
	return rows.map((row) => ({ judgeId: row.judgeId, entryId: row.entryId }));
}
