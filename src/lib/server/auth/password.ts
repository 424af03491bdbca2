import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { m } from '$lib/paraglide/messages';
import { BusyError, createKeyedGate, createLimiter } from '../concurrency';
import { getConfig } from '../config';
import { ServiceError } from '../errors';

// OWASP's argon2id minimum (m=19 MiB, t=2, p=1). Algorithm 2 is argon2id.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, algorithm: 2 };

/**
 * Each hash keeps a core busy for tens of milliseconds on libuv's thread pool (4 threads). Left
 * unbounded, a burst of sign-ins — or a flood of wrong passwords — takes every core and the whole
 * pool, and the gallery waits behind it. So hashing may use a fifth of the machine (at least a
 * quarter of a core, at most two cores, which leaves pool threads free): as many hashes at once as
 * that rounds up to, each slot resting between hashes when the share is a fraction of a core.
 * The others queue here, but only a few seconds' worth: beyond HASH_QUEUE_LENGTH waiting, a hash
 * is refused with 429 at once, so a flood cannot make a real person wait a minute. Every
 * verification (known email or not) takes the same queue, so the timing still tells nothing
 * about which emails have accounts.
 */
export const HASH_CPU_SHARE = Math.min(2, Math.max(0.25, availableParallelism() / 5));
export const HASH_CONCURRENCY = Math.ceil(HASH_CPU_SHARE);
// Room for a class signing up at the same moment; a few seconds of hashing at most.
export const HASH_QUEUE_LENGTH = 64 * HASH_CONCURRENCY;
const limitHashing = createLimiter(HASH_CONCURRENCY, {
	restRatio: HASH_CONCURRENCY / HASH_CPU_SHARE - 1,
	maxWaiting: HASH_QUEUE_LENGTH
});

/** Seconds a refused hash is told to wait: about one queue's worth of hashing. */
const BUSY_RETRY_SECONDS = 5;

function busy(): ServiceError {
	return new ServiceError(429, m.error_busy(), undefined, BUSY_RETRY_SECONDS);
}

/** Runs one hash in the shared queue; a full queue is a 429 for the person asking. */
async function inHashQueue<T>(task: () => Promise<T>): Promise<T> {
	try {
		return await limitHashing(task);
	} catch (error) {
		if (error instanceof BusyError) throw busy();
		throw error;
	}
}

export function hashPassword(password: string): Promise<string> {
	return inHashQueue(() => hash(password.normalize('NFKC'), options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return inHashQueue(() => verify(passwordHash, password.normalize('NFKC')).catch(() => false));
}

// Verifications running at once for one account, or from one network, on this node. The database
// limits already stop a burst after its tenth guess; these keep a burst from occupying the hash
// queue while it is being counted.
const ACCOUNT_IN_FLIGHT = 2;
const NETWORK_IN_FLIGHT = 4;
const accountGate = createKeyedGate(ACCOUNT_IN_FLIGHT);
let networkGate: ReturnType<typeof createKeyedGate> | undefined;

/**
 * Verifies a password typed for an account (sign-in, re-authentication), at most a few at once
 * per account and per network, refusing the rest with 429. Without a stored hash it spends the
 * same time on a dummy, so unknown accounts cannot be told apart by timing.
 */
export async function verifyAttempt(
	gates: { account: string; network: string },
	passwordHash: string | null,
	password: string
): Promise<boolean> {
	// Per-network limits are raised where many people share one address (RATE_LIMIT_IP_FACTOR).
	networkGate ??= createKeyedGate(Math.round(NETWORK_IN_FLIGHT * getConfig().rateLimitIpFactor));
	const gate = networkGate;
	try {
		return await accountGate(gates.account, () =>
			gate(gates.network, () =>
				passwordHash ? verifyPassword(passwordHash, password) : verifyAgainstDummy(password)
			)
		);
	} catch (error) {
		if (error instanceof BusyError) throw busy();
		throw error;
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
