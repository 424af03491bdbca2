import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, freezeClock } from '../../clock';
import {
	assignments,
	auditLog,
	entries,
	entryVersions,
	files,
	judgeConflicts,
	roundEntries,
	rounds,
	rubricCriteria,
	rubrics,
	scoreItems,
	scores,
	teamMembers,
	teams,
	userRoles,
	users,
	type Round,
	type RubricCriterion
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { demoChallenge } from '../../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { createUser, TEST_PASSWORD } from '../../testing/fixtures';
import { deleteAccount } from '../accounts';
import { listAccounts } from '../admin-accounts';
import { getLeaderboard } from '../leaderboard';
import { declareConflictOnEntry } from '../conflicts';
import {
	findJudgeFile,
	getScoringView,
	judgeDashboard,
	nextUnscoredAssignment,
	saveScore,
	type SaveScoreInput
} from '.';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let screening: Round; // blind, peer scores never
let final: Round; // open identities, peer scores after submit
let criteria: RubricCriterion[];
const NOW = new Date('2026-10-01T09:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const window = {
		state: 'open' as const,
		opensAt: new Date(NOW.getTime() - DAY),
		closesAt: new Date(NOW.getTime() + 10 * DAY)
	};
	[screening] = await database.db
		.update(rounds)
		.set(window)
		.where(and(eq(rounds.challengeId, challenge.id), eq(rounds.position, 1)))
		.returning();
	[final] = await database.db
		.update(rounds)
		.set(window)
		.where(and(eq(rounds.challengeId, challenge.id), eq(rounds.position, 2)))
		.returning();
	criteria = await database.db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.rubricId, screening.rubricId))
		.orderBy(asc(rubricCriteria.position));
});
afterEach(() => freezeClock(undefined));

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

let labelCounter = 0;
const noFiles = { put: async () => {}, get: async () => null, delete: async () => {} };

/** A submitted entry of a new team whose answers mention its own name, members and links. */
async function makeEntry(options: { rounds?: Round[] } = {}) {
	const suffix = randomBytes(3).toString('hex');
	const teamName = `Harbor Lights ${suffix}`;
	const lead = await createUser(database.db, {
		name: `Minji Seo${suffix}`,
		email: `minji.${suffix}@school.example.org`
	});
	const member = await createUser(database.db, { name: `김도윤${suffix}` });
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId: challenge.id, name: teamName })
		.returning();
	await database.db.insert(teamMembers).values([
		{ teamId: team.id, challengeId: challenge.id, userId: lead.id, role: 'lead' },
		{ teamId: team.id, challengeId: challenge.id, userId: member.id, role: 'member' }
	]);
	const fileRow = async (kind: 'cover' | 'deck') =>
		(
			await database.db
				.insert(files)
				.values({
					teamId: team.id,
					kind,
					storageKey: `teams/${team.id}/${randomBytes(6).toString('hex')}.${kind === 'cover' ? 'webp' : 'pdf'}`,
					contentType: kind === 'cover' ? 'image/webp' : 'application/pdf',
					byteSize: 100,
					storedBytes: 100,
					sha256: randomBytes(32).toString('hex')
				})
				.returning()
		)[0];
	const cover = await fileRow('cover');
	const deck = await fileRow('deck');
	const [entry] = await database.db
		.insert(entries)
		.values({
			teamId: team.id,
			challengeId: challenge.id,
			status: 'submitted',
			submittedAt: NOW,
			title: `Flood alerts by ${teamName}`,
			tagline: 'Warnings that reach everyone',
			problem: `We, team ${teamName.toUpperCase()}, saw floods. Minji Seo${suffix} (minji.${suffix}@school.example.org) led it; contact anyone@else.example.com.`,
			solution: `${member.name}가 모델을 만들었습니다. See https://github.com/harbor-lights-${suffix}/app for code.`,
			videoUrl: 'https://video.example.com/watch?v=abc123',
			repositoryUrl: `https://github.com/Harbor-Lights-${suffix}`,
			prototypeUrl: '',
			coverFileId: cover.id,
			deckFileId: deck.id
		})
		.returning();
	// Submitted as it stands: judges read this version, never the live entry.
	await recordVersion(entry);
	for (const round of options.rounds ?? [screening])
		await database.db
			.insert(roundEntries)
			.values({ roundId: round.id, entryId: entry.id, label: ++labelCounter });
	return { entry, team, teamName, lead, member, suffix };
}

