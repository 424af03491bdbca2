import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor, Transaction } from '../../db';
import { entries, roundEntries, rounds } from '../../db/schema';
import { ServiceError } from '../../errors';
import type { Actor } from '../../request';
import { activeEntry, lockRound, inNoRoundOfChallenge } from './shared';

/** Entries joining rounds: round 1 on submission, later rounds by advancing. */

/**
 * Called when an entry is submitted (inside that transaction): the entry joins round 1 while
 * round 1 is a draft or open, unless it is in a round of the challenge already. Idempotent (a
 * resubmission changes nothing).
 */
export async function addSubmittedEntryToFirstRound(tx: Executor, entryId: string): Promise<void> {
	const [entry] = await tx
		.select({ challengeId: entries.challengeId })
		.from(entries)
		.where(eq(entries.id, entryId))
		.limit(1);
	if (!entry) return;
	const [round] = await tx
		.select()
		.from(rounds)
		.where(and(eq(rounds.challengeId, entry.challengeId), eq(rounds.position, 1)))
		.for('update')
		.limit(1);
	if (!round || (round.state !== 'draft' && round.state !== 'open')) return;
	const [existing] = await tx
		.select({ entryId: entries.id })
		.from(entries)
		.where(and(eq(entries.id, entryId), sql`not (${inNoRoundOfChallenge(round.challengeId)})`))
		.limit(1);
	if (existing) return;
	const [{ highest }] = await tx
		.select({ highest: max(roundEntries.label) })
		.from(roundEntries)
		.where(eq(roundEntries.roundId, round.id));
	await tx
		.insert(roundEntries)
		.values({ roundId: round.id, entryId, label: (highest ?? 0) + 1, addedAt: now() })
		.onConflictDoNothing();
}

/**
 * Advances entries of a round to the next one (position + 1), in one transaction: each gets the
 * next label there, in the order of its label here. Entries already there are left as they are;
 * entries not in this round or withdrawn are refused.
 */
export async function advanceEntries(
	db: Database,
	actor: Actor,
	input: { fromRoundId: string; entryIds: string[]; challengeId?: string }
): Promise<{ toRoundId: string; added: number }> {
	const { fromRoundId, entryIds } = input;
	const { actorId } = actor;
	const options = { challengeId: input.challengeId, ipAddress: actor.ipAddress };
	const unique = [...new Set(entryIds)];
	if (unique.length === 0) throw new ServiceError(400, m.judging_error_select_entries(), 'entryId');
	return db.transaction(async (tx: Transaction) => {
		const from = await lockRound(tx, options.challengeId ?? null, fromRoundId);
		const [to] = await tx
			.select()
			.from(rounds)
			.where(and(eq(rounds.challengeId, from.challengeId), eq(rounds.position, from.position + 1)))
			.for('update')
			.limit(1);
		if (!to) throw new ServiceError(409, m.judging_error_no_next_round(), 'entryId');
		if (to.state === 'closed' || to.state === 'decided')
			throw new ServiceError(409, m.judging_error_next_round_closed(), 'entryId');
		const eligible = await tx
			.select({ entryId: roundEntries.entryId, label: roundEntries.label })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.where(
				and(eq(roundEntries.roundId, from.id), inArray(roundEntries.entryId, unique), activeEntry)
			)
			.orderBy(asc(roundEntries.label));
		if (eligible.length !== unique.length)
			throw new ServiceError(400, m.judging_error_entries_not_in_round(), 'entryId');
		const already = await tx
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, to.id), inArray(roundEntries.entryId, unique)));
		const present = new Set(already.map((row) => row.entryId));
		const moving = eligible.filter((row) => !present.has(row.entryId));
		if (moving.length > 0) {
			const [{ highest }] = await tx
				.select({ highest: max(roundEntries.label) })
				.from(roundEntries)
				.where(eq(roundEntries.roundId, to.id));
			const at = now();
			await tx.insert(roundEntries).values(
				moving.map((row, index) => ({
					roundId: to.id,
					entryId: row.entryId,
					label: (highest ?? 0) + index + 1,
					addedBy: actorId,
					addedAt: at
				}))
			);
		}
		await recordAudit(tx, {
			actorId,
			action: 'round.advance',
			entityType: 'round',
			entityId: to.id,
			data: { from: from.id, entries: moving.map((row) => row.entryId) },
			ipAddress: options.ipAddress ?? null
		});
		return { toRoundId: to.id, added: moving.length };
	});
}
