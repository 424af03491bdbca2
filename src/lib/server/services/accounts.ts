import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { landingPath, type LandingPath } from '$lib/domain/landing';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../audit';
import { hashPassword, verifyAttempt } from '../auth/password';
import {
	createSession,
	invalidateAllSessions,
	invalidateOtherSessions,
	invalidateSession
} from '../auth/session';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, DAY, HOUR, now } from '../clock';
import type { Database, Executor } from '../db';
import {
	auditLog,
	challenges,
	emailOutbox,
	entries,
	entryVersions,
	files,
	sessions,
	teamMembers,
	teams,
	userRoles,
	users,
	userTokens
} from '../db/schema';
import type { FileStore } from '../files/store';
import { ServiceError } from '../errors';
import { enqueueEmail } from '../mail/outbox';
import { emails } from '../mail/templates';
import {
	addressNetwork,
	addressRateLimitKey,
	enforceRateLimits,
	liftRateLimit,
	rateLimitKey,
	refundRateLimit,
	resetRateLimitHits,
	type Limit
} from '../rate-limit';
import { ADDRESS_SCOPES, rateLimitRules } from '../rate-limit-rules';
import type { RequestContext } from '../request';
import { scrubPersonFromGallery } from './gallery-privacy';
import { keepReviewsOfDepartingJudge } from './departed-judges';
import { assertSubmittedEntryStaysEligible } from './team-eligibility';
import { withMinimumDuration } from './timing';

// Answers that must not reveal whether an account exists take at least this long.
const ENUMERATION_FLOOR_MS = 400;

const VERIFY_EMAIL_LIFETIME = DAY;
const RESET_PASSWORD_LIFETIME = HOUR;
const CHANGE_EMAIL_LIFETIME = DAY;

/** Limits on failures only give an attempt back when it succeeds (see enforceRateLimits). */
async function refundAttempt(db: Executor, limits: Limit[]): Promise<void> {
	for (const { key } of limits) await refundRateLimit(db, key);
}

const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/** Audit entry for something a person did to their own account. */
function auditOwnAccount(db: Executor, userId: string, action: string, ipAddress: string | null) {
	return recordAudit(db, {
		actorId: userId,
		action,
		entityType: 'user',
		entityId: userId,
		ipAddress
	});
}

async function findUserByEmail(db: Executor, email: string) {
	const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
	return rows[0] ?? null;
}

async function findUserById(db: Executor, id: string) {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
	return rows[0] ?? null;
}

