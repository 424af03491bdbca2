import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	scores,
	teams,
	users,
	type RoundState
} from '../../db/schema';
import { judgePool } from './shared';

/** Reading, for the organizer's assignment page. */

export type RoundHeader = {
	id: string;
	name: string;
	position: number;
	state: RoundState;
	judgesPerEntry: number;
	blind: boolean;
};

export async function getRoundHeader(db: Executor, roundId: string): Promise<RoundHeader | null> {
	const [round] = await db
		.select({
			id: rounds.id,
			name: rounds.name,
			position: rounds.position,
			state: rounds.state,
			judgesPerEntry: rounds.judgesPerEntry,
			blind: rounds.blind
		})
		.from(rounds)
		.where(eq(rounds.id, roundId))
		.limit(1);
	return round ?? null;
}

export const ASSIGNMENT_PAGE_SIZE = 50;

export type AssignmentRow = {
	id: string;
	judgeId: string;
	judgeName: string;
	manual: boolean;
	scoreStatus: 'draft' | 'submitted' | null;
	/** A conflict blocks the pair: the judge cannot see the entry and the review counts nowhere. */
	suspended: boolean;
};

export type EntryAssignments = {
	entryId: string;
	label: number;
	title: string;
	teamName: string;
	withdrawn: boolean;
	assignments: AssignmentRow[];
};

/** One page of the round's entries (by label) with their assignments: two queries. */
export async function listRoundAssignments(
	db: Executor,
	roundId: string,
	options: { afterLabel?: number; pageSize?: number } = {}
): Promise<{ rows: EntryAssignments[]; nextAfter: number | null }> {
	const pageSize = options.pageSize ?? ASSIGNMENT_PAGE_SIZE;
	const page = await db
		.select({
			entryId: entries.id,
			label: roundEntries.label,
			title: entries.title,
			teamName: teams.name,
			status: entries.status
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.where(
			and(
				eq(roundEntries.roundId, roundId),
				options.afterLabel !== undefined ? gt(roundEntries.label, options.afterLabel) : undefined
			)
		)
		.orderBy(asc(roundEntries.label))
		.limit(pageSize + 1);
	const more = page.length > pageSize;
	const shown = more ? page.slice(0, pageSize) : page;
	const ids = shown.map((row) => row.entryId);
	const rows = ids.length
		? await db
				.select({
					id: assignments.id,
					entryId: assignments.entryId,
					judgeId: assignments.judgeId,
					judgeName: users.name,
					assignedBy: assignments.assignedBy,
					scoreStatus: scores.status,
					suspendedAt: assignments.suspendedAt
				})
				.from(assignments)
				.innerJoin(users, eq(users.id, assignments.judgeId))
				.leftJoin(scores, eq(scores.assignmentId, assignments.id))
				.where(and(eq(assignments.roundId, roundId), inArray(assignments.entryId, ids)))
				.orderBy(asc(users.name), asc(assignments.id))
		: [];
	const byEntry = new Map<string, AssignmentRow[]>();
	for (const row of rows) {
		const list = byEntry.get(row.entryId) ?? [];
		list.push({
			id: row.id,
			judgeId: row.judgeId,
			judgeName: row.judgeName,
			manual: row.assignedBy !== null,
			scoreStatus: row.scoreStatus,
			suspended: row.suspendedAt !== null
		});
		byEntry.set(row.entryId, list);
	}
	return {
		rows: shown.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			teamName: row.teamName,
			withdrawn: row.status === 'withdrawn',
			assignments: byEntry.get(row.entryId) ?? []
		})),
		nextAfter: more ? shown[shown.length - 1]!.label : null
	};
}

/** Choices for the manual forms: the round's entries (not withdrawn) and the judges with loads. */
export async function assignmentChoices(db: Executor, roundId: string) {
	const [entryOptions, judges] = await Promise.all([
		db
			.select({ id: entries.id, label: roundEntries.label, title: entries.title })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.where(and(eq(roundEntries.roundId, roundId), ne(entries.status, 'withdrawn')))
			.orderBy(asc(roundEntries.label)),
		judgePool(db, roundId)
	]);
	return {
		entries: entryOptions,
		judges: judges.map((judge) => ({ id: judge.id, name: judge.name, load: judge.load }))
	};
}