/** A submitted version of the entry as it stands now (what submitEntry stores). */
async function recordVersion(entry: typeof entries.$inferSelect) {
	const { id: _id, teamId: _team, challengeId: _challenge, status: _status, ...content } = entry;
	const [latest] = await database.db
		.select({ number: entryVersions.number })
		.from(entryVersions)
		.where(eq(entryVersions.entryId, entry.id))
		.orderBy(desc(entryVersions.number))
		.limit(1);
	const number = (latest?.number ?? 0) + 1;
	await database.db.insert(entryVersions).values({
		entryId: entry.id,
		number,
		revision: number,
		content: JSON.parse(JSON.stringify(content))
	});
	return number;
}

async function assign(roundId: string, entryId: string, judgeId: string) {
	const [row] = await database.db
		.insert(assignments)
		.values({ roundId, entryId, judgeId })
		.returning();
	return row;
}

const judge = () => createUser(database.db, { roles: ['judge'] });

function fullSheet(value = 4): Record<string, number> {
	return Object.fromEntries(criteria.map((criterion) => [criterion.id, value]));
}

function input(overrides: Partial<SaveScoreInput> & Pick<SaveScoreInput, 'assignmentId'>) {
	return { values: {}, intent: 'draft' as const, ...overrides };
}

/** Everything the database holds about an assignment's score, to compare before and after. */
async function snapshot(assignmentId: string) {
	const [score] = await database.db
		.select()
		.from(scores)
		.where(eq(scores.assignmentId, assignmentId));
	const items = await database.db
		.select()
		.from(scoreItems)
		.where(eq(scoreItems.assignmentId, assignmentId))
		.orderBy(asc(scoreItems.criterionId));
	return JSON.stringify({ score: score ?? null, items });
}