async function issueToken(
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
async function consumeToken(
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
 */
export async function signUp(
	db: Database,
	input: SignUpInput,
	context: RequestContext,
	options: { next?: string | null } = {}
) {
	return withMinimumDuration(ENUMERATION_FLOOR_MS, () =>
		signUpNow(db, input, context, options.next ?? null)
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
export async function resendVerification(db: Database, userId: string, context: RequestContext) {
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
				`${context.baseUrl}/verify-email?token=${token}`
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
 */
export async function verifyEmail(
	db: Database,
	token: string,
	context: RequestContext,
	browser: { signedInAs: string | null; switchAccount: boolean } = {
		signedInAs: null,
		switchAccount: false
	}
) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.verify, context.ipAddress),
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
		await auditOwnAccount(tx, user.id, 'user.verify_email', context.ipAddress);
		const otherAccount = browser.signedInAs !== null && browser.signedInAs !== user.id;
		if (otherAccount && !browser.switchAccount) return { userId: user.id, session: null };
		return { userId: user.id, session: await createSession(tx, user.id, context) };
	});
	if (!result) throw new ServiceError(400, m.error_token_invalid(), 'token');
	await refundAttempt(db, limits);
	return result;
}

/**
 * Signs in. Unknown addresses and wrong passwords take the same time and get the same answer.
 * Failures count per account and per address; the 11th failure in a row for an account is 429.
 */
export async function signIn(
	db: Database,
	input: { email: string; password: string },
	context: RequestContext
) {
	const accountLimit = {
		key: rateLimitKey('signin:account', input.email),
		rule: rateLimitRules.signInAccount()
	};
	const ipLimit = {
		key: addressRateLimitKey(ADDRESS_SCOPES.signIn, context.ipAddress),
		rule: rateLimitRules.signInIp()
	};
	// Counted before the password is hashed: a burst of guesses gets exactly the limit's worth
	// of verifications, the rest are refused without costing a hash.
	await enforceRateLimits(db, [ipLimit, accountLimit]);
	const user = await findUserByEmail(db, input.email);
	const valid = await verifyAttempt(
		{ account: accountLimit.key, network: addressNetwork(context.ipAddress) },
		user?.passwordHash ?? null,
		input.password
	);
	if (!user || !valid) throw new ServiceError(400, m.error_invalid_credentials(), 'email');
	await refundAttempt(db, [ipLimit]);
	await resetRateLimitHits(db, accountLimit.key);
	return db.transaction(async (tx) => {
		await auditOwnAccount(tx, user.id, 'user.sign_in', context.ipAddress);
		return createSession(tx, user.id, context);
	});
}

/** Where the person's work is (see domain/landing): the default after signing in. */
export async function landingFor(db: Executor, userId: string): Promise<LandingPath> {
	const [roles, membership] = await Promise.all([
		db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
		db
			.select({ teamId: teamMembers.teamId })
			.from(teamMembers)
			.innerJoin(challenges, eq(challenges.id, teamMembers.challengeId))
			.where(and(eq(teamMembers.userId, userId), eq(challenges.isActive, true)))
			.limit(1)
	]);
	return landingPath({ roles: roles.map((row) => row.role), inTeam: membership.length > 0 });
}

export async function signOut(db: Executor, sessionId: string): Promise<void> {
	await invalidateSession(db, sessionId);
}

export async function signOutEverywhere(db: Database, userId: string, context: RequestContext) {
	await db.transaction(async (tx) => {
		await invalidateAllSessions(tx, userId);
		// Links still out would let whoever started them back in (an email change is a takeover).
		await tx.delete(userTokens).where(eq(userTokens.userId, userId));
		await auditOwnAccount(tx, userId, 'user.sign_out_everywhere', context.ipAddress);
	});
}

/** Mails a reset link when the address has an account; the answer is the same either way. */
export async function requestPasswordReset(db: Database, email: string, context: RequestContext) {
	return withMinimumDuration(ENUMERATION_FLOOR_MS, () =>
		requestPasswordResetNow(db, email, context)
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

/** Sets a new password from a reset link: ends every session, then signs in afresh. */
export async function resetPassword(
	db: Database,
	input: { token: string; password: string },
	context: RequestContext
) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.reset, context.ipAddress),
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
		await auditOwnAccount(tx, user.id, 'user.reset_password', context.ipAddress);
		return { ...(await createSession(tx, user.id, context)), email: user.email, userId: user.id };
	});
	if (!result) throw new ServiceError(400, m.error_token_invalid(), 'password');
	// The mailbox's owner chose a new password: whatever guesses locked the account are moot.
	await liftRateLimit(db, rateLimitKey('signin:account', result.email));
	await liftRateLimit(db, rateLimitKey('reauth:account', result.userId));
	return result;
}

/** Checks the current password when settings change; wrong guesses are rate-limited. */
async function reauthenticate(
	db: Executor,
	userId: string,
	password: string,
	context: Pick<RequestContext, 'ipAddress'> | null
) {
	const limits = [
		{ key: rateLimitKey('reauth:account', userId), rule: rateLimitRules.reauthAccount() }
	];
	await enforceRateLimits(db, limits);
	const user = await findUserById(db, userId);
	if (!user) throw new ServiceError(404, m.error_unknown_user());
	const valid = await verifyAttempt(
		{ account: limits[0]!.key, network: context ? addressNetwork(context.ipAddress) : '' },
		user.passwordHash,
		password
	);
	if (!valid) throw new ServiceError(400, m.error_wrong_password(), 'currentPassword');
	await refundAttempt(db, limits);
	return user;
}

