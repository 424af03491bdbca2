import { sql, type SQLWrapper } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../db';
import { rounds } from '../../db/schema';

/**
 * A name as conflicts compare it (an organization typed by a judge, a judge's organization, an
 * entry's partner): the database function `conflict_name` (lower case, every space removed).
 * Blocking (`conflict_pairs`), detection and declaration all call it, so they cannot drift apart.
 */
export function conflictName(value: SQLWrapper | string) {
	return typeof value === 'string'
		? sql`conflict_name(${value}::text)`
		: sql`conflict_name(${value})`;
}

export type BlockedPair = { judgeId: string; entryId: string };

/**
 * Every (judge, entry) pair of a round that must never be assigned: confirmed conflicts resolved
 * to the round's entries (team → that team's entry; organization → entries whose partner matches,
 * ignoring case and spaces; country → entries implemented there or with a member from there),
 * plus any judge (a holder of the judge role) who is a member of the entry's team (always, no
 * confirmation needed). Suggested and dismissed conflicts never block. The rule itself is the
 * database function `conflict_pairs` (the frozen_versions_and_conflict_suspensions migration),
 * which also suspends assignments the moment a conflict arises, so what assignment avoids and
 * what suspends an existing assignment cannot drift apart. Pass `entryId` to resolve one entry.
 */
export async function blockedPairs(
	db: Executor,
	roundId: string,
	entryId?: string
): Promise<BlockedPair[]> {
	const rows = rowsOf<BlockedPair>(
		await db.execute(sql`
			select judge_id as "judgeId", entry_id as "entryId"
			from conflict_pairs(
				(select ${rounds.challengeId} from ${rounds} where ${rounds.id} = ${roundId}),
				${roundId}::uuid,
				${entryId ? sql`array[${entryId}::uuid]` : sql`null::uuid[]`},
				null::uuid[]
			)
		`)
	);
	return rows.map((row) => ({ judgeId: row.judgeId, entryId: row.entryId }));
}
