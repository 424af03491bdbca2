import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock } from '../clock';
import { tracks } from '../db/schema';
import { ServiceError } from '../errors';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { acceptJudgeInvite, inviteJudge } from './judge-invites';
import { getJudgeProfile, listJudges, saveJudgeProfile } from './judge-profiles';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let organizer: Awaited<ReturnType<typeof createUser>>;
const context = { baseUrl: 'http://portal.test', ipAddress: '10.0.0.1' };

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	organizer = await createUser(database.db, { roles: ['organizer'], name: 'Olivia Organizer' });
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

const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;
const unique = () => randomBytes(4).toString('hex');

async function invite(email: string) {
	return inviteJudge(
		database.db,
		{ challengeId: challenge.id, email, invitedBy: organizer.id, locale: 'en' },
		context
	);
}

/** A person who accepted an invitation: a judge with an (empty) profile. */
async function newJudge(email = `judge-${unique()}@example.org`) {
	const user = await createUser(database.db, { email, name: `Judge ${unique()}` });
	const { url } = await invite(email);
	await acceptJudgeInvite(database.db, tokenOf(url), user);
	return user;
}

describe('judge profiles', () => {
	it('saves organization, country, expertise (tracks of the challenge) and bio', async () => {
		const judge = await newJudge();
		const challengeTracks = await database.db
			.select({ id: tracks.id })
			.from(tracks)
			.where(eq(tracks.challengeId, challenge.id));
		const input = {
			userId: judge.id,
			challengeId: challenge.id,
			organization: '  Ministry of the Interior ',
			country: 'kr',
			expertise: [challengeTracks[0].id],
			bio: 'Public administration scholar.'
		};
		await saveJudgeProfile(database.db, input);
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			organization: 'Ministry of the Interior',
			country: 'KR',
			expertise: [challengeTracks[0].id]
		});
		const unknownTrack = await refusal(
			saveJudgeProfile(database.db, {
				...input,
				expertise: ['00000000-0000-4000-8000-000000000000']
			})
		);
		expect([unknownTrack.status, unknownTrack.field]).toEqual([400, 'expertise']);
		const malformed = await refusal(
			saveJudgeProfile(database.db, { ...input, expertise: ['not-a-uuid'] })
		);
		expect(malformed.field).toBe('expertise');
		const country = await refusal(saveJudgeProfile(database.db, { ...input, country: 'XX' }));
		expect([country.status, country.field]).toEqual([400, 'country']);
		const long = await refusal(
			saveJudgeProfile(database.db, { ...input, organization: 'x'.repeat(201) })
		);
		expect([long.status, long.field]).toEqual([400, 'organization']);
		await saveJudgeProfile(database.db, { ...input, country: '', expertise: [] });
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			country: '',
			expertise: []
		});
	});
});

describe('judges list', () => {
	it('lists judges with profile details, keyset-paged', async () => {
		await newJudge();
		await newJudge();
		const first = await listJudges(database.db, challenge.id, { limit: 2 });
		expect(first.judges).toHaveLength(2);
		expect(first.nextAfter).not.toBeNull();
		const second = await listJudges(database.db, challenge.id, {
			limit: 2,
			after: first.nextAfter ?? undefined
		});
		expect(second.judges[0].id).not.toBe(first.judges[0].id);
		expect(second.judges.map((row) => row.id)).not.toContain(first.judges[1].id);
		const garbage = await listJudges(database.db, challenge.id, { after: 'garbage' });
		expect(garbage.judges.length).toBeGreaterThan(2);
	});
});
