import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, freezeClock } from '../clock';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { createSession, invalidateSession, validateSessionToken } from './session';

let database: TestDatabase;
const start = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
});
afterEach(() => freezeClock(undefined));

describe('sessions', () => {
	it('lasts 30 days and slides forward when used in its second half', async () => {
		freezeClock(start);
		const user = await createUser(database.db, { roles: ['judge'] });
		const { token, session } = await createSession(database.db, user.id);
		expect(session.expiresAt.getTime()).toBe(start.getTime() + 30 * DAY);

		freezeClock(new Date(start.getTime() + 10 * DAY));
		const early = await validateSessionToken(database.db, token);
		expect(early?.session.expiresAt.getTime()).toBe(start.getTime() + 30 * DAY);
		expect(early?.user.roles).toEqual(['judge']);

		const later = new Date(start.getTime() + 20 * DAY);
		freezeClock(later);
		const renewed = await validateSessionToken(database.db, token);
		expect(renewed?.session.expiresAt.getTime()).toBe(later.getTime() + 30 * DAY);

		freezeClock(new Date(later.getTime() + 30 * DAY));
		expect(await validateSessionToken(database.db, token)).toBeNull();
	});

	it('is gone after sign-out and rejects unknown tokens', async () => {
		const user = await createUser(database.db);
		const { token, session } = await createSession(database.db, user.id);
		await invalidateSession(database.db, session.id);
		expect(await validateSessionToken(database.db, token)).toBeNull();
		expect(await validateSessionToken(database.db, 'made-up-token')).toBeNull();
	});
});
