import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { dumpAllTables } from '../testing/fixtures';
import { seedDemoData } from './seed';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

describe('seedDemoData', () => {
	it('loads the demo challenge, tracks and one account per role', async () => {
		const lines: string[] = [];
		await seedDemoData(database.db, (line) => lines.push(line));
		const challenges = await database.query<{ slug: string }>(`select slug from challenges`);
		expect(challenges).toEqual([{ slug: 'youth-ai-governance' }]);
		const tracks = await database.query(`select slug from tracks`);
		expect(tracks.length).toBeGreaterThanOrEqual(5);
		const roles = await database.query<{ role: string }>(
			`select distinct role::text as role from user_roles order by role`
		);
		expect(roles.map((row) => row.role)).toEqual(['judge', 'organizer']);
		expect(lines.join('\n')).toMatch(/organizer@example\.org/);
	});

	it('is idempotent: a second run changes nothing', async () => {
		const before = await dumpAllTables(database.query);
		await seedDemoData(database.db);
		const after = await dumpAllTables(database.query);
		expect(after).toBe(before);
	});
});
