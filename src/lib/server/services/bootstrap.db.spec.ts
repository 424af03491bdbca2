import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { userRoles, users } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testContext } from '../testing/fixtures';
import { resetPassword, signIn } from './accounts';
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
	it('creates the first organizer with a one-hour link to choose a password', async () => {
		const result = await createOrPromoteOrganizer(database.db, input, 'http://portal.test');
		expect(result.created).toBe(true);
		const url = new URL(result.setPasswordUrl as string);
		expect(url.pathname).toBe('/reset-password');
		const [user] = await database.db
			.select()
			.from(users)
			.where(eq(users.email, 'first.organizer@example.org'));
		const roles = await database.db.select().from(userRoles).where(eq(userRoles.userId, user.id));
		expect(roles.map((row) => row.role)).toEqual(['organizer']);
		await resetPassword(
			database.db,
			{ token: url.searchParams.get('token') as string, password: 'organizer chose this' },
			testContext()
		);
		await signIn(
			database.db,
			{ email: user.email, password: 'organizer chose this' },
			testContext()
		);
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
		expect(first).toEqual({ created: false, setPasswordUrl: undefined });
		expect(second).toEqual(first);
		const roles = await database.db
			.select()
			.from(userRoles)
			.where(eq(userRoles.userId, existing.id));
		expect(roles.map((row) => row.role)).toEqual(['organizer']);
	});
});
