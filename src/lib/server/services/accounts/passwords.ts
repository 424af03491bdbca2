import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { hashPassword } from '../../auth/password';
import { createSession, invalidateAllSessions, invalidateOtherSessions } from '../../auth/session';
import { now } from '../../clock';
import type { Database } from '../../db';
import { users, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import { enqueueEmail } from '../../mail/outbox';
import { emails } from '../../mail/templates';
import {
	addressRateLimitKey,
	enforceRateLimits,
	liftRateLimit,
	rateLimitKey
} from '../../rate-limit';
import { ADDRESS_SCOPES, rateLimitRules } from '../../rate-limit-rules';
import type { ActorWith, RequestContext } from '../../request';
import { withMinimumDuration } from '../timing';
import {
	ENUMERATION_FLOOR_MS,
	RESET_PASSWORD_LIFETIME,
	refundAttempt,
	asLocale,
	auditOwnAccount,
	findUserByEmail,
	findUserById,
	issueToken,
	consumeToken,
	reauthenticate
} from './shared';
import { isTokenLive } from './sign-up';

/** Before sign-in there is no actor: it takes the request (`fn(db, request, input)`). */
export async function requestPasswordReset(
	db: Database,
	request: RequestContext,
	input: { email: string }
) {
	return withMinimumDuration(ENUMERATION_FLOOR_MS, () =>
		requestPasswordResetNow(db, input.email, request)
	);
}

async function requestPasswordResetNow(db: Database, email: string, context: RequestContext) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.reset, context.ipAddress),
			rule: rateLimitRules.resetIp()
		},
		{ key: rateLimitKey('reset:email', email), rule: rateLimitRules.resetEmail() }
	];
	await enforceRateLimits(db, limits);
	await db.transaction(async (tx) => {
		const user = await findUserByEmail(tx, email);
		if (!user) return;
		const token = await issueToken(
			tx,
			user.id,
			'reset_password',
			user.email,
			RESET_PASSWORD_LIFETIME
		);
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'reset_password',
			...emails.resetPassword(
				asLocale(user.locale),
				user.name,
				`${context.baseUrl}/reset-password?token=${token}`
			)
		});
	});
}

/**
 * Sets a new password from a reset link: ends every session, then signs in afresh.
 * Before sign-in there is no actor: it takes the request (`fn(db, request, input)`).
 */
export async function resetPassword(
	db: Database,
	request: RequestContext,
	input: { token: string; password: string }
) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.reset, request.ipAddress),
			rule: rateLimitRules.resetIp()
		}
	];
	await enforceRateLimits(db, limits);
	if (!(await isTokenLive(db, input.token, 'reset_password')))
		throw new ServiceError(400, m.error_token_invalid(), 'password');
	await refundAttempt(db, limits);
	const passwordHash = await hashPassword(input.password);
	const result = await db.transaction(async (tx) => {
		const row = await consumeToken(tx, input.token, 'reset_password');
		if (!row) return null;
		const user = await findUserById(tx, row.userId);
		if (!user || user.email !== row.email) return null;
		await tx
			.update(users)
			.set({
				passwordHash,
				passwordChangedAt: now(),
				// Opening the link proves the mailbox is theirs.
				emailVerifiedAt: user.emailVerifiedAt ?? now(),
				updatedAt: now()
			})
			.where(eq(users.id, user.id));
		await invalidateAllSessions(tx, user.id);
		await tx.delete(userTokens).where(eq(userTokens.userId, user.id));
		await auditOwnAccount(tx, user.id, 'user.reset_password', request.ipAddress);
		return { ...(await createSession(tx, user.id, request)), email: user.email, userId: user.id };
	});
	if (!result) throw new ServiceError(400, m.error_token_invalid(), 'password');
	// The mailbox's owner chose a new password: whatever guesses locked the account are moot.
	await liftRateLimit(db, rateLimitKey('signin:account', result.email));
	await liftRateLimit(db, rateLimitKey('reauth:account', result.userId));
	return result;
}

export async function changePassword(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: { currentSessionId: string; currentPassword: string; newPassword: string }
) {
	const { currentSessionId } = input;
	const userId = actor.actorId;
	const user = await reauthenticate(db, userId, input.currentPassword, actor);
	const passwordHash = await hashPassword(input.newPassword);
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: now(), updatedAt: now() })
			.where(eq(users.id, user.id));
		await invalidateOtherSessions(tx, user.id, currentSessionId);
		// Every link still out (a reset, an email change someone else started) dies with the old
		// password: a password change is how a person takes their account back.
		await tx.delete(userTokens).where(eq(userTokens.userId, user.id));
		await auditOwnAccount(tx, user.id, 'user.change_password', actor.ipAddress);
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'password_changed',
			...emails.passwordChanged(
				asLocale(user.locale),
				user.name,
				`${actor.baseUrl}/forgot-password`
			)
		});
	});
}

/**
 * Starts an email change: a confirmation link goes to the new address. If that address already
 * has an account, its owner is told instead; the answer here is the same (no enumeration).
 */
