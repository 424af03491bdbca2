import { isIP } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { hashToken } from './auth/tokens';
import { addMilliseconds, DAY, now } from './clock';
import type { Executor } from './db';
import { rateLimits } from './db/schema';
import { ServiceError } from './errors';

export type RateLimitRule = {
	/** Attempts allowed per window; the next one is refused until the block ends. */
	limit: number;
	windowMs: number;
	/** The first block; each further block in a row doubles it, up to maxBlockMs. */
	baseBlockMs: number;
	maxBlockMs: number;
};

export type RateLimitState = { blocked: boolean; retryAfterSeconds: number };

export type Limit = { key: string; rule: RateLimitRule };

/** A key that does not store the identifier itself (emails are personal data). */
export function rateLimitKey(scope: string, identifier: string): string {
	return `${scope}:${hashToken(identifier.toLowerCase())}`;
}

/**
 * The network a client address stands for: an IPv4 address itself (IPv4-mapped IPv6 included),
 * and for IPv6 its /64, which one subscriber usually holds whole: limiting address by address
 * would give each of them 2^64 tries.
 */
export function addressNetwork(address: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (isIP(address) !== 6) return address;
	const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
	const headGroups = head ? head.split(':') : [];
	const tailGroups = tail ? tail.split(':') : [];
	const missing = 8 - headGroups.length - tailGroups.length;
	const groups = address.includes('::')
		? [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups]
		: headGroups;
	return `${groups
		.slice(0, 4)
		.map((group) => group.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/** The key of a per-address limit: the client's network, not its exact address. */
export function addressRateLimitKey(scope: string, address: string): string {
	return rateLimitKey(scope, addressNetwork(address));
}

/**
 * Keys this node has seen blocked, until when (capped at MEMO_MS from the time it saw the block,
 * so a block lifted on another node, by a password reset, is honoured here soon after). A flood
 * against a blocked key is refused from memory: it costs the database nothing, so it cannot slow
 * everything else that waits for the database.
 */
const MEMO_MS = 30_000;
const MEMO_SIZE = 10_000;
const knownBlocks = new Map<string, { until: number; recheckAt: number }>();

function memoBlocked(key: string, at: number): RateLimitState | null {
	const known = knownBlocks.get(key);
	if (!known) return null;
	if (known.until <= at || known.recheckAt <= at) {
		knownBlocks.delete(key);
		return null;
	}
	return { blocked: true, retryAfterSeconds: Math.ceil((known.until - at) / 1000) };
}

function memoize(key: string, state: RateLimitState, at: number): void {
	if (!state.blocked) return;
	if (knownBlocks.size >= MEMO_SIZE) knownBlocks.delete(knownBlocks.keys().next().value as string);
	knownBlocks.set(key, { until: at + state.retryAfterSeconds * 1000, recheckAt: at + MEMO_MS });
}

/** Whether this node knows the key to be blocked now (no database: for refusing early). */
export function knownBlock(key: string): RateLimitState | null {
	return memoBlocked(key, now().getTime());
}

/**
 * Counts one attempt against each limit, in order, before the work it guards, and refuses the
 * attempt (without counting it further) at the first limit that is already blocked. Counting
 * and checking are one statement per key, so concurrent attempts on several app nodes cannot all
 * slip in before the count: with a limit of 10, exactly 10 get through.
 */
export async function consumeRateLimits(db: Executor, limits: Limit[]): Promise<RateLimitState> {
	const at = now().getTime();
	// In order, so an attempt refused for its account still counts for its address: a flood at
	// one account from one address soon has the address blocked too, and refused before its route.
	for (const { key, rule } of limits) {
		const state = memoBlocked(key, at) ?? (await consumeRateLimit(db, key, rule));
		memoize(key, state, at);
		if (state.blocked) return state;
	}
	return { blocked: false, retryAfterSeconds: 0 };
}

/**
 * consumeRateLimits for a use-case: a blocked attempt is a 429 ServiceError, on the form's field
 * when one is named, saying how many minutes to wait.
 */
export async function enforceRateLimits(
	db: Executor,
	limits: Limit[],
	options: { field?: string; message?: (minutes: number) => string } = {}
): Promise<void> {
	const state = await consumeRateLimits(db, limits);
	if (!state.blocked) return;
	const minutes = Math.max(1, Math.ceil(state.retryAfterSeconds / 60));
	const message = options.message?.(minutes) ?? m.error_rate_limited({ minutes });
	throw new ServiceError(429, message, options.field, state.retryAfterSeconds);
}

/**
 * One attempt against one key. An attempt while the key is blocked changes nothing (so a burst
 * against a blocked key cannot stack further blocks) and is refused; the attempt that reaches
 * the limit is allowed and starts the block, doubling with each block in a row; a key that
 * stayed out of trouble for a day starts from the first block again.
 */
async function consumeRateLimit(
	db: Executor,
	key: string,
	rule: RateLimitRule
): Promise<RateLimitState> {
	const current = now();
	const at = current.toISOString();
	const windowStart = new Date(current.getTime() - rule.windowMs).toISOString();
	const forgiveBefore = new Date(current.getTime() - DAY).toISOString();
	const firstBlock = rule.limit <= 1 ? addMilliseconds(current, rule.baseBlockMs) : null;
	const expired = sql`(${rateLimits.windowStartedAt} <= ${windowStart}::timestamptz)`;
	const newHits = sql`(case when ${expired} then 1 else ${rateLimits.hits} + 1 end)`;
	const reached = sql`(${newHits} >= ${rule.limit})`;
	const strikes = sql`(case when ${rateLimits.blockedUntil} is not null and ${rateLimits.blockedUntil} < ${forgiveBefore}::timestamptz then 0 else ${rateLimits.strikes} end)`;
	const blockSeconds = sql`least(${rule.baseBlockMs / 1000}::float8 * power(2, ${strikes}), ${rule.maxBlockMs / 1000}::float8)`;
	const counted = await db
		.insert(rateLimits)
		.values({
			key,
			hits: firstBlock ? 0 : 1,
			windowStartedAt: current,
			blockedUntil: firstBlock,
			strikes: firstBlock ? 1 : 0,
			updatedAt: current
		})
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				hits: sql`case when ${reached} then 0 else ${newHits} end`,
				windowStartedAt: sql`case when ${expired} or ${reached} then ${at}::timestamptz else ${rateLimits.windowStartedAt} end`,
				blockedUntil: sql`case when ${reached} then ${at}::timestamptz + ${blockSeconds} * interval '1 second' else ${rateLimits.blockedUntil} end`,
				strikes: sql`case when ${reached} then ${strikes} + 1 else ${strikes} end`,
				updatedAt: current
			},
			setWhere: sql`${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} <= ${at}::timestamptz`
		})
		.returning({ key: rateLimits.key });
	if (counted.length > 0) return { blocked: false, retryAfterSeconds: 0 };
	// Not counted: the key is blocked (the row lock made this attempt wait for the one that
	// blocked it). Read how long for.
	const rows = await db
		.select({ blockedUntil: rateLimits.blockedUntil })
		.from(rateLimits)
		.where(eq(rateLimits.key, key))
		.limit(1);
	const state = stateOf(rows[0]?.blockedUntil ?? null);
	return state.blocked ? state : { blocked: true, retryAfterSeconds: 1 };
}

/**
 * Takes back the attempt of a key whose work succeeded (a right password): limits that guard
 * failures then count failures only, although every attempt is counted before it runs.
 */
export async function refundRateLimit(db: Executor, key: string): Promise<void> {
	await db
		.update(rateLimits)
		.set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)`, updatedAt: now() })
		.where(eq(rateLimits.key, key));
}

