import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freezeClock } from '../clock';
import {
	emailOutbox,
	entries,
	entryVersions,
	roundEntries,
	rounds,
	rubrics,
	teamMembers,
	teams,
	userRoles,
	users
} from '../db/schema';
import { displayZones, formatDateTime } from '../format';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { judgingFixtures } from '../testing/judging-fixtures';
import { addAssignment, autoAssign, swapAssignment } from './assignments';
import { transitionRound } from './rounds';
import { declareConflictOnEntry } from './conflicts';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let rubricId: string;
let organizerId: string;
const BASE_URL = 'https://portal.example.org';
// Inside the fixtures' round window (January 2026).
const DURING = new Date('2026-01-10T09:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const [rubric] = await database.db.select({ id: rubrics.id }).from(rubrics).limit(1);
	rubricId = rubric!.id;
	organizerId = (await createUser(database.db, { roles: ['organizer'] })).id;
});

// Each test brings its own judges: the seeded demo judges lose their role.
beforeEach(async () => {
	freezeClock(DURING);
	await database.db.delete(userRoles).where(eq(userRoles.role, 'judge'));
});
afterEach(() => freezeClock(undefined));

const { newRound, judges } = judgingFixtures(() => ({ db: database.db, challenge, rubricId }));

/** A submitted entry in the round, with a team name and title that mail must not leak. */
async function entryIn(roundId: string, label: number) {
	const marker = randomBytes(4).toString('hex');
	const lead = await createUser(database.db, { name: `Lead ${marker}` });
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId: challenge.id, name: `Team ${marker}` })
		.returning({ id: teams.id });
	await database.db
		.insert(teamMembers)
		.values({ teamId: team!.id, challengeId: challenge.id, userId: lead.id, role: 'lead' });
	const title = `Flood maps ${marker}`;
	const [entry] = await database.db
		.insert(entries)
		.values({ teamId: team!.id, challengeId: challenge.id, status: 'submitted', title })
		.returning({ id: entries.id });
	// The version judges read: round_entries takes the newest one when the row is inserted.
	await database.db
		.insert(entryVersions)
		.values({ entryId: entry!.id, number: 1, revision: 1, content: { title } });
	await database.db.insert(roundEntries).values({ roundId, entryId: entry!.id, label });
	return { id: entry!.id, title, team: `Team ${marker}`, lead: `Lead ${marker}` };
}

async function mailsTo(userId: string) {
	const [user] = await database.db.select().from(users).where(eq(users.id, userId));
	return database.db
		.select()
		.from(emailOutbox)
		.where(eq(emailOutbox.toAddress, user!.email))
		.orderBy(emailOutbox.createdAt);
}

describe('mail when a round opens', () => {
	it('tells each judge once, with all their entries and the window; a blind round by label only', async () => {
		const roundId = await newRound(2);
		const [busy, light, idle] = await judges(3);
		const first = await entryIn(roundId, 1);
		const second = await entryIn(roundId, 2);
		// Assignments in a draft round are no news yet.
		for (const [entryId, judgeId] of [
			[first.id, busy],
			[second.id, busy],
			[second.id, light]
		])
			await addAssignment(
				database.db,
				{ actorId: organizerId, baseUrl: BASE_URL },
				{ roundId, entryId: entryId!, judgeId: judgeId! }
			);
		expect(await mailsTo(busy!)).toEqual([]);

		const actor = { actorId: organizerId, baseUrl: BASE_URL };
		const opened = await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId,
			transition: 'open'
		});
		expect(opened.judgesMailed).toBe(2);

		const [busyMail, ...more] = await mailsTo(busy!);
		expect(more).toEqual([]);
		expect(busyMail!.template).toBe('judging_round_opened');
		expect(busyMail!.subject).toContain('is open');
		expect(busyMail!.textBody).toContain('- Entry 1\n- Entry 2\n');
		expect(busyMail!.htmlBody).toContain('<ul><li>Entry 1</li><li>Entry 2</li></ul>');
		expect(busyMail!.textBody).toContain(`${BASE_URL}/judge`);
		const [round] = await database.db.select().from(rounds).where(eq(rounds.id, roundId));
		expect(busyMail!.textBody).toContain(
			formatDateTime(round!.opensAt, 'en', displayZones(null, challenge.timeZone))
		);
		expect(busyMail!.textBody).toContain(
			formatDateTime(round!.closesAt, 'en', displayZones(null, challenge.timeZone))
		);
		expect(busyMail!.textBody).toContain('This round is blind');
		for (const leak of [first.title, first.team, first.lead, second.title, second.team])
			expect(`${busyMail!.subject} ${busyMail!.textBody} ${busyMail!.htmlBody}`).not.toContain(
				leak
			);

		const lightMails = await mailsTo(light!);
		expect(lightMails).toHaveLength(1);
		expect(lightMails[0]!.textBody).toContain('- Entry 2\n');
		expect(lightMails[0]!.textBody).not.toContain('Entry 1');
		expect(await mailsTo(idle!)).toEqual([]);

		// Closing and reopening changes no one's work: no second mail.
		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId,
			transition: 'close'
		});
		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId,
			transition: 'reopen'
		});
		expect(await mailsTo(busy!)).toHaveLength(1);
	});
});