describe('saveScore', () => {
	it('saves a draft, then submits with a weighted total and locks the rubric', async () => {
		freezeClock(NOW);
		const me = await judge();
		const { entry } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		const [first, ...rest] = criteria;
		const draft = await saveScore(
			database.db,
			{ actorId: me.id },
			input({
				assignmentId: assignment.id,
				values: { [first.id]: 3 },
				comments: { [first.id]: 'Clear problem statement.' },
				overallComment: 'Promising',
				feedback: 'Add evidence of need.',
				privateNote: 'Check the partner letter.'
			})
		);
		expect(draft).toMatchObject({ status: 'draft', totalHundredths: null });
		const view = await getScoringView(database.db, me.id, assignment.id);
		expect(view.score).toMatchObject({
			status: 'draft',
			overallComment: 'Promising',
			feedback: 'Add evidence of need.',
			privateNote: 'Check the partner letter.'
		});
		expect(view.criteria[0]).toMatchObject({ value: 3, comment: 'Clear problem statement.' });
		expect(view.criteria.slice(1).every((criterion) => criterion.value === null)).toBe(true);
		const [rubric] = await database.db
			.select()
			.from(rubrics)
			.where(eq(rubrics.id, screening.rubricId));
		expect(rubric.lockedAt).not.toBeNull();

		const values = { [first.id]: 5, ...Object.fromEntries(rest.map((c) => [c.id, 1])) };
		const submitted = await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values, intent: 'submit' })
		);
		// Relevance is 20% of the weight: 5 on 1–5 is 100% of it, the rest 0.
		expect(submitted).toEqual({
			status: 'submitted',
			totalHundredths: 2000,
			roundId: screening.id
		});
		const [row] = await database.db
			.select()
			.from(scores)
			.where(eq(scores.assignmentId, assignment.id));
		expect(row).toMatchObject({
			status: 'submitted',
			totalHundredths: 2000,
			rubricId: screening.rubricId
		});
		expect(row.submittedAt?.toISOString()).toBe(NOW.toISOString());
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, assignment.id), eq(auditLog.action, 'score.submitted')));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: me.id, data: { totalHundredths: 2000 } });
		// Comments not sent again are cleared: the form always sends the whole sheet.
		const items = await database.db
			.select()
			.from(scoreItems)
			.where(eq(scoreItems.assignmentId, assignment.id));
		expect(items).toHaveLength(criteria.length);
		expect(items.every((item) => item.scaleMin === 1 && item.scaleMax === 5)).toBe(true);

		// Still editable (re-submit) while the round is open.
		freezeClock(new Date(NOW.getTime() + DAY));
		const again = await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: fullSheet(5), intent: 'submit' })
		);
		expect(again.totalHundredths).toBe(10000);
	});

	it('refuses to submit an incomplete sheet, naming the criterion; nothing changes', async () => {
		freezeClock(NOW);
		const me = await judge();
		const { entry } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: { [criteria[0].id]: 2 } })
		);
		const before = await snapshot(assignment.id);
		const values: Record<string, number | null> = fullSheet(3);
		values[criteria[2].id] = null;
		const error = await refusal(
			saveScore(
				database.db,
				{ actorId: me.id },
				input({ assignmentId: assignment.id, values, intent: 'submit' })
			)
		);
		expect(error.status).toBe(400);
		expect(error.field).toBe(`value.${criteria[2].id}`);
		expect(error.message).toContain(criteria[2].name);
		expect(await snapshot(assignment.id)).toBe(before);
	});

	it('rejects tampered values with 400 on the field and leaves the database unchanged', async () => {
		freezeClock(NOW);
		const me = await judge();
		const { entry } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: fullSheet(2) })
		);
		const before = await snapshot(assignment.id);
		const target = criteria[1];
		const tampered: unknown[] = [6, 0, -1, 2.5, '3', Number.NaN, Infinity, true, {}];
		for (const value of tampered) {
			const values = { ...fullSheet(3), [target.id]: value } as Record<string, number>;
			const error = await refusal(
				saveScore(
					database.db,
					{ actorId: me.id },
					input({ assignmentId: assignment.id, values, intent: 'submit' })
				)
			);
			expect([error.status, error.field]).toEqual([400, `value.${target.id}`]);
			expect(error.message).toBe(`${target.name}: choose a score between 1 and 5`);
		}
		const unknown = await refusal(
			saveScore(
				database.db,
				{ actorId: me.id },
				input({
					assignmentId: assignment.id,
					values: { ...fullSheet(3), [crypto.randomUUID()]: 3 }
				})
			)
		);
		expect(unknown.status).toBe(400);
		const unknownComment = await refusal(
			saveScore(
				database.db,
				{ actorId: me.id },
				input({ assignmentId: assignment.id, values: fullSheet(3), comments: { nope: 'x' } })
			)
		);
		expect(unknownComment.status).toBe(400);
		const long = await refusal(
			saveScore(
				database.db,
				{ actorId: me.id },
				input({ assignmentId: assignment.id, values: fullSheet(3), feedback: 'x'.repeat(4001) })
			)
		);
		expect([long.status, long.field]).toEqual([400, 'feedback']);
		expect(await snapshot(assignment.id)).toBe(before);
	});

	it("gives 404 for another judge's assignment, a forged judge and an unknown assignment", async () => {
		freezeClock(NOW);
		const me = await judge();
		const other = await judge();
		const { entry } = await makeEntry();
		const mine = await assign(screening.id, entry.id, me.id);
		const theirs = await assign(screening.id, entry.id, other.id);
		await saveScore(
			database.db,
			{ actorId: other.id },
			input({ assignmentId: theirs.id, values: fullSheet(2) })
		);
		const before = await snapshot(theirs.id);
		for (const [judgeId, attempt] of [
			[me.id, input({ assignmentId: theirs.id, values: fullSheet(5) })],
			[crypto.randomUUID(), input({ assignmentId: mine.id, values: fullSheet(5) })],
			[me.id, input({ assignmentId: crypto.randomUUID(), values: fullSheet(5) })]
		] as const)
			expect((await refusal(saveScore(database.db, { actorId: judgeId }, attempt))).status).toBe(
				404
			);
		expect(await snapshot(theirs.id)).toBe(before);
		expect(await snapshot(mine.id)).toBe(JSON.stringify({ score: null, items: [] }));
		expect((await refusal(getScoringView(database.db, me.id, theirs.id))).status).toBe(404);
		expect(
			(
				await refusal(
					declareConflictOnEntry(
						database.db,
						{ actorId: me.id },
						{ assignmentId: theirs.id, reason: '' }
					)
				)
			).status
		).toBe(404);
	});

	it('gives 404 outside the window: before it opens, after it closes, or when not open', async () => {
		const me = await judge();
		const { entry } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		const save = () =>
			saveScore(
				database.db,
				{ actorId: me.id },
				input({ assignmentId: assignment.id, values: fullSheet(3) })
			);
		freezeClock(new Date(screening.opensAt.getTime() - 1));
		expect((await refusal(save())).status).toBe(404);
		freezeClock(screening.closesAt);
		expect((await refusal(save())).status).toBe(404);
		expect(
			(
				await refusal(
					declareConflictOnEntry(
						database.db,
						{ actorId: me.id },
						{ assignmentId: assignment.id, reason: '' }
					)
				)
			).status
		).toBe(404);
		// Read-only after the deadline.
		const view = await getScoringView(database.db, me.id, assignment.id);
		expect(view.round.windowOpen).toBe(false);
		freezeClock(NOW);
		expect((await save()).status).toBe('draft');
		await database.db.update(rounds).set({ state: 'closed' }).where(eq(rounds.id, screening.id));
		try {
			expect((await refusal(save())).status).toBe(404);
			await database.db.update(rounds).set({ state: 'draft' }).where(eq(rounds.id, screening.id));
			expect((await refusal(save())).status).toBe(404);
			// A round not opened yet is not shown at all.
			expect((await refusal(getScoringView(database.db, me.id, assignment.id))).status).toBe(404);
			expect(await judgeDashboard(database.db, me.id)).toEqual([]);
		} finally {
			await database.db.update(rounds).set({ state: 'open' }).where(eq(rounds.id, screening.id));
		}
	});

	it('is backed by CHECK and foreign keys: out-of-scale or mismatched items never reach the table', async () => {
		freezeClock(NOW);
		const me = await judge();
		const { entry } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: fullSheet(3) })
		);
		const criterion = criteria[0];
		await expect(
			database.db
				.update(scoreItems)
				.set({ value: 9 })
				.where(
					and(eq(scoreItems.assignmentId, assignment.id), eq(scoreItems.criterionId, criterion.id))
				)
		).rejects.toThrow();
		// Widening the copied scale does not help: the composite key ties it to the criterion.
		await expect(
			database.db
				.update(scoreItems)
				.set({ scaleMax: 10, value: 9 })
				.where(
					and(eq(scoreItems.assignmentId, assignment.id), eq(scoreItems.criterionId, criterion.id))
				)
		).rejects.toThrow();
	});
});