/** Forgets the attempts of a key (e.g. after a successful sign-in); earlier blocks still count. */
export async function resetRateLimitHits(db: Executor, key: string): Promise<void> {
	await db
		.update(rateLimits)
		.set({ hits: 0, windowStartedAt: now(), updatedAt: now() })
		.where(eq(rateLimits.key, key));
}

/** Lifts a key's block and forgets its history (a password reset proves the owner's mailbox). */
export async function liftRateLimit(db: Executor, key: string): Promise<void> {
	await db.delete(rateLimits).where(eq(rateLimits.key, key));
	knownBlocks.delete(key);
}

/** Forgets what this node remembers of blocks (tests that move the clock or reset the data). */
export function forgetKnownBlocks(): void {
	knownBlocks.clear();
}

export async function pruneRateLimits(db: Executor): Promise<void> {
	const cutoff = new Date(now().getTime() - 2 * DAY).toISOString();
	await db.execute(
		sql`delete from ${rateLimits} where ${rateLimits.updatedAt} < ${cutoff}::timestamptz and (${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} < ${now().toISOString()}::timestamptz)`
	);
}

function stateOf(blockedUntil: Date | string | null): RateLimitState {
	if (!blockedUntil) return { blocked: false, retryAfterSeconds: 0 };
	const until = new Date(blockedUntil).getTime();
	const remaining = until - now().getTime();
	if (remaining <= 0) return { blocked: false, retryAfterSeconds: 0 };
	return { blocked: true, retryAfterSeconds: Math.ceil(remaining / 1000) };
}
