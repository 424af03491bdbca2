import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freezeClock } from '../clock';
import { challenges, peoplesChoiceVotes } from '../db/schema';
import { ServiceError } from '../errors';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor, testContext } from '../testing/fixtures';
import { createGalleryChallenge, publishGalleryRows } from '../testing/gallery-fixtures';
import { getGalleryEntry, listGallery } from './gallery';
import { castVote, findVoteInTrack, peoplesChoiceResults } from './peoples-choice';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof createGalleryChallenge>>;
let rows: Awaited<ReturnType<typeof publishGalleryRows>>['rows'];

const CLOSES_AT = new Date('2031-06-30T15:00:00Z');
const BEFORE_CLOSE = new Date('2031-06-01T09:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await createGalleryChallenge(database.db, {
		trackSlugs: ['transport', 'welfare'],
		peoplesChoice: true,
		votingClosesAt: CLOSES_AT
	});
	const [transport, welfare] = challenge.tracks;
	({ rows } = await publishGalleryRows(database.db, challenge.id, [
		{ slug: 'bus-routes', title: 'Bus routes that follow demand', track: transport },
		{ slug: 'safe-crossings', title: 'Safer school crossings', track: transport },
		{ slug: 'welfare-claims', title: 'Welfare claims without queues', track: welfare }
	]));
});

beforeEach(() => freezeClock(BEFORE_CLOSE));
afterEach(() => freezeClock(undefined));

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

async function votesOf(userId: string) {
	return database.db
		.select({ trackId: peoplesChoiceVotes.trackId, entryId: peoplesChoiceVotes.entryId })
		.from(peoplesChoiceVotes)
		.where(
			and(eq(peoplesChoiceVotes.challengeId, challenge.id), eq(peoplesChoiceVotes.userId, userId))
		);
}

const voter = async () => {
	const user = await createUser(database.db);
	return { id: user.id, emailVerified: true };
};

