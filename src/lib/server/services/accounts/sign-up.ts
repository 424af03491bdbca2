import { and, eq, gt } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { hashPassword } from '../../auth/password';
import { createSession } from '../../auth/session';
import { hashToken } from '../../auth/tokens';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { users, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import { enqueueEmail } from '../../mail/outbox';
import { emails } from '../../mail/templates';
import { addressRateLimitKey, enforceRateLimits, rateLimitKey } from '../../rate-limit';
import { ADDRESS_SCOPES, rateLimitRules } from '../../rate-limit-rules';
import type { ActorWith, RequestContext } from '../../request';
import { withMinimumDuration } from '../timing';
import {
	ENUMERATION_FLOOR_MS,
	VERIFY_EMAIL_LIFETIME,
	refundAttempt,
	asLocale,
	auditOwnAccount,
	findUserByEmail,
	findUserById,
	issueToken,
	consumeToken
} from './shared';

export type SignUpInput = {
	name: string;
	email: string;
	password: string;
	country: string;
	dateOfBirth: string;
};

/**
 * The confirmation link. `next` (a safe same-site path, checked by the caller) is where the
 * person was going when they signed up, an invitation usually: confirming takes them there.
 * The token comes last, and the invitation's own token inside `next` stays encoded, so that
 * scrubSecrets finds both once the mail is delivered.
 */
function verifyEmailUrl(baseUrl: string, token: string, next: string | null): string {
	const query = next ? `next=${encodeURIComponent(next)}&` : '';
	return `${baseUrl}/verify-email?${query}token=${token}`;
}

/**
 * Creates an account and mails a confirmation link. The answer is the same whether or not the
 * address already has an account (no enumeration): an existing owner is told by mail instead.
 * Before sign-in there is no actor: it takes the request (`fn(db, request, input)`).
 */
export async function signUp(
	db: Database,
	request: RequestContext,
	input: SignUpInput & { next?: string | null }
) {
	return withMinimumDuration(ENUMERATION_FLOOR_MS, () =>
		signUpNow(db, input, request, input.next ?? null)
	);
}

async function signUpNow(
	db: Database,
	input: SignUpInput,
	context: RequestContext,
	next: string | null
) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.signUp, context.ipAddress),
			rule: rateLimitRules.signUpIp()
		},
		{ key: rateLimitKey('signup:email', input.email), rule: rateLimitRules.signUpEmail() }
	];
	await enforceRateLimits(db, limits);
	// Hash before looking anything up: both paths cost the same.
	const passwordHash = await hashPassword(input.password);
	await db.transaction(async (tx) => {
		const inserted = await tx
			.insert(users)
			.values({
				email: input.email,
				name: input.name,
				country: input.country,
				dateOfBirth: input.dateOfBirth,
				passwordHash,
				locale: context.locale,
				createdAt: now(),
				updatedAt: now(),
				passwordChangedAt: now()
			})
			.onConflictDoNothing({ target: users.email })
			.returning({ id: users.id });
		const created = inserted[0];
		if (created) {
			const token = await issueToken(
				tx,
				created.id,
				'verify_email',
				input.email,
				VERIFY_EMAIL_LIFETIME
			);
			const url = verifyEmailUrl(context.baseUrl, token, next);
			await enqueueEmail(tx, {
				to: input.email,
				userId: created.id,
				template: 'verify_email',
				...emails.verifyEmail(context.locale, input.name, url)
			});
			await auditOwnAccount(tx, created.id, 'user.sign_up', context.ipAddress);
			return;
		}
		const existing = await findUserByEmail(tx, input.email);
		if (!existing) return;
		await enqueueEmail(tx, {
			to: existing.email,
			userId: existing.id,
			template: 'account_exists',
			...emails.accountExists(
				asLocale(existing.locale),
				existing.name,
				`${context.baseUrl}/forgot-password`
			)
		});
	});
}

/** Sends a fresh confirmation link to a signed-in person whose address is not confirmed yet. */
export async function resendVerification(db: Database, actor: ActorWith<'baseUrl'>) {
	const userId = actor.actorId;
	const limits = [
		{ key: rateLimitKey('verify:account', userId), rule: rateLimitRules.verifyAccount() }
	];
	await enforceRateLimits(db, limits);
	await db.transaction(async (tx) => {
		const user = await findUserById(tx, userId);
		if (!user || user.emailVerifiedAt) return;
		const token = await issueToken(tx, user.id, 'verify_email', user.email, VERIFY_EMAIL_LIFETIME);
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'verify_email',
			...emails.verifyEmail(
				asLocale(user.locale),
				user.name,
				`${actor.baseUrl}/verify-email?token=${token}`
			)
		});
	});
}

/** Whose account a live link belongs to (to tell a signed-in person it is someone else's). */
export async function tokenOwner(
	db: Executor,
	token: string,
	purpose: 'verify_email' | 'reset_password' | 'change_email'
): Promise<string | null> {
	const rows = await db
		.select({ userId: userTokens.userId })
		.from(userTokens)
		.where(
			and(
				eq(userTokens.id, hashToken(token)),
				eq(userTokens.purpose, purpose),
				gt(userTokens.expiresAt, now())
			)
		)
		.limit(1);
	return rows[0]?.userId ?? null;
}

export async function isTokenLive(
	db: Executor,
	token: string,
	purpose: 'verify_email' | 'reset_password' | 'change_email'
): Promise<boolean> {
	return (await tokenOwner(db, token, purpose)) !== null;
}

/**
 * Confirms the address behind a verification link and signs its owner in, unless this browser
 * is signed in to another account and the person did not choose to switch: then the address is
 * confirmed and the browser stays signed in as it was (session null).
 * Before sign-in there is no actor: it takes the request (`fn(db, request, input)`).
 */
export async function verifyEmail(
	db: Database,
	request: RequestContext,
	input: { token: string; signedInAs?: string | null; switchAccount?: boolean }
) {
	const { token } = input;
	const browser = {
		signedInAs: input.signedInAs ?? null,
		switchAccount: input.switchAccount ?? false
	};
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.verify, request.ipAddress),
			rule: rateLimitRules.verifyIp()
		}
	];
	await enforceRateLimits(db, limits);
	const result = await db.transaction(async (tx) => {
		const row = await consumeToken(tx, token, 'verify_email');
		if (!row) return null;
		const user = await findUserById(tx, row.userId);
		// A link for an address the account no longer uses proves nothing.
		if (!user || user.email !== row.email) return null;
		await tx
			.update(users)
			.set({ emailVerifiedAt: user.emailVerifiedAt ?? now(), updatedAt: now() })
			.where(eq(users.id, user.id));
		await auditOwnAccount(tx, user.id, 'user.verify_email', request.ipAddress);
		const otherAccount = browser.signedInAs !== null && browser.signedInAs !== user.id;
		if (otherAccount && !browser.switchAccount) return { userId: user.id, session: null };
		return { userId: user.id, session: await createSession(tx, user.id, request) };
	});
	if (!result) throw new ServiceError(400, m.error_token_invalid(), 'token');
	await refundAttempt(db, limits);
	return result;
}

/**
 * Signs in. Unknown addresses and wrong passwords take the same time and get the same answer.
 * Failures count per account and per address; the 11th failure in a row for an account is 429.
 */
