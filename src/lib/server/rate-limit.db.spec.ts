import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock, MINUTE } from './clock';
import {
	addressNetwork,
	addressRateLimitKey,
	consumeRateLimits,
	enforceRateLimits,
	liftRateLimit,
	rateLimitKey,
	refundRateLimit,
	resetRateLimitHits
} from './rate-limit';
import { countingDatabase, createTestDatabase, type TestDatabase } from './testing/database';

let database: TestDatabase;
const start = new Date('2026-11-24T10:00:00Z');
const rule = { limit: 3, windowMs: 10 * MINUTE, baseBlockMs: MINUTE, maxBlockMs: 8 * MINUTE };

beforeAll(async () => {
	database = await createTestDatabase();
});
afterEach(() => freezeClock(undefined));

const attempt = (key: string, limit = rule) =>
	consumeRateLimits(database.db, [{ key, rule: limit }]);

async function row(key: string) {
	const [found] = await database.query<{ hits: number; strikes: number }>(
		`select hits, strikes from rate_limits where key = '${key}'`
	);
	return found;
}

describe('database rate limits', () => {
	it('lets the limit’s worth of attempts through, refuses the next until the block ends', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'a@example.org');
		expect(key).not.toContain('a@example.org');
		expect((await attempt(key)).blocked).toBe(false);
		expect((await attempt(key)).blocked).toBe(false);
		// The third reaches the limit: it runs, and starts the block.
		expect((await attempt(key)).blocked).toBe(false);
		expect(await attempt(key)).toEqual({ blocked: true, retryAfterSeconds: 60 });
		freezeClock(new Date(start.getTime() + MINUTE + 1));
		expect((await attempt(key)).blocked).toBe(false);
	});

	it('doubles each block in a row up to the maximum, and forgives after a quiet day', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'b@example.org');
		const blockAfterThree = async () => {
			for (let index = 0; index < 3; index++) await attempt(key);
			return (await attempt(key)).retryAfterSeconds;
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

	it('does not lengthen a block with attempts made while it lasts', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'burst@example.org');
		for (let index = 0; index < 50; index++) await attempt(key);
		expect(await row(key)).toMatchObject({ strikes: 1 });
		expect((await attempt(key)).retryAfterSeconds).toBe(60);
	});

	it('refuses a flood against a blocked key from memory, without a database statement', async () => {
		// Each refused attempt cost the database two statements, so a flood slowed every page.
		freezeClock(start);
		const key = rateLimitKey('test', 'flooded@example.org');
		for (let index = 0; index < 3; index++) await attempt(key);
		expect((await attempt(key)).blocked).toBe(true);
		const counted = countingDatabase(database.db);
		for (let index = 0; index < 100; index++) {
			const state = await consumeRateLimits(counted.db, [{ key, rule }]);
			expect(state).toEqual({ blocked: true, retryAfterSeconds: 60 });
		}
		expect(counted.started()).toBe(0);
		// The database is asked again once the block may have ended (or been lifted elsewhere).
		freezeClock(new Date(start.getTime() + MINUTE + 1));
		expect((await consumeRateLimits(counted.db, [{ key, rule }])).blocked).toBe(false);
		expect(counted.started()).toBeGreaterThan(0);
	});

	it('starts a new window when the old one is over', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'c@example.org');
		await attempt(key);
		await attempt(key);
		freezeClock(new Date(start.getTime() + 11 * MINUTE));
		await attempt(key);
		await attempt(key);
		expect((await attempt(key)).blocked).toBe(false);
		expect((await attempt(key)).blocked).toBe(true);
	});

	it('forgets hits on reset, gives one back on refund, and lifts a block', async () => {
		freezeClock(start);
		const key = rateLimitKey('test', 'd@example.org');
		await attempt(key);
		await attempt(key);
		await resetRateLimitHits(database.db, key);
		expect(await row(key)).toMatchObject({ hits: 0 });
		await attempt(key);
		await attempt(key);
		await refundRateLimit(database.db, key);
		expect(await row(key)).toMatchObject({ hits: 1 });
		for (let index = 0; index < 3; index++) await attempt(key);
		expect((await attempt(key)).blocked).toBe(true);
		await liftRateLimit(database.db, key);
		expect((await attempt(key)).blocked).toBe(false);
	});

	it('lets exactly the limit through from a concurrent burst (counted before the work)', async () => {
		// Checked before and counted after, 100 concurrent attempts all passed the check.
		freezeClock(start);
		const key = rateLimitKey('test', 'e@example.org');
		const ten = { ...rule, limit: 10 };
		const states = await Promise.all(Array.from({ length: 100 }, () => attempt(key, ten)));
		expect(states.filter((state) => !state.blocked)).toHaveLength(10);
		expect(await row(key)).toMatchObject({ strikes: 1 });
	});

	it('stops at the first blocked limit and throws a 429 with the wait', async () => {
		freezeClock(start);
		const first = rateLimitKey('test', 'f1');
		const second = rateLimitKey('test', 'f2');
		const one = { ...rule, limit: 1 };
		await attempt(second, one);
		const limits = [
			{ key: first, rule },
			{ key: second, rule: one }
		];
		await expect(enforceRateLimits(database.db, limits, { field: 'email' })).rejects.toMatchObject({
			status: 429,
			field: 'email',
			retryAfterSeconds: 60
		});
		expect((await consumeRateLimits(database.db, limits)).blocked).toBe(true);
	});
});

describe('addressNetwork', () => {
	it.each([
		['203.0.113.7', '203.0.113.7'],
		['::ffff:203.0.113.7', '203.0.113.7'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:0db8:0001:0002:ffff:0:0:1', '2001:db8:1:2::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64']
	])('%s → %s', (address, network) => {
		expect(addressNetwork(address)).toBe(network);
	});

	it('gives every address of one /64 the same key, and another /64 another', () => {
		const one = addressRateLimitKey('signin:ip', '2001:db8:aa:bb::1');
		expect(addressRateLimitKey('signin:ip', '2001:db8:aa:bb:ffff:ffff:ffff:ffff')).toBe(one);
		expect(addressRateLimitKey('signin:ip', '2001:db8:aa:bc::1')).not.toBe(one);
	});
});