describe('judge views', () => {
	it('lists only the judge’s assignments with progress, labels in blind rounds, titles otherwise', async () => {
		freezeClock(NOW);
		const me = await judge();
		const other = await judge();
		const blindOne = await makeEntry();
		const blindTwo = await makeEntry();
		const open = await makeEntry({ rounds: [final] });
		const a1 = await assign(screening.id, blindOne.entry.id, me.id);
		const a2 = await assign(screening.id, blindTwo.entry.id, me.id);
		const a3 = await assign(final.id, open.entry.id, me.id);
		await assign(screening.id, blindOne.entry.id, other.id);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: a1.id, values: fullSheet(4), intent: 'submit' })
		);
		await saveScore(database.db, { actorId: me.id }, input({ assignmentId: a2.id, values: {} }));

		const dashboard = await judgeDashboard(database.db, me.id);
		expect(dashboard.map((round) => [round.name, round.scored, round.total])).toEqual([
			['Screening', 1, 2],
			['Final', 0, 1]
		]);
		expect(dashboard[0].rows.map((row) => row.status)).toEqual(['submitted', 'draft']);
		expect(
			dashboard[0].rows.every((row) => row.title === null && typeof row.label === 'number')
		).toBe(true);
		expect(dashboard[1].rows[0]).toMatchObject({
			assignmentId: a3.id,
			label: null,
			title: open.entry.title,
			status: 'not_started'
		});
		expect(dashboard[0].windowOpen).toBe(true);
		const text = JSON.stringify(dashboard[0]);
		expect(text).not.toContain(blindOne.teamName);
		expect(text).not.toContain('Harbor');

		expect(await nextUnscoredAssignment(database.db, me.id, screening.id, a1.id)).toBe(a2.id);
		expect(await nextUnscoredAssignment(database.db, me.id, screening.id, a2.id)).toBeNull();
	});

	it('hides the team in blind rounds: no names, emails, identifying links or deck', async () => {
		freezeClock(NOW);
		const me = await judge();
		const blind = await makeEntry();
		const assignment = await assign(screening.id, blind.entry.id, me.id);
		const view = await getScoringView(database.db, me.id, assignment.id);
		const text = JSON.stringify(view).toLowerCase();
		for (const secret of [
			blind.teamName,
			'harbor',
			'minji',
			`seo${blind.suffix}`,
			blind.lead.email,
			blind.member.name,
			blind.member.email,
			'anyone@else',
			blind.entry.teamId,
			blind.entry.id,
			blind.entry.coverFileId as string
		])
			expect(text, secret).not.toContain(secret.toLowerCase());
		expect(view.entry).toMatchObject({
			title: null,
			teamName: null,
			deck: false,
			deckWithheld: true
		});
		const answer = (key: string) => view.entry.answers.find((item) => item.key === key);
		expect(answer('problem')?.html).toContain('[redacted]');
		expect(answer('solution')?.html).toContain('[link: github.com]');
		// Only the redacted HTML of a Markdown answer is sent, never the Markdown itself.
		for (const item of view.entry.answers.filter((item) => item.kind === 'markdown'))
			expect(item.text, item.key).toBe('');
		expect(answer('title')?.text).toBe('Flood alerts by [redacted]');
		expect(answer('repositoryUrl')?.link).toEqual({ kind: 'hidden' });
		expect(answer('videoUrl')?.link).toMatchObject({ kind: 'masked', host: 'video.example.com' });
		expect(answer('prototypeUrl')?.link).toEqual({ kind: 'empty' });
		expect(await findJudgeFile(database.db, me.id, assignment.id, 'deck')).toBeNull();
		const cover = await findJudgeFile(database.db, me.id, assignment.id, 'cover');
		expect(cover?.file.id).toBe(blind.entry.coverFileId);

		// Outside blind rounds the team is named and the deck offered.
		const open = await makeEntry({ rounds: [final] });
		const openAssignment = await assign(final.id, open.entry.id, me.id);
		const openView = await getScoringView(database.db, me.id, openAssignment.id);
		expect(openView.entry).toMatchObject({
			title: open.entry.title,
			teamName: open.teamName,
			deck: true
		});
		expect(await findJudgeFile(database.db, me.id, openAssignment.id, 'deck')).not.toBeNull();
		const stranger = await judge();
		expect(await findJudgeFile(database.db, stranger.id, openAssignment.id, 'cover')).toBeNull();
	});

	it("shows other judges' submitted scores as Judge A/B only after submitting, and only if allowed", async () => {
		freezeClock(NOW);
		const [me, second, third] = [await judge(), await judge(), await judge()];
		const open = await makeEntry({ rounds: [final, screening] });
		const mine = await assign(final.id, open.entry.id, me.id);
		const secondAssignment = await assign(final.id, open.entry.id, second.id);
		const thirdAssignment = await assign(final.id, open.entry.id, third.id);
		await saveScore(
			database.db,
			{ actorId: second.id },
			input({ assignmentId: secondAssignment.id, values: fullSheet(5), intent: 'submit' })
		);
		await saveScore(
			database.db,
			{ actorId: third.id },
			input({ assignmentId: thirdAssignment.id, values: fullSheet(2) })
		);
		expect((await getScoringView(database.db, me.id, mine.id)).peers).toEqual([]);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: mine.id, values: fullSheet(3), intent: 'submit' })
		);
		const view = await getScoringView(database.db, me.id, mine.id);
		expect(view.peers).toEqual([{ letter: 'A', totalHundredths: 10000, values: fullSheet(5) }]);
		const text = JSON.stringify(view.peers);
		expect(text).not.toContain(second.id);
		expect(text).not.toContain(second.name);

		// Screening has peer scores 'never'.
		const blindMine = await assign(screening.id, open.entry.id, me.id);
		const blindSecond = await assign(screening.id, open.entry.id, second.id);
		await saveScore(
			database.db,
			{ actorId: second.id },
			input({ assignmentId: blindSecond.id, values: fullSheet(5), intent: 'submit' })
		);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: blindMine.id, values: fullSheet(5), intent: 'submit' })
		);
		expect((await getScoringView(database.db, me.id, blindMine.id)).peers).toEqual([]);
	});
});