describe('mail when entries are assigned in an open round', () => {
	it('tells the judge of the new entries only, by title outside blind rounds, in the same transaction', async () => {
		const roundId = await newRound(1, 'open');
		await database.db.update(rounds).set({ blind: false }).where(eq(rounds.id, roundId));
		const [first, second] = await judges(2);
		const one = await entryIn(roundId, 1);
		const two = await entryIn(roundId, 2);
		const three = await entryIn(roundId, 3);

		await addAssignment(
			database.db,
			{ actorId: organizerId, baseUrl: BASE_URL },
			{ roundId, entryId: one.id, judgeId: first! }
		);
		const [byHand] = await mailsTo(first!);
		expect(byHand!.template).toBe('judging_new_assignments');
		expect(byHand!.textBody).toContain(`- ${one.title}\n`);
		expect(byHand!.textBody).not.toContain('This round is blind');

		// The automatic assignment gives the two other entries: one mail per judge, new ones only.
		const result = await autoAssign(
			database.db,
			{ actorId: organizerId, baseUrl: BASE_URL },
			{ roundId }
		);
		expect(result.added).toBe(2);
		const firstMails = await mailsTo(first!);
		const secondMails = await mailsTo(second!);
		// At most one mail per judge for the run, whatever number of entries it gave them.
		expect(firstMails.length).toBeLessThanOrEqual(2);
		expect(secondMails.length).toBeLessThanOrEqual(1);
		const autoMails = [...firstMails.slice(1), ...secondMails];
		expect(autoMails.length).toBeGreaterThanOrEqual(1);
		expect(autoMails.every((mail) => !mail.textBody.includes(one.title))).toBe(true);
		expect(autoMails.map((mail) => mail.textBody).join('\n')).toContain(two.title);
		expect(autoMails.map((mail) => mail.textBody).join('\n')).toContain(three.title);

		// A refused change sends nothing (the mail is part of the transaction).
		const before = (await mailsTo(first!)).length;
		await expect(
			addAssignment(
				database.db,
				{ actorId: organizerId, baseUrl: BASE_URL },
				{ roundId, entryId: one.id, judgeId: first! }
			)
		).rejects.toThrow();
		expect(await mailsTo(first!)).toHaveLength(before);
	});

	it('tells the judge an assignment moves to, and the judge who takes over after a conflict', async () => {
		const roundId = await newRound(1, 'open');
		const [owner, other, spare] = await judges(3);
		const entry = await entryIn(roundId, 1);
		const { id: assignmentId } = await addAssignment(
			database.db,
			{ actorId: organizerId },
			{ roundId, entryId: entry.id, judgeId: owner! }
		);
		await swapAssignment(
			database.db,
			{ actorId: organizerId, baseUrl: BASE_URL },
			{ assignmentId, newJudgeId: other! }
		);
		const [moved] = await mailsTo(other!);
		expect(moved!.template).toBe('judging_new_assignments');
		expect(moved!.textBody).toContain('- Entry 1\n');

		// The judge declares a conflict: the entry goes to the only other judge left, who is told.
		await database.db.delete(userRoles).where(eq(userRoles.userId, owner!));
		await declareConflictOnEntry(
			database.db,
			{ actorId: other!, baseUrl: BASE_URL },
			{ assignmentId, reason: 'A relative', at: DURING }
		);
		const mails = await mailsTo(spare!).then((rows) =>
			rows.filter((row) => row.template === 'judging_new_assignments')
		);
		expect(mails).toHaveLength(1);
		expect(mails[0]!.textBody).toContain('- Entry 1\n');
		expect(mails[0]!.textBody).not.toContain(entry.team);
	});

	it('sends nothing for assignments in a draft round', async () => {
		const roundId = await newRound(1);
		const [judge] = await judges(1);
		await entryIn(roundId, 1);
		await autoAssign(database.db, { actorId: organizerId, baseUrl: BASE_URL }, { roundId });
		const sent = await database.db
			.select()
			.from(emailOutbox)
			.where(
				and(eq(emailOutbox.userId, judge!), eq(emailOutbox.template, 'judging_new_assignments'))
			);
		expect(sent).toEqual([]);
	});
});
