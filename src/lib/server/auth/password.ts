import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { createLimiter } from '../concurrency';

// OWASP's argon2id minimum (m=19 MiB, t=2, p=1). Algorithm 2 is argon2id.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, algorithm: 2 };

/**
 * Each hash keeps a core busy for tens of milliseconds on libuv's thread pool (4 threads). Left
 * unbounded, a burst of sign-ins — or a flood of wrong passwords — takes every core and the whole
 * pool, and the gallery waits behind it. So hashing may use a fifth of the machine (at least a
 * quarter of a core, at most two cores, which leaves pool threads free): as many hashes at once as
 * that rounds up to, each slot resting between hashes when the share is a fraction of a core.
 * The others queue here. Every verification (known email or not) takes the same queue, so the
 * timing still tells nothing about which emails have accounts.
 */
export const HASH_CPU_SHARE = Math.min(2, Math.max(0.25, availableParallelism() / 5));
export const HASH_CONCURRENCY = Math.ceil(HASH_CPU_SHARE);
const limitHashing = createLimiter(HASH_CONCURRENCY, {
	restRatio: HASH_CONCURRENCY / HASH_CPU_SHARE - 1
});

export function hashPassword(password: string): Promise<string> {
	return limitHashing(() => hash(password.normalize('NFKC'), options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await limitHashing(() => verify(passwordHash, password.normalize('NFKC')));
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, so a sign-in for an unknown email cannot be
 * told apart from a wrong password by its timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('dummy password that no account ever has');
	await verifyPassword(await dummyHash, password);
	return false;
}