describe('declareConflictOnEntry', () => {
	it('records a confirmed team conflict, suspends the assignment (its sheet kept, hidden) and finds another judge', async () => {
		freezeClock(NOW);
		const me = await judge();
		const { entry, team } = await makeEntry();
		const assignment = await assign(screening.id, entry.id, me.id);
		await saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: fullSheet(2) })
		);
		const sheet = await snapshot(assignment.id);
		// Another judge is free to take it.
		const spare = await judge();
		await database.db
			.insert(userRoles)
			.values({ userId: spare.id, role: 'judge' })
			.onConflictDoNothing();
		const result = await declareConflictOnEntry(
			database.db,
			{ actorId: me.id },
			{ assignmentId: assignment.id, reason: 'My cousin is in this team' }
		);
		expect(result.roundId).toBe(screening.id);
		expect(result.added).toBeGreaterThanOrEqual(1);
		const conflicts = await database.db
			.select()
			.from(judgeConflicts)
			.where(eq(judgeConflicts.judgeId, me.id));
		expect(conflicts).toHaveLength(1);
		expect(conflicts[0]).toMatchObject({
			kind: 'team',
			teamId: team.id,
			source: 'judge',
			status: 'confirmed',
			value: '',
			reason: 'My cousin is in this team'
		});
		const [kept] = await database.db
			.select()
			.from(assignments)
			.where(eq(assignments.id, assignment.id));
		expect(kept?.suspendedAt).not.toBeNull();
		expect(await snapshot(assignment.id)).toBe(sheet);
		expect((await refusal(getScoringView(database.db, me.id, assignment.id))).status).toBe(404);
		const now = await database.db
			.select({ judgeId: assignments.judgeId })
			.from(assignments)
			.where(
				and(
					eq(assignments.roundId, screening.id),
					eq(assignments.entryId, entry.id),
					isNull(assignments.suspendedAt)
				)
			);
		expect(now.length).toBeGreaterThanOrEqual(1);
		expect(now.map((row) => row.judgeId)).not.toContain(me.id);
	});
});

