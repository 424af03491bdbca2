import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { assignJudges, type Shortfall } from '$lib/domain/assignment';
import type { LocalizedText } from '$lib/domain/localized-text';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { assignments, entries, roundEntries, rounds, tracks } from '../../db/schema';
import { blockedPairs } from '../conflicts/pairs';
import { mailNewAssignments } from '../judge-notices';
import { isAssignable, judgePool, lockAssignableRound } from './shared';
import type { Actor } from '../../request';

/**
 * Assignments the portal makes: a whole round at once (autoAssign) or one entry topped up
 * (fillEntry).
 */

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
