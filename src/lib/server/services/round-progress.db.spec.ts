import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freezeClock, MINUTE } from '../clock';
import { auditLog, emailOutbox, rubrics, userRoles } from '../db/schema';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { judgingFixtures } from '../testing/judging-fixtures';
import { autoAssign } from './assignments';
import { getEntryProgress, getRoundProgress, sendReminders } from './round-progress';

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

afterEach(() => freezeClock(undefined));

describe('round progress', () => {
	it('counts only submitted scores, by judge and by entry', async () => {
		const roundId = await newRound(2, 'open');
		const [a, b] = await judges(2);
		const [first, second] = await addEntries(roundId, 2);
		await addEntries(roundId, 1, 'withdrawn');
		await autoAssign(database.db, { actorId: organizerId }, { roundId });
		const rows = await roundAssignments(roundId);
		const of = (judgeId: string, entryId: string) =>
			rows.find((row) => row.judgeId === judgeId && row.entryId === entryId)!.id;
		await score(of(a!, first!), 'submitted', 8000);
		await score(of(b!, first!), 'submitted', 6000);
		await score(of(a!, second!), 'draft');

		const progress = await getRoundProgress(database.db, roundId);
		expect(progress.totals).toEqual({
			assignments: 4,
			submitted: 2,
			drafts: 1,
			notStarted: 1,
			percent: 50,
			entries: 2,
			entriesWithoutJudge: 0
		});
		const byA = progress.byJudge.find((row) => row.judgeId === a)!;
		expect(byA).toMatchObject({ assigned: 2, submitted: 1, drafts: 1, notStarted: 0 });
		expect(byA.lastActivity).toBeInstanceOf(Date);
		const byB = progress.byJudge.find((row) => row.judgeId === b)!;
		expect(byB).toMatchObject({ assigned: 2, submitted: 1, drafts: 0, notStarted: 1 });

		const entriesPage = await getEntryProgress(database.db, roundId);
		expect(entriesPage.rows).toHaveLength(2);
		expect(entriesPage.rows[0]).toMatchObject({
			entryId: first,
			assigned: 2,
			submitted: 2,
			meanHundredths: 7000
		});
		// A draft never counts towards the mean.
		expect(entriesPage.rows[1]).toMatchObject({ submitted: 0, meanHundredths: null });
		const paged = await getEntryProgress(database.db, roundId, { pageSize: 1 });
		expect(paged.nextAfter).toBe(1);
	});
});

describe('round progress of entries with no judge', () => {
	it('counts the entries nobody scores beside the score sheets', async () => {
		const roundId = await newRound(1, 'open');
		await judges(1);
		const [assigned] = await addEntries(roundId, 1);
		await autoAssign(database.db, { actorId: organizerId }, { roundId });
		const [first] = await roundAssignments(roundId);
		expect(first!.entryId).toBe(assigned);
		await score(first!.id, 'submitted', 7000);
		// Two more entries after the assignment, and a withdrawn one that never counts.
		await addEntries(roundId, 2);
		await addEntries(roundId, 1, 'withdrawn');
		expect((await getRoundProgress(database.db, roundId)).totals).toMatchObject({
			assignments: 1,
			submitted: 1,
			percent: 100,
			entries: 3,
			entriesWithoutJudge: 2
		});
	});
});

describe('sendReminders', () => {
	it('emails judges with unfinished work once per 10 minutes, logging each', async () => {
		freezeClock(new Date('2026-06-01T10:00:00Z'));
		const roundId = await newRound(1, 'open');
		const [done, waiting] = await judges(2);
		const [first, second] = await addEntries(roundId, 2);
		await autoAssign(database.db, { actorId: organizerId }, { roundId });
		const rows = await roundAssignments(roundId);
		const doneRow = rows.find((row) => row.judgeId === done)!;
		await score(doneRow.id, 'submitted');
		expect([first, second]).toContain(doneRow.entryId);

		const result = await sendReminders(
			database.db,
			{ actorId: organizerId, locale: 'en', baseUrl: 'https://x.test' },
			{ roundId }
		);
		expect(result).toEqual({ sent: 1, skipped: 0, pending: 1 });
		const mail = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.template, 'judging_reminder'));
		expect(mail).toHaveLength(1);
		expect(mail[0]!.userId).toBe(waiting);
		expect(mail[0]!.textBody).toContain('https://x.test/judge');

		freezeClock(new Date('2026-06-01T10:05:00Z'));
		expect(
			await sendReminders(database.db, { actorId: organizerId, locale: 'en' }, { roundId })
		).toEqual({
			sent: 0,
			skipped: 1,
			pending: 1
		});
		const progress = await getRoundProgress(database.db, roundId);
		expect(progress.byJudge.find((row) => row.judgeId === waiting)!.lastReminded).toEqual(
			new Date('2026-06-01T10:00:00Z')
		);

		freezeClock(new Date(new Date('2026-06-01T10:00:00Z').getTime() + 11 * MINUTE));
		expect(
			await sendReminders(database.db, { actorId: organizerId, locale: 'en' }, { roundId })
		).toMatchObject({
			sent: 1
		});
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'round.reminders'), eq(auditLog.entityId, roundId)));
		expect(audits).toHaveLength(3);
	});

	it('refuses a round that is not open', async () => {
		const roundId = await newRound(1, 'draft');
		const error = await refusal(
			sendReminders(database.db, { actorId: organizerId, locale: 'en' }, { roundId })
		);
		expect(error.status).toBe(409);
	});
});
