import { and, eq, sql } from 'drizzle-orm';
import { isVisibleToJudges } from '$lib/domain/round';
import { type Executor } from '../../db';
import {
	assignments,
	entries,
	entryVersions,
	files,
	roundEntries,
	rounds,
	type StoredFile
} from '../../db/schema';
import { liveAssignment } from './shared';
import { joinJudgedEntry } from '../judged-assignments';

/**
 * A file of an assigned entry for the judge: the cover always, the deck only outside blind
 * rounds (its PDF properties may name the team). Null for anything else, so the route answers
 * 404 exactly as for a missing file.
 */
export async function findJudgeFile(
	db: Executor,
	judgeId: string,
	assignmentId: string,
	kind: 'cover' | 'deck'
): Promise<{ file: StoredFile; label: number } | null> {
	const [row] = await joinJudgedEntry(
		db
			.select({ file: files, label: roundEntries.label, blind: rounds.blind, state: rounds.state })
			.from(assignments)
			.$dynamic()
	)
		// The judged version's file, kept for it whatever the team uploads later.
		.innerJoin(
			files,
			and(
				sql`${files.id}::text = ${entryVersions.content} ->> ${kind === 'cover' ? 'coverFileId' : 'deckFileId'}`,
				eq(files.teamId, entries.teamId),
				eq(files.kind, kind)
			)
		)
		.where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId), liveAssignment))
		.limit(1);
	if (!row || !isVisibleToJudges(row.state)) return null;
	if (kind === 'deck' && row.blind) return null;
	return { file: row.file, label: row.label };
}