describe('a confirmed conflict on an assignment with a submitted review', () => {
	it('suspends it at once: hidden from the judge, counted in no figure, restored when dismissed', async () => {
		// The conflicted judge kept the page and the cover, and a submitted 100 ranked the entry first.
		freezeClock(NOW);
		const { entry, team } = await makeEntry();
		const biased = await judge();
		const fair = await judge();
		const mine = await assign(screening.id, entry.id, biased.id);
		const theirs = await assign(screening.id, entry.id, fair.id);
		await saveScore(
			database.db,
			{ actorId: biased.id },
			input({ assignmentId: mine.id, values: fullSheet(5), intent: 'submit' })
		);
		await saveScore(
			database.db,
			{ actorId: fair.id },
			input({ assignmentId: theirs.id, values: fullSheet(2), intent: 'submit' })
		);
		const rowOf = async () =>
			(await getLeaderboard(database.db, challenge.id, screening.id))!.rows.find(
				(row) => row.entryId === entry.id
			)!;
		const before = await rowOf();
		expect(before.reviews).toBe(2);

		// The organizer confirms what the system suggested (any path to a confirmed conflict).
		const [conflict] = await database.db
			.insert(judgeConflicts)
			.values({
				challengeId: challenge.id,
				judgeId: biased.id,
				kind: 'team',
				teamId: team.id,
				source: 'system',
				status: 'suggested'
			})
			.returning();
		expect((await rowOf()).reviews).toBe(2);
		await database.db
			.update(judgeConflicts)
			.set({ status: 'confirmed' })
			.where(eq(judgeConflicts.id, conflict!.id));

		const during = await rowOf();
		expect(during.reviews).toBe(1);
		expect(during.rawMean).toBeLessThan(before.rawMean!);
		expect(during.flags).toContain('conflict');
		expect((await refusal(getScoringView(database.db, biased.id, mine.id))).status).toBe(404);
		expect(await findJudgeFile(database.db, biased.id, mine.id, 'cover')).toBeNull();
		expect((await judgeDashboard(database.db, biased.id)).flatMap((round) => round.rows)).toEqual(
			[]
		);
		expect(
			(
				await refusal(
					saveScore(database.db, { actorId: biased.id }, input({ assignmentId: mine.id }))
				)
			).status
		).toBe(404);

		await database.db
			.update(judgeConflicts)
			.set({ status: 'dismissed' })
			.where(eq(judgeConflicts.id, conflict!.id));
		expect(await rowOf()).toMatchObject({ reviews: 2, rawMean: before.rawMean });
		expect((await getScoringView(database.db, biased.id, mine.id)).score.status).toBe('submitted');
	});
});

