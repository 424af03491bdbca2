import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { challenges, sessions, userRoles, users } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testContext } from '../testing/fixtures';
import { resetPassword, signIn, signUp } from './accounts';
import { ServiceError } from '../errors';
import { createOrPromoteOrganizer } from './bootstrap';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

const input = {
	email: 'First.Organizer@Example.org',
	name: 'First Organizer',
	country: 'KR',
	dateOfBirth: '1985-01-01'
};

describe('admin:create', () => {
	it('creates the first organizer with a one-hour link to choose a password, and a challenge to set up', async () => {
		const result = await createOrPromoteOrganizer(database.db, input, 'http://portal.test');
		expect(result.created).toBe(true);
		expect(result.challengeCreated).toBe(true);
		const url = new URL(result.setPasswordUrl as string);
		expect(url.pathname).toBe('/reset-password');
		const [user] = await database.db
			.select()
			.from(users)
			.where(eq(users.email, 'first.organizer@example.org'));
		const roles = await database.db.select().from(userRoles).where(eq(userRoles.userId, user.id));
		expect(roles.map((row) => row.role)).toEqual(['organizer']);
		await resetPassword(database.db, testContext(), {
			token: url.searchParams.get('token') as string,
			password: 'organizer chose this'
		});
		await signIn(database.db, testContext(), {
			email: user.email,
			password: 'organizer chose this'
		});
	});

	it('promotes an existing account, and running it twice changes nothing more', async () => {
		const existing = await createUser(database.db);
		const first = await createOrPromoteOrganizer(
			database.db,
			{ ...input, email: existing.email },
			'http://x'
		);
		const second = await createOrPromoteOrganizer(
			database.db,
			{ ...input, email: existing.email },
			'http://x'
		);
		expect(first).toMatchObject({ created: false, reclaimed: false, setPasswordUrl: undefined });
		expect(second).toEqual({ ...first, challengeCreated: false });
		const roles = await database.db
			.select()
			.from(userRoles)
			.where(eq(userRoles.userId, existing.id));
		expect(roles.map((row) => row.role)).toEqual(['organizer']);
	});

	it('reclaims an address registered but never confirmed: the registrant’s password and sessions stop working', async () => {
		// Promoted as it was, whoever pre-registered the address signed in as organizer.
		const squatter = { name: 'Squatter', country: 'KR', dateOfBirth: '1990-01-01' };
		const email = 'future.organizer@example.org';
		await signUp(database.db, testContext(), {
			...squatter,
			email,
			password: 'squatter knows this one'
		});
		const [account] = await database.db.select().from(users).where(eq(users.email, email));
		await database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, account.id));
		const early = await signIn(database.db, testContext(), {
			email,
			password: 'squatter knows this one'
		});
		const result = await createOrPromoteOrganizer(
			database.db,
			{ ...input, email },
			'https://portal.test'
		);
		expect(result).toMatchObject({ created: false, reclaimed: true });
		expect(result.setPasswordUrl).toMatch(/^https:\/\/portal\.test\/reset-password\?token=/);
		const refused = await signIn(database.db, testContext(), {
			email,
			password: 'squatter knows this one'
		}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ServiceError);
		const live = await database.db.select().from(sessions).where(eq(sessions.id, early.session.id));
		expect(live).toEqual([]);
	});

	it('makes an empty challenge on an empty database, and only then', async () => {
		const [before] = await database.db.select({ id: challenges.id }).from(challenges).limit(1);
		expect(before).toBeTruthy();
		const again = await createOrPromoteOrganizer(
			database.db,
			{ ...input, email: 'second.organizer@example.org' },
			'http://x'
		);
		expect(again.challengeCreated).toBe(false);
		expect(await database.db.select().from(challenges)).toHaveLength(1);
	});
});
