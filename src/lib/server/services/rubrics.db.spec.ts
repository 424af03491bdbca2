import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, rounds, rubrics } from '../db/schema';
import { ServiceError } from '../errors';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import {
	addCriterion,
	createRubric,
	getRubric,
	listRubrics,
	lockRubric,
	moveCriterion,
	moveDraftRoundsToVersion,
	removeCriterion,
	updateCriterion,
	updateRubric
} from './rubrics';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let actor: { actorId: string };

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const organizer = await createUser(database.db, { roles: ['organizer'] });
	actor = { actorId: organizer.id };
});

const points = (min: number, max: number) =>
	Array.from({ length: max - min + 1 }, (_, index) => ({
		from: min + index,
		to: min + index,
		text: `Score ${min + index}`
	}));
const criterion = (name: string, weight: number, scaleMin = 1, scaleMax = 5) => ({
	name,
	guidance: `How to judge ${name}`,
	weight,
	scaleMin,
	scaleMax,
	descriptors: points(scaleMin, scaleMax)
});

async function newRubric(name = `Rubric ${Math.random()}`) {
	const { rubricId } = await createRubric(database.db, actor, {
		challengeId: challenge.id,
		name,
		description: 'For tests'
	});
	for (const [index, weight] of [20, 30, 50].entries())
		await addCriterion(database.db, actor, {
			...criterion(`C${index + 1}`, weight, index === 2 ? 0 : 1, index === 2 ? 10 : 5),
			challengeId: challenge.id,
			rubricId
		});
	return rubricId;
}