export async function changePassword(
	db: Database,
	userId: string,
	currentSessionId: string,
	input: { currentPassword: string; newPassword: string },
	context: RequestContext
) {
	const user = await reauthenticate(db, userId, input.currentPassword, context);
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
		await auditOwnAccount(tx, user.id, 'user.change_password', context.ipAddress);
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'password_changed',
			...emails.passwordChanged(
				asLocale(user.locale),
				user.name,
				`${context.baseUrl}/forgot-password`
			)
		});
	});
}

/**
 * Starts an email change: a confirmation link goes to the new address. If that address already
 * has an account, its owner is told instead; the answer here is the same (no enumeration).
 */
export async function requestEmailChange(
	db: Database,
	userId: string,
	input: { newEmail: string; currentPassword: string },
	context: RequestContext
) {
	const user = await reauthenticate(db, userId, input.currentPassword, context);
	if (user.email === input.newEmail) throw new ServiceError(400, m.error_same_email(), 'newEmail');
	const limits = [
		{ key: rateLimitKey('verify:account', userId), rule: rateLimitRules.verifyAccount() },
		// The new address gets mail it never asked for: the same budget as a sign-up with it, so
		// that many accounts together cannot fill one inbox.
		{ key: rateLimitKey('signup:email', input.newEmail), rule: rateLimitRules.signUpEmail() }
	];
	await enforceRateLimits(db, limits);
	await db.transaction(async (tx) => {
		const owner = await findUserByEmail(tx, input.newEmail);
		if (owner) {
			await enqueueEmail(tx, {
				to: owner.email,
				userId: owner.id,
				template: 'email_change_taken',
				...emails.emailChangeTaken(asLocale(owner.locale), owner.name)
			});
			return;
		}
		const token = await issueToken(
			tx,
			user.id,
			'change_email',
			input.newEmail,
			CHANGE_EMAIL_LIFETIME
		);
		await enqueueEmail(tx, {
			to: input.newEmail,
			userId: user.id,
			template: 'change_email',
			...emails.confirmEmailChange(
				asLocale(user.locale),
				user.name,
				`${context.baseUrl}/confirm-email-change?token=${token}`
			)
		});
		// The owner hears of it at the address that still holds the account.
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'email_change_requested',
			...emails.emailChangeRequested(
				asLocale(user.locale),
				user.name,
				input.newEmail,
				`${context.baseUrl}/forgot-password`
			)
		});
	});
}

/** Applies an email change from its link; other sessions end and the old address is told. */
export async function confirmEmailChange(
	db: Database,
	token: string,
	currentSession: { id: string; userId: string } | null,
	context: RequestContext
) {
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.verify, context.ipAddress),
			rule: rateLimitRules.verifyIp()
		}
	];
	await enforceRateLimits(db, limits);
	const outcome = await db.transaction(async (tx) => {
		const row = await consumeToken(tx, token, 'change_email');
		if (!row) return { error: m.error_token_invalid() };
		const user = await findUserById(tx, row.userId);
		if (!user) return { error: m.error_token_invalid() };
		if (await findUserByEmail(tx, row.email)) return { error: m.error_email_taken_now() };
		await tx
			.update(users)
			.set({ email: row.email, emailVerifiedAt: now(), updatedAt: now() })
			.where(eq(users.id, user.id));
		const keep = currentSession?.userId === user.id ? currentSession.id : undefined;
		await invalidateOtherSessions(tx, user.id, keep);
		await tx.delete(userTokens).where(eq(userTokens.userId, user.id));
		await auditOwnAccount(tx, user.id, 'user.change_email', context.ipAddress);
		await enqueueEmail(tx, {
			to: user.email,
			userId: user.id,
			template: 'email_changed_notice',
			...emails.emailChangedNotice(asLocale(user.locale), user.name, row.email)
		});
		return { userId: user.id, signedIn: Boolean(keep) };
	});
	if ('error' in outcome) throw new ServiceError(400, outcome.error as string, 'token');
	await refundAttempt(db, limits);
	return outcome;
}

