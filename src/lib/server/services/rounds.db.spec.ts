import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoundSettingsInput } from '$lib/schemas/judging';
import { DAY, freezeClock, now } from '../clock';
import {
	assignments,
	auditLog,
	entries,
	roundEntries,
	rounds,
	rubrics,
	scores
} from '../db/schema';
import { ServiceError } from '../errors';
import { completeEntry, demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor } from '../testing/fixtures';
import { submitEntry, withdrawEntry } from './entries';
import {
	addSubmittedEntryToFirstRound,
	advanceEntries,
	countEntriesWithoutJudge,
	createRound,
	getRound,
	listRoundEntries,
	listRounds,
	releaseFeedback,
	transitionRound,
	updateRound,
	withdrawFeedback
} from './rounds';
import { createTeam } from './teams';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let actor: { actorId: string };
let screening: string;
let final: string;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const organizer = await createUser(database.db, { roles: ['organizer'] });
	actor = { actorId: organizer.id };
	const all = await listRounds(database.db, challenge.id);
	screening = all.find((round) => round.position === 1)!.id;
	final = all.find((round) => round.position === 2)!.id;
});
afterEach(() => freezeClock(undefined));

let counter = 0;
async function submittedEntry() {
	const lead = await createUser(database.db);
	const team = await createTeam(database.db, testActor(lead.id), {
		challenge,
		name: `Round team ${++counter} ${Date.now()}`
	});
	await completeEntry(database.db, team.id, challenge.tracks[0].id);
	await submitEntry(database.db, testActor(lead.id), { challenge });
	const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
	return { lead, team, entry };
}

async function labelsOf(roundId: string) {
	const rows = await database.db
		.select({ entryId: roundEntries.entryId, label: roundEntries.label })
		.from(roundEntries)
		.where(eq(roundEntries.roundId, roundId));
	return new Map(rows.map((row) => [row.entryId, row.label]));
}

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

const settings = (overrides: Partial<RoundSettingsInput> = {}) => ({
	name: 'Screening',
	rubricId: '',
	opensAt: new Date(now().getTime() - DAY),
	closesAt: new Date(now().getTime() + 10 * DAY),
	judgesPerEntry: 2,
	blind: true,
	peerScores: 'never' as const,
	...overrides
});

