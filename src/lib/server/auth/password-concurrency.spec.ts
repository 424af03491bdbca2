import { afterEach, describe, expect, it, vi } from 'vitest';

// A stand-in for argon2 that records how many hashes run at once.
const argon2 = vi.hoisted(() => {
	const state = { running: 0, most: 0 };
	const work = async <T>(value: T) => {
		state.running += 1;
		state.most = Math.max(state.most, state.running);
		await new Promise((resolve) => setTimeout(resolve, 5));
		state.running -= 1;
		return value;
	};
	return {
		state,
		hash: vi.fn(() => work('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA')),
		verify: vi.fn((_hash: string, password: string) => work(password === 'right'))
	};
});
vi.mock('@node-rs/argon2', () => ({ hash: argon2.hash, verify: argon2.verify }));

const {
	HASH_CONCURRENCY,
	HASH_QUEUE_LENGTH,
	hashPassword,
	verifyAgainstDummy,
	verifyAttempt,
	verifyPassword
} = await import('./password');

afterEach(() => {
	argon2.state.most = 0;
});

describe('password hashing under load', () => {
	it('runs at most HASH_CONCURRENCY hashes at once, leaving the rest of the machine to other requests', async () => {
		expect(HASH_CONCURRENCY).toBeGreaterThanOrEqual(1);
		expect(HASH_CONCURRENCY).toBeLessThanOrEqual(2);
		const results = await Promise.all([
			...Array.from({ length: 8 }, (_, index) =>
				verifyPassword('stored', index % 2 ? 'right' : 'wrong')
			),
			...Array.from({ length: 4 }, () => verifyAgainstDummy('guess')),
			hashPassword('new password')
		]);
		expect(results.slice(0, 8)).toEqual([false, true, false, true, false, true, false, true]);
		expect(argon2.state.most).toBe(HASH_CONCURRENCY);
	});

	it('refuses with 429 beyond a few seconds of queue instead of queueing without end', async () => {
		// Slots rest a little after each hash of the previous test: start from an idle queue.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const outcomes = await Promise.allSettled(
			Array.from({ length: HASH_CONCURRENCY + HASH_QUEUE_LENGTH + 20 }, () =>
				verifyPassword('stored', 'wrong')
			)
		);
		const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
		expect(refused).toHaveLength(20);
		expect(refused[0]).toMatchObject({ reason: { status: 429 } });
	});

	it('verifies at most two passwords at once for one account', async () => {
		const outcomes = await Promise.allSettled(
			Array.from({ length: 6 }, (_, index) =>
				verifyAttempt({ account: 'one', network: `net-${index}` }, 'stored', 'right')
			)
		);
		expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
		expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(4);
	});
});
