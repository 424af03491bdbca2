import { and, asc, count, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { assignJudges, type Shortfall } from '$lib/domain/assignment';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor } from '../db';
import {
	assignments,
	entries,
	judgeProfiles,
	roundEntries,
	rounds,
	scores,
	teams,
	tracks,
	userRoles,
	users,
	type RoundState
} from '../db/schema';
import { ServiceError } from '../errors';
import { blockedPairs } from './conflicts/pairs';
import { mailNewAssignments } from './judge-notices';
import type { Actor } from '../request';

/**
 * The portal's address for the links in mail to judges told of new work (see judge-notices).
 * Assignments made while a round is open are mailed; in a draft round, opening tells them.
 */

/** Assignments change only before a round closes. */
const ASSIGNABLE: readonly RoundState[] = ['draft', 'open'];

const isAssignable = (state: RoundState) => ASSIGNABLE.includes(state);

/**
 * Every person with the judge role, their expertise, and their load in the round (assignments a
 * conflict suspends are no work).
 */
async function judgePool(db: Executor, roundId: string) {
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

/**
 * Tops up ONE entry of a round to the round's number of judges, with the least-loaded judges who
 * have no conflict with it (expertise in the entry's track breaks ties). Used when a judge
 * declares a conflict on the spot. Adds nothing once the round is closed or the entry withdrawn.
 * Call it inside the caller's transaction; the caller records the audit entry.
 */
export async function fillEntry(
	tx: Executor,
	roundId: string,
	entryId: string
): Promise<{ added: number; short: number; assignmentIds: string[] }> {
	const [target] = await tx
		.select({
			judgesPerEntry: rounds.judgesPerEntry,
			state: rounds.state,
			trackId: entries.trackId,
			status: entries.status
		})
		.from(roundEntries)
		.innerJoin(rounds, eq(rounds.id, roundEntries.roundId))
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId)))
		.limit(1);
	if (!target || target.status === 'withdrawn') return { added: 0, short: 0, assignmentIds: [] };

	const current = await tx
		.select({ judgeId: assignments.judgeId, suspendedAt: assignments.suspendedAt })
		.from(assignments)
		.where(and(eq(assignments.roundId, roundId), eq(assignments.entryId, entryId)));
	// A suspended assignment covers nothing (its review counts nowhere).
	const needed = target.judgesPerEntry - current.filter((row) => row.suspendedAt === null).length;
	if (needed <= 0) return { added: 0, short: 0, assignmentIds: [] };
	if (!isAssignable(target.state)) return { added: 0, short: needed, assignmentIds: [] };

	const [pool, blocked] = await Promise.all([
		judgePool(tx, roundId),
		blockedPairs(tx, roundId, entryId)
	]);
	const excluded = new Set([
		...current.map((row) => row.judgeId),
		...blocked.map((pair) => pair.judgeId)
	]);
	const expert = (judge: { expertise: string[] }) =>
		target.trackId && judge.expertise.includes(target.trackId) ? 0 : 1;
	const chosen = pool
		.filter((judge) => !excluded.has(judge.id))
		.sort((a, b) => a.load - b.load || expert(a) - expert(b) || a.id.localeCompare(b.id))
		.slice(0, needed);
	if (chosen.length === 0) return { added: 0, short: needed, assignmentIds: [] };

	const inserted = await tx
		.insert(assignments)
		.values(
			chosen.map((judge) => ({
				roundId,
				entryId,
				judgeId: judge.id,
				assignedBy: null,
				createdAt: now()
			}))
		)
		.onConflictDoNothing()
		.returning({ id: assignments.id });
	return {
		added: inserted.length,
		short: needed - inserted.length,
		assignmentIds: inserted.map((row) => row.id)
	};
}

