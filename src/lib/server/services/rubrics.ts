import { and, asc, count, desc, eq, inArray, isNull, lt, max, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { CriterionInput, RubricInput } from '$lib/schemas/judging';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor, Transaction } from '../db';
import { rounds, rubricCriteria, rubrics, type Rubric, type RubricCriterion } from '../db/schema';
import { ServiceError } from '../errors';
import type { Actor } from '../request';

/**
 * Rubrics and their criteria. A rubric version is locked once any score uses it (the scoring
 * service calls `lockRubric` on the first save); from then on every edit creates the next
 * version of the same family, in the same transaction, and the caller is sent to it. Earlier
 * versions stay as they were, so every score keeps the rubric it was given against.
 */

export const MAX_CRITERIA = 30;

export type RubricSummary = {
	id: string;
	familyId: string;
	version: number;
	name: string;
	lockedAt: Date | null;
	criteria: number;
	/** The newest version of its family. */
	latest: boolean;
};

/** Every rubric version of a challenge, newest version first within each family. */
export async function listRubrics(db: Executor, challengeId: string): Promise<RubricSummary[]> {
	const criteriaCount = db
		.select({ rubricId: rubricCriteria.rubricId, total: count().as('total') })
		.from(rubricCriteria)
		.groupBy(rubricCriteria.rubricId)
		.as('criteria_count');
	const rows = await db
		.select({
			id: rubrics.id,
			familyId: rubrics.familyId,
			version: rubrics.version,
			name: rubrics.name,
			lockedAt: rubrics.lockedAt,
			criteria: sql<number>`coalesce(${criteriaCount.total}, 0)::int`,
			latestVersion: sql<number>`max(${rubrics.version}) over (partition by ${rubrics.familyId})`
		})
		.from(rubrics)
		.leftJoin(criteriaCount, eq(criteriaCount.rubricId, rubrics.id))
		.where(eq(rubrics.challengeId, challengeId))
		.orderBy(
			// Families by the name of their newest version; versions of a family together, newest first.
			asc(
				sql`first_value(lower(${rubrics.name})) over (partition by ${rubrics.familyId} order by ${rubrics.version} desc)`
			),
			asc(rubrics.familyId),
			desc(rubrics.version)
		);
	return rows.map(({ latestVersion, ...row }) => ({
		...row,
		latest: Number(latestVersion) === row.version
	}));
}

export type RubricDetail = Rubric & {
	criteria: RubricCriterion[];
	/** The newest version of the family (itself when it is the newest). */
	latest: { id: string; version: number };
	/** Rounds that use this version. */
	rounds: { id: string; name: string; state: string; position: number }[];
	/** Draft rounds on an earlier version of the family (they can move to this one). */
	draftRoundsOnEarlierVersions: { id: string; name: string; version: number }[];
};

/** A rubric version of the challenge with its criteria in order, or null. */
export async function getRubric(
	db: Executor,
	challengeId: string,
	rubricId: string
): Promise<RubricDetail | null> {
	const [rubric] = await db
		.select()
		.from(rubrics)
		.where(and(eq(rubrics.id, rubricId), eq(rubrics.challengeId, challengeId)))
		.limit(1);
	if (!rubric) return null;
	const [criteria, [latest], using, earlier] = await Promise.all([
		db
			.select()
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, rubric.id))
			.orderBy(asc(rubricCriteria.position)),
		db
			.select({ id: rubrics.id, version: rubrics.version })
			.from(rubrics)
			.where(eq(rubrics.familyId, rubric.familyId))
			.orderBy(desc(rubrics.version))
			.limit(1),
		db
			.select({ id: rounds.id, name: rounds.name, state: rounds.state, position: rounds.position })
			.from(rounds)
			.where(eq(rounds.rubricId, rubric.id))
			.orderBy(asc(rounds.position)),
		db
			.select({ id: rounds.id, name: rounds.name, version: rubrics.version })
			.from(rounds)
			.innerJoin(rubrics, eq(rubrics.id, rounds.rubricId))
			.where(
				and(
					eq(rubrics.familyId, rubric.familyId),
					lt(rubrics.version, rubric.version),
					eq(rounds.state, 'draft'),
					eq(rounds.challengeId, challengeId)
				)
			)
			.orderBy(asc(rounds.position))
	]);
	return { ...rubric, criteria, latest, rounds: using, draftRoundsOnEarlierVersions: earlier };
}

