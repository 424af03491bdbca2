import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	assignments,
	auditLog,
	entries,
	judgeConflicts,
	judgeProfiles,
	rubrics,
	scores,
	userRoles
} from '../db/schema';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { judgingFixtures } from '../testing/judging-fixtures';
import {
	addAssignment,
	autoAssign,
	fillEntry,
	listRoundAssignments,
	removeAssignment,
	swapAssignment
} from './assignments';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let rubricId: string;
let organizerId: string;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const [rubric] = await database.db.select({ id: rubrics.id }).from(rubrics).limit(1);
	rubricId = rubric!.id;
	organizerId = (await createUser(database.db, { roles: ['organizer'] })).id;
});

// Each test brings its own judges: the seeded demo judges lose their role.
beforeEach(async () => {
	await database.db.delete(userRoles).where(eq(userRoles.role, 'judge'));
});

const { refusal, newRound, judges, addEntries, roundAssignments, score } = judgingFixtures(() => ({
	db: database.db,
	challenge,
	rubricId
}));

async function teamOf(entryId: string) {
	const [row] = await database.db
		.select({ teamId: entries.teamId })
		.from(entries)
		.where(eq(entries.id, entryId));
	return row!.teamId;
}

describe('autoAssign', () => {
	it('gives every entry its judges, balanced, never a conflicted pair, and logs the run', async () => {
		const roundId = await newRound(2);
		const judgeIds = await judges(3);
		const entryIds = await addEntries(roundId, 4);
		await addEntries(roundId, 1, 'withdrawn');
		await database.db.insert(judgeConflicts).values({
			challengeId: challenge.id,
			judgeId: judgeIds[0]!,
			kind: 'team',
			teamId: await teamOf(entryIds[0]!),
			source: 'judge',
			status: 'confirmed'
		});

		const result = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(result.added).toBe(8);
		expect(result.shortfalls).toEqual([]);
		expect(result.balanced).toBe(true);
		expect(result.loadMax - result.loadMin).toBeLessThanOrEqual(1);
		expect(result.entries).toBe(4);

		const rows = await roundAssignments(roundId);
		expect(rows).toHaveLength(8);
		for (const entryId of entryIds)
			expect(rows.filter((row) => row.entryId === entryId)).toHaveLength(2);
		expect(rows.some((row) => row.judgeId === judgeIds[0] && row.entryId === entryIds[0])).toBe(
			false
		);
		expect(rows.every((row) => row.assignedBy === null)).toBe(true);

		const [audit] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'round.auto_assign'), eq(auditLog.entityId, roundId)));
		expect(audit?.data).toMatchObject({ added: 8, short: 0, balanced: true });
	});

	it('keeps existing work and manual picks when run again', async () => {
		const roundId = await newRound(2);
		const judgeIds = await judges(3);
		const entryIds = await addEntries(roundId, 3);
		const manual = await addAssignment(
			database.db,
			{ actorId: organizerId },
			{ roundId, entryId: entryIds[0]!, judgeId: judgeIds[2]! }
		);
		const first = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(first.kept).toBe(1);
		expect(first.added).toBe(5);
		const before = await roundAssignments(roundId);
		await score(before.find((row) => row.id !== manual.id)!.id, 'submitted');

		const again = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(again.added).toBe(0);
		expect(again.kept).toBe(6);
		const after = await roundAssignments(roundId);
		expect(after.map((row) => row.id).sort()).toEqual(before.map((row) => row.id).sort());
		expect(after.find((row) => row.id === manual.id)?.assignedBy).toBe(organizerId);
	});

	it('says which entries are short and why', async () => {
		const roundId = await newRound(3);
		const judgeIds = await judges(2);
		const entryIds = await addEntries(roundId, 2);
		const result = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(result.added).toBe(4);
		expect(result.shortfalls).toHaveLength(2);
		expect(result.shortfalls[0]).toMatchObject({
			entryId: entryIds[0],
			label: 1,
			title: 'Entry title 0',
			needed: 3,
			assigned: 2,
			reason: 'not_enough_judges'
		});
		expect(judgeIds).toHaveLength(2);
	});

	/**
	 * Two one-track panels: judges 0 and 1 know track 0 and have entries 0–3, judges 2 and 3 know
	 * track 1 and have entries 4–7; two judges per entry.
	 */
	async function twoPanels() {
		const roundId = await newRound(2);
		const judgeIds = await judges(4);
		const entryIds = await addEntries(roundId, 8);
		const [first, second] = challenge.tracks;
		await database.db
			.insert(judgeProfiles)
			.values(
				judgeIds.map((userId, index) => ({ userId, expertise: [(index < 2 ? first : second)!.id] }))
			);
		await database.db
			.update(entries)
			.set({ trackId: second!.id })
			.where(inArray(entries.id, entryIds.slice(4)));
		return { roundId, judgeIds, entryIds, tracks: [first!, second!] };
	}

	it('links one-track panels with bridging reviews, counts them and logs them', async () => {
		const { roundId, judgeIds, entryIds } = await twoPanels();
		const result = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(result.added).toBe(16);
		expect(result.balanced).toBe(true);
		// Each judge reviews two entries of the other track (the default), so the panels form one
		// group.
		expect(result.bridging).toBe(8);
		expect(result.components).toBe(1);
		expect(result.groups).toEqual([]);

		const rows = await roundAssignments(roundId);
		const trackOf = (entryId: string) => (entryIds.indexOf(entryId) < 4 ? 0 : 1);
		for (const [index, judgeId] of judgeIds.entries()) {
			const own = rows.filter((row) => row.judgeId === judgeId);
			expect(own.filter((row) => trackOf(row.entryId) !== (index < 2 ? 0 : 1))).toHaveLength(2);
		}
		const [audit] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'round.auto_assign'), eq(auditLog.entityId, roundId)));
		expect(audit?.data).toMatchObject({ added: 16, bridging: 8, components: 1 });
	});

	it('names the groups that conflicts keep apart', async () => {
		const { roundId, judgeIds, entryIds, tracks } = await twoPanels();
		// Every judge has a conflict with every team of the other track.
		for (const [index, judgeId] of judgeIds.entries()) {
			const others = index < 2 ? entryIds.slice(4) : entryIds.slice(0, 4);
			for (const entryId of others) {
				await database.db.insert(judgeConflicts).values({
					challengeId: challenge.id,
					judgeId,
					kind: 'team',
					teamId: await teamOf(entryId),
					source: 'judge',
					status: 'confirmed'
				});
			}
		}
		const result = await autoAssign(database.db, { actorId: organizerId }, { roundId });
		expect(result.added).toBe(16);
		expect(result.bridging).toBe(0);
		expect(result.components).toBe(2);
		expect(result.groups).toEqual([
			{
				judges: ['Judge 0', 'Judge 1'],
				entries: 4,
				tracks: [{ name: tracks[0].name, entries: 4 }]
			},
			{ judges: ['Judge 2', 'Judge 3'], entries: 4, tracks: [{ name: tracks[1].name, entries: 4 }] }
		]);
	});

	it('refuses a closed round', async () => {
		const roundId = await newRound(2, 'closed');
		const error = await refusal(autoAssign(database.db, { actorId: organizerId }, { roundId }));
		expect(error.status).toBe(409);
	});
});

