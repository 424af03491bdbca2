import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { localize, type LocalizedText } from '$lib/domain/localized-text';
import { publicationBasis, type ScoreBasis } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import { type Database, type Executor, type Transaction } from '../../db';
import {
	challenges,
	publishedResults,
	resultPublications,
	rounds,
	teamMembers,
	users,
	type Decision
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { enqueueEmail } from '../../mail/outbox';
import { resultsEmails } from '../../mail/results-templates';
import { getLeaderboard, type LeaderboardRow } from '../leaderboard';
import {
	currentDecisions,
	PUBLISH_ACTION,
	REASON_MAX_LENGTH,
	roundsNotClosedWithDecisions,
	type CurrentDecision
} from './overview';
import type { ActorWith } from '../../request';
import { replaceGallery } from './gallery-snapshot';
import { galleryRemovals } from './previews';

// Publishing

export type PublishInput = {
	reason: string;
	/**
	 * The gallery entries the organizer saw named and agreed to take out of the gallery. A
	 * publication that would remove any other published entry is refused: nothing leaves the
	 * gallery unseen, even when a decision changed after the page was read.
	 */
	removals?: string[];
};

export type PublishResult = {
	publicationId: string;
	version: number;
	results: number;
	gallery: { added: number; updated: number; removed: number; unchanged: number };
	notifiedTeams: number;
};

const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/**
 * Publishes the results (version 1) or re-publishes them (next version; a reason is required).
 * Needs at least one decision, every round holding decisions closed or decided, and each entry
 * it would take out of the public gallery confirmed by the organizer (`removals`). In one
 * transaction: the publication, the frozen results, the gallery and the teams' emails (all of
 * them the first time; afterwards only teams whose decision changed).
 */
export async function publishResults(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: PublishInput & { challengeId: string }
): Promise<PublishResult> {
	const { challengeId } = input;
	const reason = input.reason.trim();
	if ([...reason].length > REASON_MAX_LENGTH)
		throw new ServiceError(
			400,
			m.results_error_reason_length({ max: REASON_MAX_LENGTH }),
			'reason'
		);
	return db.transaction(async (tx) => {
		const { challenge, version, decided } = await checkedPublication(
			tx,
			challengeId,
			reason,
			input
		);
		const { basisOf, rowOf, rankOf } = await decidingRanks(tx, challengeId, decided);
		const basis = publicationBasis([...basisOf.values()]);
		const hundredths = (value: number | null | undefined) =>
			value === null || value === undefined ? null : Math.round(value * 100);

		const at = now();
		const previous = await tx
			.select({ id: resultPublications.id })
			.from(resultPublications)
			.where(
				and(
					eq(resultPublications.challengeId, challengeId),
					eq(resultPublications.version, version - 1)
				)
			)
			.limit(1);
		const [publication] = await tx
			.insert(resultPublications)
			.values({
				challengeId,
				version,
				reason,
				scoreBasis: basis,
				publishedBy: actor.actorId,
				publishedAt: at,
				notifiedAt: at
			})
			.returning({ id: resultPublications.id });
		await tx.insert(publishedResults).values(
			decided.map((decision) => {
				const row = rowOf(decision);
				return {
					publicationId: publication.id,
					entryId: decision.entryId,
					roundId: decision.roundId,
					decision: decision.decision,
					rank: rankOf(decision),
					scoreBasis: basisOf.get(decision.roundId) ?? null,
					rawMeanHundredths: hundredths(row?.rawMean),
					adjustedHundredths: hundredths(row?.adjusted),
					reviews: row?.reviews ?? 0
				};
			})
		);
		const gallery = await replaceGallery(
			tx,
			challengeId,
			publication.id,
			decided
				.filter((decision) => decision.decision === 'shortlist')
				.map((decision) => ({ ...decision, rank: rankOf(decision) })),
			at,
			// A published result comes after the deadline; the earlier day is the stricter one.
			new Date(Math.min(challenge.submissionDeadlineAt.getTime(), at.getTime()))
		);

		// Emails: every decided team the first time; afterwards those whose decision changed.
		const notify = await notifyTeams(tx, challenge, decided, previous[0]?.id, actor.baseUrl);

		await recordAudit(tx, {
			actorId: actor.actorId,
			action: PUBLISH_ACTION,
			entityType: 'result_publication',
			entityId: publication.id,
			data: {
				version,
				reason,
				basis,
				rounds: Object.fromEntries(basisOf),
				results: decided.length,
				shortlisted: decided.filter((decision) => decision.decision === 'shortlist').length,
				gallery,
				notifiedTeams: notify.length
			},
			ipAddress: actor.ipAddress ?? null
		});
		return {
			publicationId: publication.id,
			version,
			results: decided.length,
			gallery,
			notifiedTeams: notify.length
		};
	});
}

/**
 * One publication at a time per challenge (the challenge row is the lock), then every rule that
 * refuses it: a missing reason on a re-publication, rounds still open, nothing decided, and
 * removals from the gallery the organizer did not confirm.
 */
async function checkedPublication(
	tx: Transaction,
	challengeId: string,
	reason: string,
	input: PublishInput
) {
	const [challenge] = await tx
		.select({
			id: challenges.id,
			title: challenges.title,
			submissionDeadlineAt: challenges.submissionDeadlineAt
		})
		.from(challenges)
		.where(eq(challenges.id, challengeId))
		.for('update')
		.limit(1);
	if (!challenge) throw new ServiceError(404, m.results_error_round_missing(), 'confirm');
	const [{ highest }] = await tx
		.select({ highest: max(resultPublications.version) })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId));
	const version = (highest ?? 0) + 1;
	if (version > 1 && reason.length === 0)
		throw new ServiceError(400, m.results_error_reason_required(), 'reason');
	const blocking = await roundsNotClosedWithDecisions(tx, challengeId);
	if (blocking.length > 0)
		throw new ServiceError(
			409,
			m.results_error_rounds_open({ rounds: blocking.map((round) => round.name).join(', ') }),
			'confirm'
		);
	const decided = await currentDecisions(tx, challengeId);
	if (decided.length === 0)
		throw new ServiceError(409, m.results_error_nothing_decided(), 'confirm');
	const confirmed = new Set(input.removals ?? []);
	const unconfirmed = (await galleryRemovals(tx, challengeId, decided)).filter(
		(row) => !confirmed.has(row.entryId)
	);
	if (unconfirmed.length > 0)
		throw new ServiceError(
			400,
			m.results_error_removal_unconfirmed({
				titles: unconfirmed.map((row) => `“${row.title}”`).join(', ')
			}),
			'confirmRemoval'
		);
	return { challenge, version, decided };
}

