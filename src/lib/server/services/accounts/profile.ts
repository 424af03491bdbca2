import { and, eq, gt } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../../audit';
import { invalidateOtherSessions } from '../../auth/session';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import { challenges, sessions, teamMembers, userRoles, users, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import { enqueueEmail } from '../../mail/outbox';
import { emails } from '../../mail/templates';
import { addressRateLimitKey, enforceRateLimits, rateLimitKey } from '../../rate-limit';
import { ADDRESS_SCOPES, rateLimitRules } from '../../rate-limit-rules';
import type { Actor, ActorWith, RequestContext } from '../../request';
import { assertSubmittedEntryStaysEligible } from '../team-eligibility';
import {
	CHANGE_EMAIL_LIFETIME,
	refundAttempt,
	asLocale,
	auditOwnAccount,
	findUserByEmail,
	findUserById,
	issueToken,
	consumeToken,
	reauthenticate
} from './shared';

export async function requestEmailChange(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: { newEmail: string; currentPassword: string }
) {
	const userId = actor.actorId;
	const user = await reauthenticate(db, userId, input.currentPassword, actor);
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
				`${actor.baseUrl}/confirm-email-change?token=${token}`
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
				`${actor.baseUrl}/forgot-password`
			)
		});
	});
}

/**
 * Applies an email change from its link; other sessions end and the old address is told.
 * Before sign-in there is no actor: it takes the request (`fn(db, request, input)`).
 */
export async function confirmEmailChange(
	db: Database,
	request: RequestContext,
	input: { token: string; currentSession: { id: string; userId: string } | null }
) {
	const { token, currentSession } = input;
	const limits = [
		{
			key: addressRateLimitKey(ADDRESS_SCOPES.verify, request.ipAddress),
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
		await auditOwnAccount(tx, user.id, 'user.change_email', request.ipAddress);
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
	actor: Actor,
	input: { name: string; country: string; dateOfBirth: string; locale: Locale }
) {
	const userId = actor.actorId;
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
				ipAddress: actor.ipAddress
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