async function lockedRow(tx: Executor, challengeId: string, rubricId: string) {
	const [rubric] = await tx
		.select()
		.from(rubrics)
		.where(and(eq(rubrics.id, rubricId), eq(rubrics.challengeId, challengeId)))
		.for('update')
		.limit(1);
	if (!rubric) throw new ServiceError(404, m.judging_error_rubric_missing());
	return rubric;
}

async function orderedCriteria(tx: Executor, rubricId: string) {
	return tx
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.rubricId, rubricId))
		.orderBy(asc(rubricCriteria.position));
}

/**
 * The version an edit applies to: the rubric itself while unlocked, else a new version (the
 * next number of the family) with a copy of its criteria. `criterionIds` maps the criteria of
 * the version edited to those of the one returned.
 */
async function editableVersion(
	tx: Transaction,
	actor: Actor,
	challengeId: string,
	rubricId: string
): Promise<{ rubric: Rubric; created: boolean; criterionIds: Map<string, string> }> {
	const rubric = await lockedRow(tx, challengeId, rubricId);
	const criteria = await orderedCriteria(tx, rubric.id);
	if (!rubric.lockedAt)
		return {
			rubric,
			created: false,
			criterionIds: new Map(criteria.map((criterion) => [criterion.id, criterion.id]))
		};
	// Two organizers editing versions of one family at once number theirs one after the other.
	const family = await tx
		.select({ version: rubrics.version })
		.from(rubrics)
		.where(eq(rubrics.familyId, rubric.familyId))
		.for('update');
	const newest = Math.max(...family.map((row) => row.version));
	const at = now();
	const [next] = await tx
		.insert(rubrics)
		.values({
			challengeId,
			familyId: rubric.familyId,
			version: newest + 1,
			name: rubric.name,
			description: rubric.description,
			createdBy: actor.actorId,
			createdAt: at,
			updatedAt: at
		})
		.returning();
	const criterionIds = new Map<string, string>();
	if (criteria.length > 0) {
		const copies = await tx
			.insert(rubricCriteria)
			.values(
				criteria.map(({ id: _id, rubricId: _rubric, ...rest }) => ({ ...rest, rubricId: next.id }))
			)
			.returning({ id: rubricCriteria.id, position: rubricCriteria.position });
		const byPosition = new Map(copies.map((copy) => [copy.position, copy.id]));
		for (const criterion of criteria)
			criterionIds.set(criterion.id, byPosition.get(criterion.position) as string);
	}
	await recordAudit(tx, {
		actorId: actor.actorId,
		action: 'rubric.new_version',
		entityType: 'rubric',
		entityId: next.id,
		data: { familyId: rubric.familyId, from: rubric.id, version: next.version },
		ipAddress: actor.ipAddress ?? null
	});
	return { rubric: next, created: true, criterionIds };
}

async function touch(tx: Executor, rubricId: string) {
	await tx.update(rubrics).set({ updatedAt: now() }).where(eq(rubrics.id, rubricId));
}

/** Sets positions 0…n−1 in the given order (via negatives: the position index is unique). */
async function renumber(tx: Executor, rubricId: string, orderedIds: string[]) {
	if (orderedIds.length === 0) return;
	await tx
		.update(rubricCriteria)
		.set({ position: sql`-1 - ${rubricCriteria.position}` })
		.where(eq(rubricCriteria.rubricId, rubricId));
	const ids = sql`array[${sql.join(
		orderedIds.map((id) => sql`${id}`),
		sql`, `
	)}]::uuid[]`;
	await tx
		.update(rubricCriteria)
		.set({ position: sql`array_position(${ids}, ${rubricCriteria.id}) - 1` })
		.where(eq(rubricCriteria.rubricId, rubricId));
}