/**
 * Ranks and scores of each decided entry in the round of its decision, ranked by the score
 * that round decides by.
 */
async function decidingRanks(tx: Transaction, challengeId: string, decided: CurrentDecision[]) {
	const boards = new Map<string, Map<string, LeaderboardRow>>();
	const basisOf = new Map<string, ScoreBasis>();
	for (const roundId of new Set(decided.map((row) => row.roundId))) {
		const board = await getLeaderboard(tx, challengeId, roundId);
		boards.set(roundId, new Map((board?.rows ?? []).map((row) => [row.entryId, row])));
		if (board) basisOf.set(roundId, board.round.scoreBasis);
	}
	const rowOf = (decision: CurrentDecision) => boards.get(decision.roundId)?.get(decision.entryId);
	const rankOf = (decision: CurrentDecision) => {
		const row = rowOf(decision);
		if (!row) return null;
		return basisOf.get(decision.roundId) === 'raw' ? row.trackRankRaw : row.trackRankAdjusted;
	};
	return { basisOf, rowOf, rankOf };
}

/** Emails the decided teams whose decision differs from the previous publication's; returns them. */
async function notifyTeams(
	tx: Transaction,
	challenge: { title: unknown },
	decided: CurrentDecision[],
	previousId: string | undefined,
	baseUrl: string
): Promise<CurrentDecision[]> {
	const before = new Map<string, Decision>();
	if (previousId)
		for (const row of await tx
			.select({ entryId: publishedResults.entryId, decision: publishedResults.decision })
			.from(publishedResults)
			.where(eq(publishedResults.publicationId, previousId)))
			before.set(row.entryId, row.decision);
	const notify = decided.filter((decision) => before.get(decision.entryId) !== decision.decision);
	if (notify.length > 0) {
		const members = await tx
			.select({
				teamId: teamMembers.teamId,
				userId: users.id,
				email: users.email,
				name: users.name,
				locale: users.locale
			})
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.where(
				inArray(
					teamMembers.teamId,
					notify.map((decision) => decision.teamId)
				)
			);
		for (const decision of notify)
			for (const member of members.filter((row) => row.teamId === decision.teamId)) {
				const locale = asLocale(member.locale);
				await enqueueEmail(tx, {
					to: member.email,
					userId: member.userId,
					template: 'results_published',
					...resultsEmails.published(locale, {
						name: member.name,
						challenge: localize(challenge.title as LocalizedText, locale),
						title: decision.title,
						round: decision.roundName,
						decision: decision.decision,
						// "Again, and changed" only for a team that had a published result before.
						updated: before.has(decision.entryId),
						feedbackUrl: decision.feedbackReleased ? `${baseUrl}/team/feedback` : null,
						teamUrl: `${baseUrl}/team`
					})
				});
			}
	}
	return notify;
}

export type TeamResult = {
	decision: Decision;
	roundName: string;
	publishedAt: Date;
	feedbackReleased: boolean;
};

/**
 * The entry's result as last published, or null: before any publication, and when the latest
 * publication holds no decision for it. Later (unpublished) decisions are never shown.
 */
export async function publishedResultForEntry(
	db: Executor,
	challengeId: string,
	entryId: string
): Promise<TeamResult | null> {
	const latest = db
		.select({ version: max(resultPublications.version) })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId));
	const [row] = await db
		.select({
			decision: publishedResults.decision,
			roundName: rounds.name,
			publishedAt: resultPublications.publishedAt,
			feedbackReleasedAt: rounds.feedbackReleasedAt
		})
		.from(resultPublications)
		.innerJoin(
			publishedResults,
			and(
				eq(publishedResults.publicationId, resultPublications.id),
				eq(publishedResults.entryId, entryId)
			)
		)
		.innerJoin(rounds, eq(rounds.id, publishedResults.roundId))
		.where(
			and(
				eq(resultPublications.challengeId, challengeId),
				eq(resultPublications.version, sql`(${latest})`)
			)
		)
		.limit(1);
	if (!row) return null;
	return {
		decision: row.decision,
		roundName: row.roundName,
		publishedAt: row.publishedAt,
		feedbackReleased: row.feedbackReleasedAt !== null
	};
}