export async function updateProfile(
	db: Database,
	userId: string,
	input: { name: string; country: string; dateOfBirth: string; locale: Locale },
	context: RequestContext
) {
	await db.transaction(async (tx) => {
		const before = await findUserById(tx, userId);
		if (!before) throw new ServiceError(404, m.error_unknown_user());
		await tx
			.update(users)
			.set({ ...input, updatedAt: now() })
			.where(eq(users.id, userId));
		// Age decides eligibility: a new birth date must not leave a submitted entry ineligible.
		if (before.dateOfBirth !== input.dateOfBirth) {
			const memberships = await tx
				.select({ teamId: teamMembers.teamId, challenge: challenges })
				.from(teamMembers)
				.innerJoin(challenges, eq(challenges.id, teamMembers.challengeId))
				.where(eq(teamMembers.userId, userId));
			for (const { teamId, challenge } of memberships)
				await assertSubmittedEntryStaysEligible(tx, teamId, challenge, 'dateOfBirth');
		}
		const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
			(field) => before[field] !== input[field]
		);
		if (changed.length > 0)
			await recordAudit(tx, {
				actorId: userId,
				action: 'user.update_profile',
				entityType: 'user',
				entityId: userId,
				data: { fields: changed },
				ipAddress: context.ipAddress
			});
	});
}

export async function getAccount(db: Executor, userId: string) {
	const user = await findUserById(db, userId);
	if (!user) return null;
	const activeSessions = await db
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			userAgent: sessions.userAgent
		})
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now())))
		.orderBy(sessions.createdAt);
	const roles = await db
		.select({ role: userRoles.role })
		.from(userRoles)
		.where(eq(userRoles.userId, userId));
	return {
		id: user.id,
		email: user.email,
		emailVerified: user.emailVerifiedAt !== null,
		name: user.name,
		country: user.country,
		dateOfBirth: user.dateOfBirth,
		locale: asLocale(user.locale),
		createdAt: user.createdAt,
		roles: roles.map((row) => row.role),
		sessions: activeSessions
	};
}

/** Everything stored about a person, for the GDPR "download my data" button. */
export async function exportUserData(db: Executor, userId: string) {
	const user = await findUserById(db, userId);
	if (!user) throw new ServiceError(404, m.error_unknown_user());
	const [roles, userSessions, activity, mail] = await Promise.all([
		db
			.select({ role: userRoles.role, grantedAt: userRoles.grantedAt })
			.from(userRoles)
			.where(eq(userRoles.userId, userId)),
		db
			.select({
				createdAt: sessions.createdAt,
				lastSeenAt: sessions.lastSeenAt,
				expiresAt: sessions.expiresAt,
				userAgent: sessions.userAgent,
				ipAddress: sessions.ipAddress
			})
			.from(sessions)
			.where(eq(sessions.userId, userId)),
		db
			.select({
				action: auditLog.action,
				entityType: auditLog.entityType,
				entityId: auditLog.entityId,
				createdAt: auditLog.createdAt,
				ipAddress: auditLog.ipAddress
			})
			.from(auditLog)
			.where(eq(auditLog.actorId, userId))
			.orderBy(auditLog.createdAt),
		db
			.select({
				subject: emailOutbox.subject,
				template: emailOutbox.template,
				toAddress: emailOutbox.toAddress,
				createdAt: emailOutbox.createdAt,
				sentAt: emailOutbox.sentAt
			})
			.from(emailOutbox)
			.where(eq(emailOutbox.userId, userId))
			.orderBy(emailOutbox.createdAt)
	]);
	return {
		exportedAt: now().toISOString(),
		account: {
			id: user.id,
			email: user.email,
			emailVerifiedAt: user.emailVerifiedAt,
			name: user.name,
			country: user.country,
			dateOfBirth: user.dateOfBirth,
			preferredLanguage: user.locale,
			createdAt: user.createdAt,
			updatedAt: user.updatedAt,
			passwordChangedAt: user.passwordChangedAt
		},
		roles,
		sessions: userSessions,
		activity,
		emails: mail
	};
}

