import { eq, sql } from 'drizzle-orm';
import { hashToken } from './auth/tokens';
import { addMilliseconds, DAY, now } from './clock';
import type { Executor } from './db';
import { rateLimits } from './db/schema';

export type RateLimitRule = {
	/** Attempts allowed per window; the next one is refused until the block ends. */
	limit: number;
	windowMs: number;
	/** The first block; each further block in a row doubles it, up to maxBlockMs. */
	baseBlockMs: number;
	maxBlockMs: number;
};

export type RateLimitState = { blocked: boolean; retryAfterSeconds: number };

/** A key that does not store the identifier itself (emails are personal data). */
export function rateLimitKey(scope: string, identifier: string): string {
	return `${scope}:${hashToken(identifier.toLowerCase())}`;
}

/** Is the key blocked right now? Does not count an attempt. */
export async function checkRateLimit(db: Executor, key: string): Promise<RateLimitState> {
	const rows = await db
		.select({ blockedUntil: rateLimits.blockedUntil })
		.from(rateLimits)
		.where(eq(rateLimits.key, key))
		.limit(1);
	return stateOf(rows[0]?.blockedUntil ?? null);
}

/**
 * Counts one attempt, atomically (several app nodes share the table). When the count reaches
 * the limit the key is blocked, for a time that doubles with each block in a row; a key that
 * stayed out of trouble for a day starts from the first block again.
 */
export async function hitRateLimit(
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
	const rows = await db
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
			}
		})
		.returning({ blockedUntil: rateLimits.blockedUntil });
	return stateOf(rows[0]?.blockedUntil ?? null);
}

/** Forgets the attempts of a key (e.g. after a successful sign-in); earlier blocks still count. */
export async function resetRateLimitHits(db: Executor, key: string): Promise<void> {
	await db
		.update(rateLimits)
		.set({ hits: 0, windowStartedAt: now(), updatedAt: now() })
		.where(eq(rateLimits.key, key));
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