describe('rounds', () => {
	it('puts submitted entries in round 1 with stable labels, once', async () => {
		const first = await submittedEntry();
		const second = await submittedEntry();
		const labels = await labelsOf(screening);
		expect(labels.get(second.entry.id)).toBe((labels.get(first.entry.id) ?? 0) + 1);
		// A repeat (resubmission, or the hook called twice) changes nothing.
		await database.db.transaction((tx) => addSubmittedEntryToFirstRound(tx, first.entry.id));
		expect(await labelsOf(screening)).toEqual(labels);
		expect(await labelsOf(final)).toEqual(new Map());
	});

	it('never lists withdrawn entries as active but keeps their row', async () => {
		const { lead, entry } = await submittedEntry();
		await withdrawEntry(database.db, testActor(lead.id), { challenge });
		expect((await labelsOf(screening)).has(entry.id)).toBe(true);
		const page = await listRoundEntries(database.db, screening, { pageSize: 500 });
		expect(page.entries.map((row) => row.entryId)).not.toContain(entry.id);
		const round = await getRound(database.db, challenge.id, screening);
		expect(round?.entries).toBe(page.entries.length);
	});

	it('guards the state machine: open needs a live window, close sets closedAt, decide after closed', async () => {
		const round = (await getRound(database.db, challenge.id, screening))!;
		const base = settings({ rubricId: round.rubricId, name: round.name });
		// A window already over cannot be opened.
		await updateRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			...base,
			opensAt: new Date(now().getTime() - 3 * DAY),
			closesAt: new Date(now().getTime() - DAY)
		});
		const over = await refusal(
			transitionRound(database.db, actor, {
				challengeId: challenge.id,
				roundId: screening,
				transition: 'open'
			})
		);
		expect(over).toMatchObject({ status: 409, field: 'closesAt' });
		await updateRound(database.db, actor, {
			...base,
			challengeId: challenge.id,
			roundId: screening
		});
		expect(
			(
				await refusal(
					transitionRound(database.db, actor, {
						challengeId: challenge.id,
						roundId: screening,
						transition: 'close'
					})
				)
			).status
		).toBe(409);

		// Its entries have no judge yet: opening needs the organizer's explicit confirmation.
		const unassigned = await countEntriesWithoutJudge(database.db, screening);
		expect(unassigned).toBeGreaterThan(0);
		const unconfirmed = await refusal(
			transitionRound(database.db, actor, {
				challengeId: challenge.id,
				roundId: screening,
				transition: 'open'
			})
		);
		expect(unconfirmed).toMatchObject({ status: 400, field: 'confirmUnassigned' });
		expect(unconfirmed.message).toContain(String(unassigned));
		expect((await getRound(database.db, challenge.id, screening))?.state).toBe('draft');
		const opened = await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			transition: 'open',
			confirmUnassigned: true
		});
		expect(opened).toMatchObject({ state: 'open', entriesWithoutJudge: unassigned });
		// The rubric cannot change once the round is no longer a draft.
		const [otherRubric] = await database.db
			.insert(rubrics)
			.values({ challengeId: challenge.id, familyId: crypto.randomUUID(), name: 'Other' })
			.returning();
		expect(
			(
				await refusal(
					updateRound(database.db, actor, {
						challengeId: challenge.id,
						roundId: screening,
						...base,
						rubricId: otherRubric.id
					})
				)
			).field
		).toBe('rubricId');
		expect(
			(
				await refusal(
					releaseFeedback(database.db, actor, { challengeId: challenge.id, roundId: screening })
				)
			).status
		).toBe(409);

		freezeClock(new Date(now().getTime() + 1000));
		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			transition: 'close'
		});
		let state = (await getRound(database.db, challenge.id, screening))!;
		expect(state.state).toBe('closed');
		expect(state.closedAt?.getTime()).toBe(now().getTime());

		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			transition: 'reopen'
		});
		state = (await getRound(database.db, challenge.id, screening))!;
		expect([state.state, state.closedAt]).toEqual(['open', null]);
		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			transition: 'close'
		});

		await releaseFeedback(database.db, actor, { challengeId: challenge.id, roundId: screening });
		expect(
			(await getRound(database.db, challenge.id, screening))?.feedbackReleasedAt
		).not.toBeNull();
		await withdrawFeedback(database.db, actor, { challengeId: challenge.id, roundId: screening });
		expect((await getRound(database.db, challenge.id, screening))?.feedbackReleasedAt).toBeNull();

		await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: screening,
			transition: 'decide'
		});
		state = (await getRound(database.db, challenge.id, screening))!;
		expect(state.state).toBe('decided');
		expect(state.decidedAt).not.toBeNull();
		expect(
			(
				await refusal(
					transitionRound(database.db, actor, {
						challengeId: challenge.id,
						roundId: screening,
						transition: 'reopen'
					})
				)
			).status
		).toBe(409);
		expect(
			(
				await refusal(
					updateRound(database.db, actor, {
						...base,
						challengeId: challenge.id,
						roundId: screening
					})
				)
			).status
		).toBe(409);
		const audit = await database.db
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(and(eq(auditLog.entityType, 'round'), eq(auditLog.entityId, screening)));
		expect(audit.map((row) => row.action)).toEqual(
			expect.arrayContaining([
				'round.update',
				'round.open',
				'round.close',
				'round.reopen',
				'round.decide',
				'round.release_feedback',
				'round.withdraw_feedback'
			])
		);
		// Back to a draft for the next tests (a test-only shortcut).
		await database.db
			.update(rounds)
			.set({ state: 'draft', decidedAt: null, closedAt: null })
			.where(eq(rounds.id, screening));
	});

	it('advances entries to the next round in one step, with new labels, and lists them paged with scores', async () => {
		const a = await submittedEntry();
		const b = await submittedEntry();
		const c = await submittedEntry();
		// An assignment with a submitted score on entry a in round 1.
		const judge = await createUser(database.db, { roles: ['judge'] });
		const [assignment] = await database.db
			.insert(assignments)
			.values({ roundId: screening, entryId: a.entry.id, judgeId: judge.id })
			.returning();
		const round1 = (await getRound(database.db, challenge.id, screening))!;
		await database.db.insert(scores).values({
			assignmentId: assignment.id,
			rubricId: round1.rubricId,
			status: 'submitted',
			submittedAt: now(),
			totalHundredths: 7250
		});

		const result = await advanceEntries(
			database.db,
			{ actorId: actor.actorId },
			{
				fromRoundId: screening,
				entryIds: [c.entry.id, a.entry.id, a.entry.id],
				challengeId: challenge.id
			}
		);
		expect(result).toEqual({ toRoundId: final, added: 2 });
		const finalLabels = await labelsOf(final);
		const firstLabels = await labelsOf(screening);
		// In the order of their labels in round 1.
		expect(finalLabels.get(a.entry.id)).toBe(1);
		expect(finalLabels.get(c.entry.id)).toBe(2);
		expect(firstLabels.get(c.entry.id)).toBeGreaterThan(firstLabels.get(a.entry.id)!);
		// Again: nothing new, no error.
		expect(
			await advanceEntries(
				database.db,
				{ actorId: actor.actorId },
				{ fromRoundId: screening, entryIds: [a.entry.id, b.entry.id] }
			)
		).toEqual({ toRoundId: final, added: 1 });
		expect((await labelsOf(final)).get(b.entry.id)).toBe(3);

		// Not in the round: refused, and nothing written.
		const stranger = await refusal(
			advanceEntries(
				database.db,
				{ actorId: actor.actorId },
				{ fromRoundId: final, entryIds: [a.entry.id] }
			)
		);
		expect(stranger.status).toBe(409); // round 2 has no next round
		expect(
			(
				await refusal(
					advanceEntries(
						database.db,
						{ actorId: actor.actorId },
						{ fromRoundId: screening, entryIds: [crypto.randomUUID()] }
					)
				)
			).status
		).toBe(400);

		const page = await listRoundEntries(database.db, screening, {
			pageSize: 500,
			nextRoundId: final
		});
		const rowA = page.entries.find((row) => row.entryId === a.entry.id)!;
		expect(rowA).toMatchObject({
			assigned: 1,
			submittedScores: 1,
			meanHundredths: 7250,
			advanced: true
		});
		expect(rowA.teamName).toBe(a.team.name);
		const rowWithout = page.entries.find((row) => row.entryId === b.entry.id)!;
		expect(rowWithout).toMatchObject({ assigned: 0, submittedScores: 0, meanHundredths: null });

		// Keyset paging by label: pages join up without gaps or repeats.
		const seen: number[] = [];
		let after: string | undefined;
		do {
			const next = await listRoundEntries(database.db, screening, { pageSize: 2, after });
			seen.push(...next.entries.map((row) => row.label));
			after = next.nextAfter;
		} while (after);
		expect(seen).toEqual(page.entries.map((row) => row.label));
		expect(seen).toEqual([...seen].sort((x, y) => x - y));
		expect(
			(await refusal(listRoundEntries(database.db, screening, { after: 'bogus!' }))).status
		).toBe(400);
	});

	it('creates a round at the next position; a new round 1 takes every submitted entry', async () => {
		const round1 = (await getRound(database.db, challenge.id, screening))!;
		const { roundId } = await createRound(database.db, actor, {
			...settings({ name: 'Grand final', rubricId: round1.rubricId, blind: false }),
			challengeId: challenge.id
		});
		const created = await getRound(database.db, challenge.id, roundId);
		expect(created).toMatchObject({ position: 3, state: 'draft', blind: false, entries: 0 });
		expect((await getRound(database.db, challenge.id, final))?.next?.id).toBe(roundId);
		expect(
			(
				await refusal(
					createRound(database.db, actor, {
						...settings({ rubricId: crypto.randomUUID() }),
						challengeId: challenge.id
					})
				)
			).field
		).toBe('rubricId');

		// A challenge whose round 1 is created after entries were submitted: backfilled.
		await database.db.delete(roundEntries).where(eq(roundEntries.roundId, screening));
		await database.db.delete(rounds).where(eq(rounds.challengeId, challenge.id));
		const { roundId: fresh } = await createRound(database.db, actor, {
			...settings({ rubricId: round1.rubricId }),
			challengeId: challenge.id
		});
		const submitted = await database.db
			.select({ id: entries.id })
			.from(entries)
			.where(and(eq(entries.challengeId, challenge.id), eq(entries.status, 'submitted')));
		const labels = await labelsOf(fresh);
		expect(labels.size).toBe(submitted.length);
		expect([...labels.values()].sort((x, y) => x - y)).toEqual(
			submitted.map((_, index) => index + 1)
		);
		// Opening it again adds only entries submitted since.
		const late = await submittedEntry();
		expect((await labelsOf(fresh)).get(late.entry.id)).toBe(submitted.length + 1);
		const opened = await transitionRound(database.db, actor, {
			challengeId: challenge.id,
			roundId: fresh,
			transition: 'open',
			confirmUnassigned: true
		});
		expect(opened.entriesAdded).toBe(0);
	});
});