describe('castVote', () => {
	it('records one vote per track, moves it within a track and keeps the other track’s', async () => {
		const person = await voter();
		const first = await castVote(database.db, testActor(person.id), {
			slug: 'bus-routes',
			emailVerified: person.emailVerified
		});
		expect(first).toEqual({ movedFrom: null, unchanged: false });
		expect(
			await castVote(database.db, testActor(person.id), {
				slug: 'welfare-claims',
				emailVerified: person.emailVerified
			})
		).toEqual({
			movedFrom: null,
			unchanged: false
		});
		// Again in the transport track: the vote moves.
		const moved = await castVote(database.db, testActor(person.id), {
			slug: 'safe-crossings',
			emailVerified: person.emailVerified
		});
		expect(moved).toEqual({
			movedFrom: { slug: 'bus-routes', title: 'Bus routes that follow demand' },
			unchanged: false
		});
		const again = await castVote(database.db, testActor(person.id), {
			slug: 'safe-crossings',
			emailVerified: person.emailVerified
		});
		expect(again).toEqual({ movedFrom: null, unchanged: true });

		const votes = await votesOf(person.id);
		expect(votes).toHaveLength(2);
		expect(votes.find((vote) => vote.trackId === challenge.tracks[0].id)?.entryId).toBe(
			rows[1].entryId
		);
		expect(votes.find((vote) => vote.trackId === challenge.tracks[1].id)?.entryId).toBe(
			rows[2].entryId
		);
		const mine = await findVoteInTrack(
			database.db,
			person.id,
			challenge.id,
			challenge.tracks[0].id
		);
		expect(mine).toEqual({
			entryId: rows[1].entryId,
			slug: 'safe-crossings',
			title: 'Safer school crossings'
		});
	});

	it('lets the database refuse a second vote of one account in one track', async () => {
		const person = await voter();
		await castVote(database.db, testActor(person.id), {
			slug: 'bus-routes',
			emailVerified: person.emailVerified
		});
		const duplicate = await database.db
			.insert(peoplesChoiceVotes)
			.values({
				challengeId: challenge.id,
				trackId: challenge.tracks[0].id,
				userId: person.id,
				entryId: rows[1].entryId
			})
			.then(
				() => null,
				(error: unknown) => error
			);
		expect(duplicate).not.toBeNull();
		expect(JSON.stringify(duplicate, Object.getOwnPropertyNames(duplicate))).toMatch(
			/23505|duplicate key|peoples_choice_votes_pkey/
		);
		// Nor can a vote name an entry of another track (the foreign key includes the track).
		const wrongTrack = await database.db
			.insert(peoplesChoiceVotes)
			.values({
				challengeId: challenge.id,
				trackId: challenge.tracks[1].id,
				userId: person.id,
				entryId: rows[0].entryId
			})
			.then(
				() => null,
				(error: unknown) => error
			);
		expect(wrongTrack).not.toBeNull();
		expect(await votesOf(person.id)).toHaveLength(1);
	});

	it('refuses votes once voting has closed, and when people’s choice is off', async () => {
		const person = await voter();
		freezeClock(CLOSES_AT);
		const closed = await refusal(
			castVote(database.db, testActor(person.id), {
				slug: 'bus-routes',
				emailVerified: person.emailVerified
			})
		);
		expect(closed.status).toBe(409);
		expect(closed.message).toMatch(/closed/i);

		freezeClock(BEFORE_CLOSE);
		await database.db
			.update(challenges)
			.set({ peoplesChoiceEnabled: false })
			.where(eq(challenges.id, challenge.id));
		try {
			const off = await refusal(
				castVote(database.db, testActor(person.id), {
					slug: 'bus-routes',
					emailVerified: person.emailVerified
				})
			);
			expect(off.status).toBe(409);
		} finally {
			await database.db
				.update(challenges)
				.set({ peoplesChoiceEnabled: true })
				.where(eq(challenges.id, challenge.id));
		}
		expect(await votesOf(person.id)).toEqual([]);
	});

	it('refuses an account whose email is not confirmed, and an unknown entry', async () => {
		const person = await voter();
		const unverified = await refusal(
			castVote(database.db, testActor(person.id), { slug: 'bus-routes', emailVerified: false })
		);
		expect(unverified.status).toBe(403);
		const unknown = await refusal(
			castVote(database.db, testActor(person.id), {
				slug: 'no-such-entry',
				emailVerified: person.emailVerified
			})
		);
		expect(unknown.status).toBe(404);
		expect(await votesOf(person.id)).toEqual([]);
	});

	it('limits how often one account votes', async () => {
		const person = await voter();
		const context = testContext();
		for (let index = 0; index < 30; index++)
			await castVote(
				database.db,
				{ actorId: person.id, ...context },
				{ slug: index % 2 ? 'bus-routes' : 'safe-crossings', emailVerified: person.emailVerified }
			);
		const limited = await refusal(
			castVote(
				database.db,
				{ actorId: person.id, ...context },
				{ slug: 'bus-routes', emailVerified: person.emailVerified }
			)
		);
		expect(limited.status).toBe(429);
		expect(limited.retryAfterSeconds).toBeGreaterThan(0);
	});
});

describe('vote counts', () => {
	it('are hidden from everyone until voting closes, then shown per track', async () => {
		const before = await peoplesChoiceResults(database.db, {
			id: challenge.id,
			peoplesChoiceEnabled: true,
			votingClosesAt: CLOSES_AT
		});
		expect(before).toBeNull();
		expect((await getGalleryEntry(database.db, 'safe-crossings'))?.voting.votes).toBeNull();

		freezeClock(CLOSES_AT);
		const after = await peoplesChoiceResults(database.db, {
			id: challenge.id,
			peoplesChoiceEnabled: true,
			votingClosesAt: CLOSES_AT
		});
		const counted = await database.db
			.select({ entryId: peoplesChoiceVotes.entryId })
			.from(peoplesChoiceVotes)
			.where(eq(peoplesChoiceVotes.challengeId, challenge.id));
		const countOf = (entryId: string) => counted.filter((vote) => vote.entryId === entryId).length;
		expect(after?.totalVotes).toBe(counted.length);
		expect(after?.tracks.map((track) => track.slug)).toEqual(['transport', 'welfare']);
		const transport = after?.tracks[0]?.entries ?? [];
		expect(transport.map((entry) => entry.votes)).toEqual(
			[countOf(rows[0].entryId), countOf(rows[1].entryId)].sort((a, b) => b - a)
		);
		expect((await getGalleryEntry(database.db, 'safe-crossings'))?.voting.votes).toBe(
			countOf(rows[1].entryId)
		);
		const page = await listGallery(database.db, challenge.id, { filters: {}, withVotes: true });
		expect(page.items.map((item) => item.votes)).toEqual(rows.map((row) => countOf(row.entryId)));
	});
});
