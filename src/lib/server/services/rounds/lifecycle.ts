import { availableTransitions, canReleaseFeedback } from '$lib/domain/round';
import { and, count, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { RoundTransition } from '$lib/schemas/judging';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	rubricCriteria,
	type Round,
	type RoundState
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { mailJudgesOfOpenedRound } from '../judge-notices';
import type { Actor } from '../../request';
import { activeEntry, lockRound, addSubmittedEntries } from './shared';

/** A round's state machine (draft → open → closed → decided) and the release of its feedback. */

/**
 * How many entries taking part in the round (not withdrawn) have no judge: no assignment, or
 * only assignments a conflict suspends. Nobody scores them while the round is open.
 */
export async function countEntriesWithoutJudge(db: Executor, roundId: string): Promise<number> {
	const [row] = await db
		.select({ total: count() })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(
			and(
				eq(roundEntries.roundId, roundId),
				activeEntry,
				sql`not exists (select 1 from ${assignments} where ${assignments.roundId} = ${roundEntries.roundId} and ${assignments.entryId} = ${roundEntries.entryId} and ${assignments.suspendedAt} is null)`
			)
		);
	return row?.total ?? 0;
}

export type TransitionOptions = {
	/**
	 * The organizer saw that entries have no judge and opens the round anyway. Without it,
	 * opening a round where some entry has no judge is refused (400, `confirmUnassigned`).
	 */
	confirmUnassigned?: boolean;
};

/**
 * Moves a round along draft → open → closed → decided (or closed → open again). Opening needs
 * a window that has not ended and a rubric with criteria; opening round 1 brings in every entry
 * submitted so far. Opening while entries have no judge needs `confirmUnassigned` (counted after
 * those entries joined, in the same transaction, so none opens unseen).
 */
export async function transitionRound(
	db: Database,
	actor: Actor,
	input: TransitionOptions & {
		challengeId: string;
		roundId: string;
		transition: RoundTransition;
	}
): Promise<{
	state: RoundState;
	entriesAdded: number;
	entriesWithoutJudge: number;
	judgesMailed: number;
}> {
	const { challengeId, roundId, transition } = input;
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (!availableTransitions(round.state).includes(transition))
			throw new ServiceError(409, m.judging_error_transition(), 'transition');
		const at = now();
		let entriesAdded = 0;
		let entriesWithoutJudge = 0;
		let change: Partial<Round>;
		if (transition === 'open' || transition === 'reopen') {
			if (round.closesAt.getTime() <= at.getTime() || round.opensAt >= round.closesAt)
				throw new ServiceError(409, m.judging_error_window_over(), 'closesAt');
			const [{ total }] = await tx
				.select({ total: count() })
				.from(rubricCriteria)
				.where(eq(rubricCriteria.rubricId, round.rubricId));
			if (total === 0) throw new ServiceError(409, m.judging_error_rubric_empty(), 'rubricId');
			change = { state: 'open', openedAt: round.openedAt ?? at, closedAt: null };
			if (round.position === 1) entriesAdded = await addSubmittedEntries(tx, round);
			if (transition === 'open') {
				entriesWithoutJudge = await countEntriesWithoutJudge(tx, round.id);
				if (entriesWithoutJudge > 0 && !input.confirmUnassigned)
					throw new ServiceError(
						400,
						m.judging_error_open_unassigned({ count: entriesWithoutJudge }),
						'confirmUnassigned'
					);
			}
		} else if (transition === 'close') change = { state: 'closed', closedAt: at };
		else change = { state: 'decided', decidedAt: at };
		await tx
			.update(rounds)
			.set({ ...change, updatedAt: at })
			.where(eq(rounds.id, round.id));
		// The first opening tells each judge their entries; a reopening changes no one's work.
		const judgesMailed =
			transition === 'open' ? await mailJudgesOfOpenedRound(tx, actor, { roundId: round.id }) : 0;
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: `round.${transition}`,
			entityType: 'round',
			entityId: round.id,
			data: {
				from: round.state,
				to: change.state,
				entriesAdded,
				entriesWithoutJudge,
				judgesMailed
			},
			ipAddress: actor.ipAddress ?? null
		});
		return {
			state: change.state as RoundState,
			entriesAdded,
			entriesWithoutJudge,
			judgesMailed
		};
	});
}

async function setFeedback(
	db: Database,
	actor: Actor,
	input: { challengeId: string; roundId: string; release: boolean }
) {
	const { challengeId, roundId, release } = input;
	return db.transaction(async (tx) => {
		const round = await lockRound(tx, challengeId, roundId);
		if (release && !canReleaseFeedback(round.state))
			throw new ServiceError(409, m.judging_error_feedback_too_early(), 'release');
		if (release === (round.feedbackReleasedAt !== null)) return { changed: false };
		await tx
			.update(rounds)
			.set({ feedbackReleasedAt: release ? now() : null, updatedAt: now() })
			.where(eq(rounds.id, round.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: release ? 'round.release_feedback' : 'round.withdraw_feedback',
			entityType: 'round',
			entityId: round.id,
			ipAddress: actor.ipAddress ?? null
		});
		return { changed: true };
	});
}

/** Teams may read the judges' feedback of this round (once it is closed). */
export function releaseFeedback(
	db: Database,
	actor: Actor,
	input: { challengeId: string; roundId: string }
) {
	return setFeedback(db, actor, { ...input, release: true });
}

export function withdrawFeedback(
	db: Database,
	actor: Actor,
	input: { challengeId: string; roundId: string }
) {
	return setFeedback(db, actor, { ...input, release: false });
}
