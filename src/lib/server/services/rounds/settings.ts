import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { RoundSettingsInput } from '$lib/schemas/judging';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { rounds, rubrics } from '../../db/schema';
import { ServiceError } from '../../errors';
import type { Actor } from '../../request';
import { lockRound, addSubmittedEntries } from './shared';

/** Creating a round and changing its settings. */

async function requireRubricOf(tx: Executor, challengeId: string, rubricId: string) {
	const [rubric] = await tx
		.select({ id: rubrics.id })
		.from(rubrics)
		.where(and(eq(rubrics.id, rubricId), eq(rubrics.challengeId, challengeId)))
		.limit(1);
	if (!rubric) throw new ServiceError(400, m.judging_error_rubric_choice(), 'rubricId');
}

export async function createRound(
	db: Database,
	actor: Actor,
	input: RoundSettingsInput & { challengeId: string }
): Promise<{ roundId: string }> {
	const { challengeId, ...settings } = input;
	return db.transaction(async (tx) => {
		await requireRubricOf(tx, challengeId, settings.rubricId);
		// Serializes positions: the challenge's rounds are locked while the next one is numbered.
		const existing = await tx
			.select({ position: rounds.position })
			.from(rounds)
			.where(eq(rounds.challengeId, challengeId))
			.for('update');
		const position = existing.reduce((highest, row) => Math.max(highest, row.position), 0) + 1;
		const at = now();
		const [round] = await tx
			.insert(rounds)
			.values({ ...settings, challengeId, position, createdAt: at, updatedAt: at })
			.returning();
		const added = position === 1 ? await addSubmittedEntries(tx, round) : 0;
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'round.create',
			entityType: 'round',
			entityId: round.id,
			data: { name: settings.name, position, entriesAdded: added },
			ipAddress: actor.ipAddress ?? null
		});
		return { roundId: round.id };
	});
}

const SETTINGS = [
	'name',
	'rubricId',
	'opensAt',
	'closesAt',
	'judgesPerEntry',
	'blind',
	'peerScores'
] as const;

const same = (a: unknown, b: unknown) =>
	a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** Settings of a round. The rubric can change only while the round is a draft; nothing once decided. */
export async function updateRound(
	db: Database,
	actor: Actor,
	input: RoundSettingsInput & { challengeId: string; roundId: string }
): Promise<{ fields: string[] }> {
	const { challengeId, roundId, ...settings } = input;
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (round.state === 'decided')
			throw new ServiceError(409, m.judging_error_round_decided(), 'name');
		const fields = SETTINGS.filter((key) => !same(round[key], settings[key]));
		if (fields.includes('rubricId')) {
			if (round.state !== 'draft')
				throw new ServiceError(409, m.judging_error_rubric_fixed(), 'rubricId');
			await requireRubricOf(tx, challengeId, settings.rubricId);
		}
		if (fields.length === 0) return { fields };
		await tx
			.update(rounds)
			.set({ ...settings, updatedAt: now() })
			.where(eq(rounds.id, round.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'round.update',
			entityType: 'round',
			entityId: round.id,
			data: { fields },
			ipAddress: actor.ipAddress ?? null
		});
		return { fields };
	});
}