async function countOrganizers(db: Executor): Promise<number> {
	const rows = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(userRoles)
		.where(eq(userRoles.role, 'organizer'));
	return Number(rows[0]?.count ?? 0);
}

export async function isSoleOrganizer(db: Executor, userId: string): Promise<boolean> {
	const mine = await db
		.select({ userId: userRoles.userId })
		.from(userRoles)
		.where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'organizer')))
		.limit(1);
	return mine.length > 0 && (await countOrganizers(db)) <= 1;
}

/**
 * Deletes an account and everything that belongs only to it (GDPR erasure). A team the person
 * leads with others must get a new lead first; a team of one goes with the account.
 */
export async function deleteAccount(
	db: Database,
	store: FileStore,
	userId: string,
	input: { currentPassword: string },
	context: Pick<RequestContext, 'ipAddress'> | null = null
) {
	await reauthenticate(db, userId, input.currentPassword, context);
	const blobs = await db.transaction(async (tx) => {
		if (await isSoleOrganizer(tx, userId))
			throw new ServiceError(409, m.error_last_organizer(), 'confirmation');
		const ledTeams = (
			await tx
				.select({ teamId: teamMembers.teamId })
				.from(teamMembers)
				.where(and(eq(teamMembers.userId, userId), eq(teamMembers.role, 'lead')))
		).map((row) => row.teamId);
		const led = ledTeams.length
			? await tx
					.select({ teamId: teamMembers.teamId, size: sql<number>`count(*)::int` })
					.from(teamMembers)
					.where(inArray(teamMembers.teamId, ledTeams))
					.groupBy(teamMembers.teamId)
			: [];
		if (led.some((team) => Number(team.size) > 1))
			throw new ServiceError(409, m.team_error_lead_must_hand_over(), 'confirmation');
		// A team of one goes with its person, unless its entry was ever submitted: what was
		// judged, decided or published stays (the team is left without members).
		const submittedTeams = led.length
			? (
					await tx
						.selectDistinct({ teamId: entries.teamId })
						.from(entries)
						.innerJoin(entryVersions, eq(entryVersions.entryId, entries.id))
						.where(
							inArray(
								entries.teamId,
								led.map((team) => team.teamId)
							)
						)
				).map((row) => row.teamId)
			: [];
		const soloTeams = led
			.map((team) => team.teamId)
			.filter((teamId) => !submittedTeams.includes(teamId));
		const keys = soloTeams.length
			? (
					await tx
						.select({ storageKey: files.storageKey, variants: files.variants })
						.from(files)
						.where(inArray(files.teamId, soloTeams))
				).flatMap((file) => [file.storageKey, ...file.variants.map((variant) => variant.key)])
			: [];
		// The audit trail keeps that an account was deleted, not whose.
		await recordAudit(tx, {
			actorId: null,
			action: 'user.delete_account',
			entityType: 'user',
			entityId: userId,
			data: { teamsDissolved: soloTeams.length },
			ipAddress: null
		});
		// Their name leaves the public gallery (and its search index) and their teams' entries.
		await scrubPersonFromGallery(tx, userId);
		if (soloTeams.length) await tx.delete(teams).where(inArray(teams.id, soloTeams));
		// A judge's submitted reviews stay, under an anonymous stand-in: results never change
		// because someone left.
		await keepReviewsOfDepartingJudge(tx, userId);
		// Mail kept in the outbox holds the name and address: it goes too.
		await tx.delete(emailOutbox).where(eq(emailOutbox.userId, userId));
		await tx.delete(users).where(eq(users.id, userId));
		return keys;
	});
	if (blobs.length) await store.delete(blobs);
}

export async function markEmailVerified(db: Executor, userId: string) {
	await db
		.update(users)
		.set({ emailVerifiedAt: now(), updatedAt: now() })
		.where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}