describe('rubrics', () => {
	it('lists the seeded rubric and gets criteria in order', async () => {
		const list = await listRubrics(database.db, challenge.id);
		expect(list.length).toBeGreaterThanOrEqual(1);
		const seeded = list[0];
		expect(seeded).toMatchObject({ version: 1, latest: true, lockedAt: null });
		expect(seeded.criteria).toBeGreaterThan(0);
		const detail = await getRubric(database.db, challenge.id, seeded.id);
		expect(detail?.criteria.map((row) => row.position)).toEqual(
			detail?.criteria.map((_, index) => index)
		);
		expect(detail?.rounds.map((round) => round.position)).toEqual([1, 2]);
		expect(await getRubric(database.db, challenge.id, crypto.randomUUID())).toBeNull();
	});

	it('creates, adds, updates, moves and removes criteria in place while unlocked', async () => {
		const id = await newRubric();
		let detail = await getRubric(database.db, challenge.id, id);
		expect(detail?.criteria.map((row) => row.name)).toEqual(['C1', 'C2', 'C3']);
		const [first, second, third] = detail!.criteria;

		const moved = await moveCriterion(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			criterionId: third.id,
			direction: 'up'
		});
		expect(moved).toMatchObject({ rubricId: id, newVersion: false, moved: true });
		const edge = await moveCriterion(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			criterionId: first.id,
			direction: 'up'
		});
		expect(edge.moved).toBe(false);
		detail = await getRubric(database.db, challenge.id, id);
		expect(detail?.criteria.map((row) => row.name)).toEqual(['C1', 'C3', 'C2']);

		await updateCriterion(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			criterionId: second.id,
			...criterion('C2 renamed', 40, 0, 20),
			descriptors: [
				{ from: 0, to: 10, text: 'low' },
				{ from: 11, to: 20, text: 'high' }
			]
		});
		await removeCriterion(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			criterionId: first.id
		});
		detail = await getRubric(database.db, challenge.id, id);
		expect(
			detail?.criteria.map((row) => [row.position, row.name, row.weight, row.scaleMax])
		).toEqual([
			[0, 'C3', 50, 10],
			[1, 'C2 renamed', 40, 20]
		]);
		expect(detail?.version).toBe(1);

		const renamed = await updateRubric(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			name: 'Renamed rubric',
			description: 'New text'
		});
		expect(renamed).toEqual({ rubricId: id, newVersion: false });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
		expect(audit.map((row) => row.action)).toEqual(
			expect.arrayContaining([
				'rubric.create',
				'rubric.add_criterion',
				'rubric.move_criterion',
				'rubric.update_criterion',
				'rubric.remove_criterion',
				'rubric.update'
			])
		);
	});

	it('refuses rubrics and criteria of another challenge or that do not exist', async () => {
		const id = await newRubric();
		const missing = await updateRubric(database.db, actor, {
			challengeId: crypto.randomUUID(),
			rubricId: id,
			name: 'x',
			description: ''
		}).catch((error: unknown) => error);
		expect(missing).toBeInstanceOf(ServiceError);
		expect((missing as ServiceError).status).toBe(404);
		const noCriterion = await removeCriterion(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			criterionId: crypto.randomUUID()
		}).catch((error: unknown) => error);
		expect((noCriterion as ServiceError).status).toBe(404);
	});

	it('locks once and then every edit creates the next version, leaving the locked one intact', async () => {
		const id = await newRubric('Versioned');
		await lockRubric(database.db, id);
		const [locked] = await database.db.select().from(rubrics).where(eq(rubrics.id, id));
		expect(locked.lockedAt).not.toBeNull();
		// Idempotent: the first lock time stays.
		await lockRubric(database.db, id);
		const [again] = await database.db.select().from(rubrics).where(eq(rubrics.id, id));
		expect(again.lockedAt?.getTime()).toBe(locked.lockedAt?.getTime());

		const before = await getRubric(database.db, challenge.id, id);
		const change = await updateCriterion(database.db, actor, {
			...criterion('C1 v2', 25),
			challengeId: challenge.id,
			rubricId: id,
			criterionId: before!.criteria[0].id
		});
		expect(change.newVersion).toBe(true);
		expect(change.rubricId).not.toBe(id);
		const next = await getRubric(database.db, challenge.id, change.rubricId);
		expect(next).toMatchObject({ familyId: locked.familyId, version: 2, lockedAt: null });
		expect(next?.criteria.map((row) => row.name)).toEqual(['C1 v2', 'C2', 'C3']);
		expect(next?.criteria[0].id).toBe(change.criterionId);
		const unchanged = await getRubric(database.db, challenge.id, id);
		expect(unchanged?.criteria.map((row) => row.name)).toEqual(['C1', 'C2', 'C3']);
		expect(unchanged?.latest).toEqual({ id: change.rubricId, version: 2 });

		// The new version is not locked: further edits stay in it.
		const more = await updateRubric(database.db, actor, {
			challengeId: challenge.id,
			rubricId: change.rubricId,
			name: 'Versioned v2',
			description: ''
		});
		expect(more).toEqual({ rubricId: change.rubricId, newVersion: false });

		// Editing the old locked version again numbers the next one after the newest.
		const third = await updateRubric(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			name: 'From v1',
			description: ''
		});
		expect(third.newVersion).toBe(true);
		const thirdDetail = await getRubric(database.db, challenge.id, third.rubricId);
		expect(thirdDetail?.version).toBe(3);
		const family = (await listRubrics(database.db, challenge.id)).filter(
			(row) => row.familyId === locked.familyId
		);
		expect(family.map((row) => [row.version, row.latest])).toEqual([
			[3, true],
			[2, false],
			[1, false]
		]);
	});

	it('moves draft rounds (only drafts) of the family to a new version', async () => {
		const id = await newRubric('For rounds');
		await database.db
			.update(rounds)
			.set({ rubricId: id })
			.where(eq(rounds.challengeId, challenge.id));
		await database.db.update(rounds).set({ state: 'open' }).where(eq(rounds.position, 2));
		await lockRubric(database.db, id);
		const { rubricId: next } = await updateRubric(database.db, actor, {
			challengeId: challenge.id,
			rubricId: id,
			name: 'For rounds v2',
			description: ''
		});
		const detail = await getRubric(database.db, challenge.id, next);
		expect(detail?.draftRoundsOnEarlierVersions.map((round) => round.name)).toEqual(['Screening']);
		expect(
			await moveDraftRoundsToVersion(database.db, actor, {
				challengeId: challenge.id,
				rubricId: next
			})
		).toEqual({
			moved: 1
		});
		const all = await database.db
			.select({ position: rounds.position, rubricId: rounds.rubricId })
			.from(rounds)
			.where(eq(rounds.challengeId, challenge.id));
		expect(Object.fromEntries(all.map((row) => [row.position, row.rubricId]))).toEqual({
			1: next,
			2: id
		});
		await database.db.update(rounds).set({ state: 'draft' }).where(eq(rounds.position, 2));
	});
});