describe('manual changes', () => {
	it('adds by hand, refusing conflicted pairs and duplicates', async () => {
		const roundId = await newRound(2, 'open');
		const [judgeId, otherId] = await judges(2);
		const [entryId] = await addEntries(roundId, 1);
		await database.db.insert(judgeConflicts).values({
			challengeId: challenge.id,
			judgeId: otherId!,
			kind: 'team',
			teamId: await teamOf(entryId!),
			source: 'judge',
			status: 'confirmed'
		});
		const actor = { actorId: organizerId };
		const input = { roundId, entryId: entryId!, judgeId: judgeId! };
		await addAssignment(database.db, actor, input);
		const duplicate = await refusal(addAssignment(database.db, actor, input));
		expect(duplicate.status).toBe(409);
		expect(duplicate.field).toBe('judgeId');
		const conflicted = await refusal(
			addAssignment(database.db, actor, { ...input, judgeId: otherId! })
		);
		expect(conflicted.status).toBe(409);
		expect(conflicted.message).toMatch(/conflict/);
		const notJudge = await refusal(
			addAssignment(database.db, actor, { ...input, judgeId: organizerId })
		);
		expect(notJudge.status).toBe(404);
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'assignment.add'), eq(auditLog.entityId, entryId!)));
		expect(audits).toHaveLength(1);
	});

	it('removes drafts and unstarted work but never submitted work', async () => {
		const roundId = await newRound(3, 'open');
		await judges(3);
		await addEntries(roundId, 1);
		await autoAssign(database.db, { actorId: organizerId }, { roundId });
		const [first, second, third] = await roundAssignments(roundId);
		await score(first!.id, 'submitted');
		await score(second!.id, 'draft');

		const error = await refusal(
			removeAssignment(database.db, { actorId: organizerId }, { assignmentId: first!.id })
		);
		expect(error.status).toBe(409);
		expect(
			await removeAssignment(database.db, { actorId: organizerId }, { assignmentId: second!.id })
		).toMatchObject({ hadDraft: true });
		await removeAssignment(database.db, { actorId: organizerId }, { assignmentId: third!.id });
		expect((await roundAssignments(roundId)).map((row) => row.id)).toEqual([first!.id]);
		const [draft] = await database.db
			.select()
			.from(scores)
			.where(eq(scores.assignmentId, second!.id));
		expect(draft).toBeUndefined();
	});

	it('swaps an unstarted assignment to another judge', async () => {
		const roundId = await newRound(1, 'open');
		const [a, b, c] = await judges(3);
		const [entryId, otherEntry] = await addEntries(roundId, 2);
		const { id } = await addAssignment(
			database.db,
			{ actorId: organizerId },
			{ roundId, entryId: entryId!, judgeId: a! }
		);
		await database.db.insert(judgeConflicts).values({
			challengeId: challenge.id,
			judgeId: c!,
			kind: 'team',
			teamId: await teamOf(entryId!),
			source: 'organizer',
			status: 'confirmed'
		});
		const conflicted = await refusal(
			swapAssignment(database.db, { actorId: organizerId }, { assignmentId: id, newJudgeId: c! })
		);
		expect(conflicted.status).toBe(409);
		const same = await refusal(
			swapAssignment(database.db, { actorId: organizerId }, { assignmentId: id, newJudgeId: a! })
		);
		expect(same.status).toBe(409);
		await swapAssignment(
			database.db,
			{ actorId: organizerId },
			{ assignmentId: id, newJudgeId: b! }
		);
		const rows = await roundAssignments(roundId);
		expect(rows).toEqual([{ id, entryId, judgeId: b, assignedBy: organizerId }]);

		const started = await addAssignment(
			database.db,
			{ actorId: organizerId },
			{ roundId, entryId: otherEntry!, judgeId: a! }
		);
		await score(started.id, 'draft');
		const error = await refusal(
			swapAssignment(
				database.db,
				{ actorId: organizerId },
				{ assignmentId: started.id, newJudgeId: b! }
			)
		);
		expect(error.status).toBe(409);
	});
});

