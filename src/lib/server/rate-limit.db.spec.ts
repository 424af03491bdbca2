import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock, MINUTE } from './clock';
import { checkRateLimit, hitRateLimit, rateLimitKey, resetRateLimitHits } from './rate-limit';
import { createTestDatabase, type TestDatabase } from './testing/database';

let database: TestDatabase;
const start = new Date('2026-11-24T10:00:00Z');
const rule = { limit: 3, windowMs: 10 * MINUTE, baseBlockMs: MINUTE, maxBlockMs: 8 * MINUTE };

beforeAll(async () => {
	database = await createTestDatabase();
});
afterEach(() => freezeClock(undefined));

describe('database rate limits', () => {
	it('blocks once the limit is reached and unblocks when the block ends', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'a@example.org');
		expect(key).not.toContain('a@example.org');
		expect((await hitRateLimit(database.db, key, rule)).blocked).toBe(false);
		expect((await hitRateLimit(database.db, key, rule)).blocked).toBe(false);
		const third = await hitRateLimit(database.db, key, rule);
		expect(third).toEqual({ blocked: true, retryAfterSeconds: 60 });
		expect((await checkRateLimit(database.db, key)).blocked).toBe(true);
		freezeClock(new Date(start.getTime() + MINUTE + 1));
		expect((await checkRateLimit(database.db, key)).blocked).toBe(false);
	});

	it('doubles each block in a row up to the maximum, and forgives after a quiet day', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'b@example.org');
		const blockAfterThree = async () => {
			await hitRateLimit(database.db, key, rule);
			await hitRateLimit(database.db, key, rule);
			return (await hitRateLimit(database.db, key, rule)).retryAfterSeconds;
		};
		let at = start.getTime();
		const lengths: number[] = [];
		for (let round = 0; round < 5; round++) {
			const seconds = await blockAfterThree();
			lengths.push(seconds);
			at += seconds * 1000 + 1000;
			freezeClock(new Date(at));
		}
		expect(lengths).toEqual([60, 120, 240, 480, 480]);
		freezeClock(new Date(at + 25 * 60 * MINUTE));
		expect(await blockAfterThree()).toBe(60);
	});

	it('starts a new window when the old one is over', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'c@example.org');
		await hitRateLimit(database.db, key, rule);
		await hitRateLimit(database.db, key, rule);
		freezeClock(new Date(start.getTime() + 11 * MINUTE));
		expect((await hitRateLimit(database.db, key, rule)).blocked).toBe(false);
		expect((await hitRateLimit(database.db, key, rule)).blocked).toBe(false);
	});

	it('forgets hits on reset (a successful sign-in)', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'd@example.org');
		await hitRateLimit(database.db, key, rule);
		await hitRateLimit(database.db, key, rule);
		await resetRateLimitHits(database.db, key);
		expect((await hitRateLimit(database.db, key, rule)).blocked).toBe(false);
	});

	it('counts concurrent hits exactly (one atomic statement)', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'e@example.org');
		const big = { ...rule, limit: 1000 };
		await Promise.all(Array.from({ length: 40 }, () => hitRateLimit(database.db, key, big)));
		const [row] = await database.query<{ hits: number }>(
			`select hits from rate_limits where key = '${key}'`
		);
		expect(row.hits).toBe(40);
	});
});