describe('what judges read', () => {
	it('is the version that entered the round, never the team’s later edits or re-submissions', async () => {
		// The score page read the live entry: a judge saw a team's unsubmitted edits.
		freezeClock(NOW);
		// The final round shows titles (the screening round is blind).
		const { entry } = await makeEntry({ rounds: [final] });
		const me = await judge();
		const assignment = await assign(final.id, entry.id, me.id);
		const submittedTitle = entry.title;
		await database.db
			.update(entries)
			.set({ title: 'UNSUBMITTED DRAFT TITLE', problem: 'A draft nobody submitted.' })
			.where(eq(entries.id, entry.id));
		let view = await getScoringView(database.db, me.id, assignment.id);
		expect(view.entry.title).toBe(submittedTitle);
		expect(JSON.stringify(view)).not.toContain('UNSUBMITTED');
		// Submitted again while the round is open: its judges keep the version they were given.
		const [edited] = await database.db.select().from(entries).where(eq(entries.id, entry.id));
		await recordVersion(edited!);
		view = await getScoringView(database.db, me.id, assignment.id);
		expect(view.entry.title).toBe(submittedTitle);
		const [dashboard] = await judgeDashboard(database.db, me.id);
		expect(dashboard?.rows.map((row) => row.title)).toContain(submittedTitle);
	});

	it('never includes a withdrawn entry: off the dashboard, no page, no score', async () => {
		// A withdrawn entry stayed on the dashboard and accepted a score.
		freezeClock(NOW);
		const { entry } = await makeEntry();
		const me = await judge();
		const assignment = await assign(screening.id, entry.id, me.id);
		await database.db
			.update(entries)
			.set({ status: 'withdrawn', withdrawnAt: NOW })
			.where(eq(entries.id, entry.id));
		expect((await judgeDashboard(database.db, me.id)).flatMap((round) => round.rows)).toEqual([]);
		expect((await refusal(getScoringView(database.db, me.id, assignment.id))).status).toBe(404);
		const save = saveScore(
			database.db,
			{ actorId: me.id },
			input({ assignmentId: assignment.id, values: fullSheet(), intent: 'submit' })
		);
		expect((await refusal(save)).status).toBe(404);
		expect(await snapshot(assignment.id)).toBe(JSON.stringify({ score: null, items: [] }));
	});

	it('a round still in draft takes each newer submission; once open, it keeps its version', async () => {
		freezeClock(NOW);
		const [draftRound] = await database.db
			.insert(rounds)
			.values({
				challengeId: challenge.id,
				name: 'Later round',
				position: 9,
				rubricId: screening.rubricId,
				opensAt: NOW,
				closesAt: new Date(NOW.getTime() + DAY)
			})
			.returning();
		const { entry } = await makeEntry({ rounds: [screening, draftRound!] });
		const versionIn = async (roundId: string) =>
			(
				await database.db
					.select({ number: roundEntries.versionNumber })
					.from(roundEntries)
					.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entry.id)))
			)[0]?.number;
		expect(await versionIn(draftRound!.id)).toBe(1);
		await recordVersion(entry);
		expect(await versionIn(draftRound!.id)).toBe(2);
		expect(await versionIn(screening.id)).toBe(1);
	});
});

