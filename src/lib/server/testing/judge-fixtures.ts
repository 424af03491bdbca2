import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { ServiceError } from '../errors';
import { acceptJudgeInvite, inviteJudge } from '../services/judge-invites';
import { demoChallenge } from './challenge-fixtures';
import { createTestDatabase, type TestDatabase } from './database';
import { createUser } from './fixtures';

/**
 * What the judge specs (invitations, profiles, conflicts) share: a database with the demo
 * challenge and an organizer, the request context invitations are sent with, and people who
 * accepted an invitation.
 */
export type JudgeSetting = {
	database: TestDatabase;
	challenge: Awaited<ReturnType<typeof demoChallenge>>;
	organizer: Awaited<ReturnType<typeof createUser>>;
};

export const judgeContext = { baseUrl: 'http://portal.test', ipAddress: '10.0.0.1' };

export async function judgeSetting(): Promise<JudgeSetting> {
	const database = await createTestDatabase();
	const challenge = await demoChallenge(database.db);
	const organizer = await createUser(database.db, {
		roles: ['organizer'],
		name: 'Olivia Organizer'
	});
	return { database, challenge, organizer };
}

/** The ServiceError a promise is refused with (fails the test when it is not refused). */
export async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

export const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;
export const unique = () => randomBytes(4).toString('hex');

/** Invitations and new judges in a setting filled in by the spec's beforeAll. */
export function judgeHelpers(setting: () => JudgeSetting) {
	const invite = (email: string) => {
		const { database, challenge, organizer } = setting();
		return inviteJudge(
			database.db,
			{ actorId: organizer.id, locale: 'en', ...judgeContext },
			{ challengeId: challenge.id, email }
		);
	};
	/** A person who accepted an invitation: a judge with an (empty) profile. */
	const newJudge = async (email = `judge-${unique()}@example.org`) => {
		const user = await createUser(setting().database.db, { email, name: `Judge ${unique()}` });
		const { url } = await invite(email);
		await acceptJudgeInvite(setting().database.db, { actorId: user.id }, { token: tokenOf(url) });
		return user;
	};
	return { invite, newJudge };
}
