import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { DAY, HOUR, MINUTE, now } from '../clock';
import type { Database, Executor } from '../db';
import { challenges, galleryEntries, peoplesChoiceVotes } from '../db/schema';
import { ServiceError } from '../errors';
import {
	addressRateLimitKey,
	enforceRateLimits,
	rateLimitKey,
	type RateLimitRule
} from '../rate-limit';
import { ADDRESS_SCOPES } from '../rate-limit-rules';
import type { Actor, RequestContext } from '../request';
import { voteCount, votingState } from './gallery';

/**
 * People's choice: signed-in people with a confirmed email vote for one published entry per
 * track. The primary key (challenge, track, account) makes it one vote per track whatever
 * happens at once; voting again in a track moves the vote. Votes are taken until the challenge's
 * voting_closes_at and counted publicly only after it.
 */

/** Votes (and vote moves) per account, and per address for many accounts behind one. */
const VOTES_PER_ACCOUNT: RateLimitRule = {
	limit: 30,
	windowMs: HOUR,
	baseBlockMs: 15 * MINUTE,
	maxBlockMs: DAY
};
const VOTES_PER_ADDRESS: RateLimitRule = {
	limit: 300,
	windowMs: HOUR,
	baseBlockMs: 15 * MINUTE,
	maxBlockMs: DAY
};

export type Voter = { id: string; emailVerified: boolean };

export type VoteResult = {
	/** The entry that had the account's vote in this track before, when it was another one. */
	movedFrom: { slug: string; title: string } | null;
	/** The vote was already on this entry: nothing changed. */
	unchanged: boolean;
};

/**
 * Records the account's vote for the entry, replacing its vote in the same track. Refused when
 * people's choice is off or closed (409), without a confirmed email (403), or too often (429).
 */
export async function castVote(
	db: Database,
	actor: Actor & Pick<RequestContext, 'ipAddress'>,
	input: { slug: string; emailVerified: boolean }
): Promise<VoteResult> {
	const { slug } = input;
	const voter: Voter = { id: actor.actorId, emailVerified: input.emailVerified };
	const [target] = await db
		.select({
			entryId: galleryEntries.entryId,
			trackId: galleryEntries.trackId,
			challengeId: galleryEntries.challengeId,
			peoplesChoiceEnabled: challenges.peoplesChoiceEnabled,
			votingClosesAt: challenges.votingClosesAt
		})
		.from(galleryEntries)
		.innerJoin(challenges, eq(challenges.id, galleryEntries.challengeId))
		.where(eq(galleryEntries.slug, slug))
		.limit(1);
	if (!target) throw ServiceError.notFound();
	const state = votingState(target);
	if (state === 'off') throw new ServiceError(409, m.gallery_vote_error_off());
	if (state === 'closed') throw new ServiceError(409, m.gallery_vote_error_closed());
	if (!voter.emailVerified) throw new ServiceError(403, m.gallery_vote_error_unverified());

	const limits = [
		{ key: rateLimitKey('vote:account', voter.id), rule: VOTES_PER_ACCOUNT },
		{ key: addressRateLimitKey(ADDRESS_SCOPES.vote, actor.ipAddress), rule: VOTES_PER_ADDRESS }
	];
	await enforceRateLimits(db, limits, {
		message: (minutes) => m.gallery_vote_error_rate({ minutes })
	});

	return db.transaction(async (tx) => {
		const [previous] = await tx
			.select({
				entryId: peoplesChoiceVotes.entryId,
				slug: galleryEntries.slug,
				title: galleryEntries.title
			})
			.from(peoplesChoiceVotes)
			.innerJoin(galleryEntries, eq(galleryEntries.entryId, peoplesChoiceVotes.entryId))
			.where(
				and(
					eq(peoplesChoiceVotes.challengeId, target.challengeId),
					eq(peoplesChoiceVotes.trackId, target.trackId),
					eq(peoplesChoiceVotes.userId, voter.id)
				)
			)
			.for('update', { of: peoplesChoiceVotes })
			.limit(1);
		if (previous?.entryId === target.entryId) return { movedFrom: null, unchanged: true };
		await tx
			.insert(peoplesChoiceVotes)
			.values({
				challengeId: target.challengeId,
				trackId: target.trackId,
				userId: voter.id,
				entryId: target.entryId,
				votedAt: now()
			})
			.onConflictDoUpdate({
				target: [
					peoplesChoiceVotes.challengeId,
					peoplesChoiceVotes.trackId,
					peoplesChoiceVotes.userId
				],
				set: { entryId: target.entryId, votedAt: now() }
			});
		return {
			movedFrom: previous ? { slug: previous.slug, title: previous.title } : null,
			unchanged: false
		};
	});
}

/** The entry that has the account's vote in a track, if any. */
export async function findVoteInTrack(
	db: Executor,
	userId: string,
	challengeId: string,
	trackId: string
): Promise<{ entryId: string; slug: string; title: string } | null> {
	const [vote] = await db
		.select({
			entryId: peoplesChoiceVotes.entryId,
			slug: galleryEntries.slug,
			title: galleryEntries.title
		})
		.from(peoplesChoiceVotes)
		.innerJoin(galleryEntries, eq(galleryEntries.entryId, peoplesChoiceVotes.entryId))
		.where(
			and(
				eq(peoplesChoiceVotes.challengeId, challengeId),
				eq(peoplesChoiceVotes.trackId, trackId),
				eq(peoplesChoiceVotes.userId, userId)
			)
		)
		.limit(1);
	return vote ?? null;
}

export type PeoplesChoiceResults = {
	tracks: {
		slug: string;
		name: LocalizedText;
		entries: { slug: string; title: string; teamName: string; votes: number }[];
	}[];
	totalVotes: number;
};

/**
 * The counts per track, most votes first, for the organizers: null while voting is open (nobody
 * sees them before it closes) or when people's choice is off. One query.
 */
export async function peoplesChoiceResults(
	db: Executor,
	challenge: { id: string; peoplesChoiceEnabled: boolean; votingClosesAt: Date | null }
): Promise<PeoplesChoiceResults | null> {
	if (votingState(challenge) !== 'closed') return null;
	const g = galleryEntries;
	const votes = voteCount;
	const rows = await db
		.select({
			slug: g.slug,
			title: g.title,
			teamName: g.teamName,
			trackSlug: g.trackSlug,
			trackName: g.trackName,
			votes
		})
		.from(g)
		.where(eq(g.challengeId, challenge.id))
		.orderBy(
			sql`min(${g.position}) over (partition by ${g.trackSlug})`,
			asc(g.trackSlug),
			desc(votes),
			asc(g.position)
		);
	const tracks: PeoplesChoiceResults['tracks'] = [];
	let totalVotes = 0;
	for (const row of rows) {
		let track = tracks[tracks.length - 1];
		if (!track || track.slug !== row.trackSlug) {
			track = { slug: row.trackSlug, name: row.trackName, entries: [] };
			tracks.push(track);
		}
		const count = Number(row.votes);
		totalVotes += count;
		track.entries.push({ slug: row.slug, title: row.title, teamName: row.teamName, votes: count });
	}
	return { tracks, totalVotes };
}