describe('a judge who deletes their account', () => {
	it('leaves their submitted reviews, under an anonymous stand-in; drafts go with the account', async () => {
		// Assignments cascaded to scores: a published round's entry went from 2 reviews to 1.
		freezeClock(NOW);
		const { entry } = await makeEntry();
		const { entry: other } = await makeEntry();
		const leaving = await judge();
		const staying = await judge();
		const kept = await assign(screening.id, entry.id, leaving.id);
		const draft = await assign(screening.id, other.id, leaving.id);
		const peer = await assign(screening.id, entry.id, staying.id);
		for (const [who, assignment] of [
			[leaving, kept],
			[staying, peer]
		] as const)
			await saveScore(
				database.db,
				{ actorId: who.id },
				input({ assignmentId: assignment.id, values: fullSheet(), intent: 'submit' })
			);
		await saveScore(
			database.db,
			{ actorId: leaving.id },
			input({ assignmentId: draft.id, values: { [criteria[0]!.id]: 2 } })
		);
		const before = await snapshot(kept.id);

		await deleteAccount(
			database.db,
			noFiles,
			{ actorId: leaving.id },
			{ currentPassword: TEST_PASSWORD }
		);

		expect(await snapshot(kept.id)).toBe(before);
		const [moved] = await database.db.select().from(assignments).where(eq(assignments.id, kept.id));
		expect(moved?.judgeId).not.toBe(leaving.id);
		const [standIn] = await database.db.select().from(users).where(eq(users.id, moved!.judgeId));
		expect(standIn).toMatchObject({ name: 'Deleted judge', country: 'ZZ' });
		expect(standIn!.deletedAt).not.toBeNull();
		expect(standIn!.email).not.toContain(leaving.email.split('@')[0]!);
		expect(
			await database.db.select().from(userRoles).where(eq(userRoles.userId, standIn!.id))
		).toEqual([]);
		expect(
			await database.db.select().from(assignments).where(eq(assignments.id, draft.id))
		).toEqual([]);
		const submitted = await database.db
			.select()
			.from(assignments)
			.innerJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(and(eq(assignments.entryId, entry.id), eq(scores.status, 'submitted')));
		expect(submitted).toHaveLength(2);
		const listed = await listAccounts(database.db, { search: 'deleted' });
		expect(listed.accounts.map((account) => account.id)).not.toContain(standIn!.id);
	});
});