/** The round, locked against concurrent changes to its assignments, in a state that allows them. */
async function lockAssignableRound(tx: Executor, roundId: string) {
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

export type ShortEntry = Shortfall & { label: number; title: string };

/**
 * One group of a round that falls apart: judges and entries linked by shared judges, none with
 * any other group. Entries of different groups cannot be compared on the leaderboard.
 */
export type AssignmentGroupSummary = {
	/** Judges' names, by name. */
	judges: string[];
	entries: number;
	/** Tracks of the group's entries, most entries first (null: entries without a track). */
	tracks: { name: LocalizedText | null; entries: number }[];
};

export type AutoAssignResult = {
	added: number;
	kept: number;
	shortfalls: ShortEntry[];
	loads: Record<string, number>;
	loadMin: number;
	loadMax: number;
	balanced: boolean;
	judges: number;
	entries: number;
	/** Reviews of the round by a judge outside their expertise (see domain/assignment). */
	bridging: number;
	/** Connected groups of judges and entries after the run: 1 when every entry is comparable. */
	components: number;
	/** The groups when there are two or more, largest first; empty otherwise. */
	groups: AssignmentGroupSummary[];
};

/**
 * Assigns judges to every entry of a round that still needs them, in one transaction. Existing
 * assignments (manual picks, started and finished work) are kept; only new ones are added.
 */
export async function autoAssign(
	db: Database,
	actor: Actor,
	input: { roundId: string }
): Promise<AutoAssignResult> {
	const { roundId } = input;
	const { actorId } = actor;
	return db.transaction(async (tx) => {
		const round = await lockAssignableRound(tx, roundId);
		const [roundEntryRows, pool, existingRows, blocked] = await Promise.all([
			tx
				.select({
					id: entries.id,
					trackId: entries.trackId,
					trackName: tracks.name,
					label: roundEntries.label,
					title: entries.title
				})
				.from(roundEntries)
				.innerJoin(entries, eq(entries.id, roundEntries.entryId))
				.leftJoin(tracks, eq(tracks.id, entries.trackId))
				.where(and(eq(roundEntries.roundId, roundId), ne(entries.status, 'withdrawn')))
				.orderBy(asc(roundEntries.label)),
			judgePool(tx, roundId),
			tx
				.select({ judgeId: assignments.judgeId, entryId: assignments.entryId })
				.from(assignments)
				.where(and(eq(assignments.roundId, roundId), isNull(assignments.suspendedAt))),
			blockedPairs(tx, roundId)
		]);
		const entryIds = new Set(roundEntryRows.map((row) => row.id));
		const judgeIds = new Set(pool.map((judge) => judge.id));
		const existing = existingRows.filter(
			(row) => entryIds.has(row.entryId) && judgeIds.has(row.judgeId)
		);

		const result = assignJudges({
			entries: roundEntryRows.map((row) => ({ id: row.id, trackId: row.trackId })),
			judges: pool.map((judge) => ({ id: judge.id, expertise: judge.expertise })),
			judgesPerEntry: round.judgesPerEntry,
			conflicts: blocked.filter((pair) => entryIds.has(pair.entryId) && judgeIds.has(pair.judgeId)),
			existing
		});

		let added = 0;
		if (result.added.length > 0) {
			const inserted = await tx
				.insert(assignments)
				.values(
					result.added.map((pair) => ({
						roundId,
						entryId: pair.entryId,
						judgeId: pair.judgeId,
						assignedBy: null,
						createdAt: now()
					}))
				)
				.onConflictDoNothing()
				.returning({ id: assignments.id });
			added = inserted.length;
			await mailNewAssignments(tx, actor, {
				roundId,
				assignmentIds: inserted.map((row) => row.id)
			});
		}

		const byId = new Map(roundEntryRows.map((row) => [row.id, row]));
		const shortfalls = result.shortfalls
			.map((shortfall) => ({
				...shortfall,
				label: byId.get(shortfall.entryId)?.label ?? 0,
				title: byId.get(shortfall.entryId)?.title ?? ''
			}))
			.sort((a, b) => a.label - b.label);
		const judgeNames = new Map(pool.map((judge) => [judge.id, judge.name]));
		const groups =
			result.components > 1
				? result.groups.map((group) => summarizeGroup(group, judgeNames, byId))
				: [];
		const loadValues = pool.map((judge) => result.loads[judge.id] ?? 0);
		const summary: AutoAssignResult = {
			added,
			kept: existing.length,
			shortfalls,
			loads: result.loads,
			loadMin: loadValues.length ? Math.min(...loadValues) : 0,
			loadMax: loadValues.length ? Math.max(...loadValues) : 0,
			balanced: result.balanced,
			judges: pool.length,
			entries: roundEntryRows.length,
			bridging: result.bridging,
			components: result.components,
			groups
		};
		await recordAudit(tx, {
			actorId,
			action: 'round.auto_assign',
			entityType: 'round',
			entityId: roundId,
			data: {
				added,
				kept: summary.kept,
				entries: summary.entries,
				judges: summary.judges,
				short: shortfalls.length,
				balanced: summary.balanced,
				loadMin: summary.loadMin,
				loadMax: summary.loadMax,
				bridging: summary.bridging,
				components: summary.components
			}
		});
		return summary;
	});
}

/** A group of the domain's result in words an organizer can act on: names, counts, tracks. */
function summarizeGroup(
	group: { judgeIds: string[]; entryIds: string[] },
	judgeNames: Map<string, string>,
	entriesById: Map<string, { trackId: string | null; trackName: LocalizedText | null }>
): AssignmentGroupSummary {
	const byTrack = new Map<string | null, { name: LocalizedText | null; entries: number }>();
	for (const entryId of group.entryIds) {
		const entry = entriesById.get(entryId);
		const trackId = entry?.trackId ?? null;
		const item = byTrack.get(trackId);
		if (item) item.entries++;
		else byTrack.set(trackId, { name: entry?.trackName ?? null, entries: 1 });
	}
	return {
		// The domain keeps input order, and the pool comes by name.
		judges: group.judgeIds.map((judgeId) => judgeNames.get(judgeId) ?? ''),
		entries: group.entryIds.length,
		tracks: [...byTrack.values()].sort((a, b) => b.entries - a.entries)
	};
}

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

// ---------------------------------------------------------------------------------------------
// Reading, for the organizer's assignment page.

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