export type RubricChange = { rubricId: string; newVersion: boolean; criterionId?: string };

export async function createRubric(
	db: Database,
	actor: Actor,
	input: RubricInput & { challengeId: string }
): Promise<RubricChange> {
	const { challengeId } = input;
	return db.transaction(async (tx) => {
		const at = now();
		const [rubric] = await tx
			.insert(rubrics)
			.values({
				challengeId,
				familyId: crypto.randomUUID(),
				version: 1,
				name: input.name,
				description: input.description,
				createdBy: actor.actorId,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: rubrics.id });
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'rubric.create',
			entityType: 'rubric',
			entityId: rubric.id,
			data: { name: input.name },
			ipAddress: actor.ipAddress ?? null
		});
		return { rubricId: rubric.id, newVersion: false };
	});
}

/** Name and description. On a locked rubric: creates the next version and returns it. */
export async function updateRubric(
	db: Database,
	actor: Actor,
	input: RubricInput & { challengeId: string; rubricId: string }
): Promise<RubricChange> {
	const { challengeId, rubricId } = input;
	return db.transaction(async (tx) => {
		const { rubric, created } = await editableVersion(tx, actor, challengeId, rubricId);
		const fields = (['name', 'description'] as const).filter((key) => rubric[key] !== input[key]);
		if (fields.length > 0) {
			await tx
				.update(rubrics)
				.set({ name: input.name, description: input.description, updatedAt: now() })
				.where(eq(rubrics.id, rubric.id));
			await recordAudit(tx, {
				actorId: actor.actorId,
				action: 'rubric.update',
				entityType: 'rubric',
				entityId: rubric.id,
				data: { fields },
				ipAddress: actor.ipAddress ?? null
			});
		}
		return { rubricId: rubric.id, newVersion: created };
	});
}

export async function addCriterion(
	db: Database,
	actor: Actor,
	input: CriterionInput & { challengeId: string; rubricId: string }
): Promise<RubricChange> {
	const { challengeId, rubricId, ...criterion } = input;
	return db.transaction(async (tx) => {
		const { rubric, created } = await editableVersion(tx, actor, challengeId, rubricId);
		const [{ total, last }] = await tx
			.select({ total: count(), last: max(rubricCriteria.position) })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, rubric.id));
		if (total >= MAX_CRITERIA)
			throw new ServiceError(409, m.judging_error_too_many_criteria({ max: MAX_CRITERIA }), 'name');
		const [inserted] = await tx
			.insert(rubricCriteria)
			.values({ ...criterion, rubricId: rubric.id, position: (last ?? -1) + 1 })
			.returning({ id: rubricCriteria.id });
		await touch(tx, rubric.id);
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'rubric.add_criterion',
			entityType: 'rubric',
			entityId: rubric.id,
			data: { criterionId: inserted.id, name: input.name },
			ipAddress: actor.ipAddress ?? null
		});
		return { rubricId: rubric.id, newVersion: created, criterionId: inserted.id };
	});
}

function mappedCriterion(criterionIds: Map<string, string>, criterionId: string) {
	const id = criterionIds.get(criterionId);
	if (!id) throw new ServiceError(404, m.judging_error_criterion_missing());
	return id;
}

export async function updateCriterion(
	db: Database,
	actor: Actor,
	input: CriterionInput & { challengeId: string; rubricId: string; criterionId: string }
): Promise<RubricChange> {
	const { challengeId, rubricId, criterionId } = input;
	return db.transaction(async (tx) => {
		const { rubric, created, criterionIds } = await editableVersion(
			tx,
			actor,
			challengeId,
			rubricId
		);
		const id = mappedCriterion(criterionIds, criterionId);
		await tx
			.update(rubricCriteria)
			.set({
				name: input.name,
				guidance: input.guidance,
				weight: input.weight,
				scaleMin: input.scaleMin,
				scaleMax: input.scaleMax,
				descriptors: input.descriptors
			})
			.where(eq(rubricCriteria.id, id));
		await touch(tx, rubric.id);
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'rubric.update_criterion',
			entityType: 'rubric',
			entityId: rubric.id,
			data: { criterionId: id, name: input.name },
			ipAddress: actor.ipAddress ?? null
		});
		return { rubricId: rubric.id, newVersion: created, criterionId: id };
	});
}

