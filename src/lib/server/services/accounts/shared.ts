import { and, eq, gt } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../../audit';
import { verifyAttempt } from '../../auth/password';
import { generateToken, hashToken } from '../../auth/tokens';
import { addMilliseconds, DAY, HOUR, now } from '../../clock';
import type { Executor } from '../../db';
import { users, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import {
	addressNetwork,
	enforceRateLimits,
	rateLimitKey,
	refundRateLimit,
	type Limit
} from '../../rate-limit';
import { rateLimitRules } from '../../rate-limit-rules';
import type { Actor } from '../../request';

// Answers that must not reveal whether an account exists take at least this long.
export const ENUMERATION_FLOOR_MS = 400;

export const VERIFY_EMAIL_LIFETIME = DAY;
export const RESET_PASSWORD_LIFETIME = HOUR;
export const CHANGE_EMAIL_LIFETIME = DAY;

/** Limits on failures only give an attempt back when it succeeds (see enforceRateLimits). */
export async function refundAttempt(db: Executor, limits: Limit[]): Promise<void> {
	for (const { key } of limits) await refundRateLimit(db, key);
}

export const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/** Audit entry for something a person did to their own account. */
export function auditOwnAccount(
	db: Executor,
	userId: string,
	action: string,
	ipAddress: string | null | undefined
) {
	return recordAudit(db, {
		actorId: userId,
		action,
		entityType: 'user',
		entityId: userId,
		ipAddress
	});
}

export async function findUserByEmail(db: Executor, email: string) {
	const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
	return rows[0] ?? null;
}

export async function findUserById(db: Executor, id: string) {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function issueToken(
	db: Executor,
	userId: string,
	purpose: 'verify_email' | 'reset_password' | 'change_email',
	email: string,
	lifetime: number
): Promise<string> {
	// One live token per purpose: a new link replaces the previous one.
	await db
		.delete(userTokens)
		.where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose)));
	const token = generateToken();
	await db.insert(userTokens).values({
		id: hashToken(token),
		userId,
		purpose,
		email,
		expiresAt: addMilliseconds(now(), lifetime),
		createdAt: now()
	});
	return token;
}

/** Finds a live token and deletes it in the same statement, so it can be used only once. */
export async function consumeToken(
	db: Executor,
	token: string,
	purpose: 'verify_email' | 'reset_password' | 'change_email'
) {
	const rows = await db
		.delete(userTokens)
		.where(
			and(
				eq(userTokens.id, hashToken(token)),
				eq(userTokens.purpose, purpose),
				gt(userTokens.expiresAt, now())
			)
		)
		.returning();
	return rows[0] ?? null;
}

/** Checks the current password when settings change; wrong guesses are rate-limited. */
export async function reauthenticate(
	db: Executor,
	userId: string,
	password: string,
	actor: Pick<Actor, 'ipAddress'>
) {
	const limits = [
		{ key: rateLimitKey('reauth:account', userId), rule: rateLimitRules.reauthAccount() }
	];
	await enforceRateLimits(db, limits);
	const user = await findUserById(db, userId);
	if (!user) throw new ServiceError(404, m.error_unknown_user());
	const valid = await verifyAttempt(
		{ account: limits[0]!.key, network: actor.ipAddress ? addressNetwork(actor.ipAddress) : '' },
		user.passwordHash,
		password
	);
	if (!valid) throw new ServiceError(400, m.error_wrong_password(), 'currentPassword');
	await refundAttempt(db, limits);
	return user;
}