describe('fillEntry', () => {
	it('tops one entry up with the least-loaded judges without a conflict', async () => {
		const roundId = await newRound(2, 'open');
		const [busy, free, conflicted] = await judges(3);
		const [entryId, ...others] = await addEntries(roundId, 3);
		for (const other of others)
			await addAssignment(
				database.db,
				{ actorId: organizerId },
				{ roundId, entryId: other, judgeId: busy! }
			);
		await database.db.insert(judgeConflicts).values({
			challengeId: challenge.id,
			judgeId: conflicted!,
			kind: 'team',
			teamId: await teamOf(entryId!),
			source: 'judge',
			status: 'confirmed'
		});

		const result = await database.db.transaction((tx) => fillEntry(tx, roundId, entryId!));
		expect(result).toMatchObject({ added: 2, short: 0 });
		const rows = (await roundAssignments(roundId)).filter((row) => row.entryId === entryId);
		expect(rows.map((row) => row.judgeId).sort()).toEqual([busy, free].sort());

		// Already full: nothing to do.
		expect(await fillEntry(database.db, roundId, entryId!)).toMatchObject({ added: 0, short: 0 });

		// One judge fewer: the conflicted judge is never used, so one place stays short.
		await database.db.delete(assignments).where(eq(assignments.judgeId, busy!));
		await database.db.delete(userRoles).where(eq(userRoles.userId, busy!));
		expect(await fillEntry(database.db, roundId, entryId!)).toMatchObject({ added: 0, short: 1 });
	});
});

describe('listRoundAssignments', () => {
	it('pages entries by label with their judges', async () => {
		const roundId = await newRound(1, 'open');
		await judges(2);
		await addEntries(roundId, 3);
		await autoAssign(database.db, { actorId: organizerId }, { roundId });
		const first = await listRoundAssignments(database.db, roundId, { pageSize: 2 });
		expect(first.rows.map((row) => row.label)).toEqual([1, 2]);
		expect(first.nextAfter).toBe(2);
		expect(first.rows[0]!.assignments).toHaveLength(1);
		const second = await listRoundAssignments(database.db, roundId, {
			pageSize: 2,
			afterLabel: first.nextAfter!
		});
		expect(second.rows.map((row) => row.label)).toEqual([3]);
		expect(second.nextAfter).toBeNull();
	});
});