export async function removeCriterion(
	db: Database,
	actor: Actor,
	input: { challengeId: string; rubricId: string; criterionId: string }
): Promise<RubricChange> {
	const { challengeId, rubricId, criterionId } = input;
	return db.transaction(async (tx) => {
		const { rubric, created, criterionIds } = await editableVersion(
			tx,
			actor,
			challengeId,
			rubricId
		);
		const id = mappedCriterion(criterionIds, criterionId);
		await tx.delete(rubricCriteria).where(eq(rubricCriteria.id, id));
		const rest = await orderedCriteria(tx, rubric.id);
		await renumber(
			tx,
			rubric.id,
			rest.map((criterion) => criterion.id)
		);
		await touch(tx, rubric.id);
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'rubric.remove_criterion',
			entityType: 'rubric',
			entityId: rubric.id,
			data: { criterionId: id },
			ipAddress: actor.ipAddress ?? null
		});
		return { rubricId: rubric.id, newVersion: created };
	});
}

export async function moveCriterion(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		rubricId: string;
		criterionId: string;
		direction: 'up' | 'down';
	}
): Promise<RubricChange & { moved: boolean }> {
	const { challengeId, rubricId, criterionId, direction } = input;
	return db.transaction(async (tx) => {
		const { rubric, created, criterionIds } = await editableVersion(
			tx,
			actor,
			challengeId,
			rubricId
		);
		const id = mappedCriterion(criterionIds, criterionId);
		const ordered = (await orderedCriteria(tx, rubric.id)).map((criterion) => criterion.id);
		const index = ordered.indexOf(id);
		const target = direction === 'up' ? index - 1 : index + 1;
		if (target < 0 || target >= ordered.length)
			return { rubricId: rubric.id, newVersion: created, criterionId: id, moved: false };
		[ordered[index], ordered[target]] = [ordered[target], ordered[index]];
		await renumber(tx, rubric.id, ordered);
		await touch(tx, rubric.id);
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'rubric.move_criterion',
			entityType: 'rubric',
			entityId: rubric.id,
			data: { criterionId: id, direction },
			ipAddress: actor.ipAddress ?? null
		});
		return { rubricId: rubric.id, newVersion: created, criterionId: id, moved: true };
	});
}

/**
 * Locks a rubric version: from now on edits create a new version. Called by the scoring service
 * in the transaction that saves the first score against it. Idempotent.
 */
export async function lockRubric(tx: Executor, rubricId: string): Promise<void> {
	await tx
		.update(rubrics)
		.set({ lockedAt: now() })
		.where(and(eq(rubrics.id, rubricId), isNull(rubrics.lockedAt)));
}

/** Moves the family's draft rounds that use an earlier version to this version. */
export async function moveDraftRoundsToVersion(
	db: Database,
	actor: Actor,
	input: { challengeId: string; rubricId: string }
): Promise<{ moved: number }> {
	const { challengeId, rubricId } = input;
	return db.transaction(async (tx) => {
		const rubric = await lockedRow(tx, challengeId, rubricId);
		const earlier = tx
			.select({ id: rubrics.id })
			.from(rubrics)
			.where(and(eq(rubrics.familyId, rubric.familyId), lt(rubrics.version, rubric.version)));
		const moved = await tx
			.update(rounds)
			.set({ rubricId: rubric.id, updatedAt: now() })
			.where(
				and(
					eq(rounds.challengeId, challengeId),
					eq(rounds.state, 'draft'),
					inArray(rounds.rubricId, earlier)
				)
			)
			.returning({ id: rounds.id });
		if (moved.length > 0)
			await recordAudit(tx, {
				actorId: actor.actorId,
				action: 'rubric.move_rounds',
				entityType: 'rubric',
				entityId: rubric.id,
				data: { rounds: moved.map((round) => round.id) },
				ipAddress: actor.ipAddress ?? null
			});
		return { moved: moved.length };
	});
}
