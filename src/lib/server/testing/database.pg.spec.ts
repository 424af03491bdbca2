import postgres from 'postgres';
import { expect, it } from 'vitest';
import { closeTestDatabases, createTestDatabase } from './database';

/**
 * Test databases are closed and dropped after each file (scripts/test/database-setup.ts calls
 * closeTestDatabases). An afterAll registered inside a beforeAll never ran, and every PostgreSQL
 * test database was left behind.
 */
it('drops every PostgreSQL database a file opened once it is done', async () => {
	const opened = [await createTestDatabase(), await createTestDatabase()];
	const names = opened.map((database) => new URL(database.url!).pathname.slice(1));
	const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
	try {
		const exists = async () =>
			(await admin`select datname from pg_database where datname in ${admin(names)}`).length;
		expect(await exists()).toBe(2);
		// One database closed by its file first: closing it again is harmless.
		await opened[0]!.close();
		await closeTestDatabases();
		expect(await exists()).toBe(0);
		await closeTestDatabases();
	} finally {
		await admin.end({ timeout: 5 });
	}
});
