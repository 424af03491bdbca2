import { alias } from 'drizzle-orm/pg-core';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { LocalizedText } from '$lib/domain/localized-text';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, DAY, now } from '../clock';
import type { Database, Executor } from '../db';
import { challenges, judgeInvites, judgeProfiles, userRoles, users } from '../db/schema';
import { ServiceError } from '../errors';
import { judgeEmails } from '../mail/judge-templates';
import { enqueueEmail } from '../mail/outbox';
import { enforceRateLimits, rateLimitKey } from '../rate-limit';
import { rateLimitRules } from '../rate-limit-rules';
import { encodeCursor, JUDGE_PAGE_SIZE, lockKey, timeCursor, uuidField } from './judge-common';
import { detectConflicts } from './conflicts';
import type { Actor, ActorWith } from '../request';

export const JUDGE_INVITE_LIFETIME = 14 * DAY;

export type InviteStatus = 'open' | 'accepted' | 'revoked' | 'expired';

export const inviteJudgeSchema = z.object({
	email: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(254, { error: () => m.error_too_long({ max: 254 }) })
		.toLowerCase()
		.pipe(z.email({ error: () => m.error_email_invalid() }))
});

export const inviteIdSchema = z.object({ inviteId: uuidField });

// Invitations

function inviteStatus(invite: {
	acceptedAt: Date | null;
	revokedAt: Date | null;
	expiresAt: Date;
}): InviteStatus {
	if (invite.acceptedAt) return 'accepted';
	if (invite.revokedAt) return 'revoked';
	if (invite.expiresAt.getTime() <= now().getTime()) return 'expired';
	return 'open';
}

/**
 * Invites a judge by email: a single-use link valid for 14 days (only its hash is stored), sent
 * through the outbox in the same transaction. Inviting an address again revokes its open link.
 */
export async function inviteJudge(
	db: Database,
	actor: ActorWith<'baseUrl' | 'locale'>,
	input: { challengeId: string; email: string }
): Promise<{ id: string; url: string; expiresAt: Date; replaced: number }> {
	const email = input.email.trim().toLowerCase();
	return db.transaction(async (tx) => {
		await lockKey(tx, `judge_invite:${input.challengeId}:${email}`);
		const [challenge] = await tx
			.select({ title: challenges.title })
			.from(challenges)
			.where(eq(challenges.id, input.challengeId))
			.limit(1);
		if (!challenge) throw ServiceError.notFound();
		const [judge] = await tx
			.select({ id: users.id })
			.from(users)
			.innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'judge')))
			.where(eq(users.email, email))
			.limit(1);
		if (judge) throw new ServiceError(409, m.judges_error_already_judge(), 'email');
		// Counted with the mail itself: per organizer, and per address whoever invites.
		await enforceRateLimits(
			tx,
			[
				{
					key: rateLimitKey('judge_invite:from', actor.actorId),
					rule: rateLimitRules.judgeInviteSender()
				},
				{ key: rateLimitKey('judge_invite:to', email), rule: rateLimitRules.judgeInviteRecipient() }
			],
			{ field: 'email' }
		);
		const [inviter] = await tx
			.select({ name: users.name })
			.from(users)
			.where(eq(users.id, actor.actorId))
			.limit(1);
		const replaced = await tx
			.update(judgeInvites)
			.set({ revokedAt: now() })
			.where(
				and(
					eq(judgeInvites.challengeId, input.challengeId),
					eq(judgeInvites.email, email),
					isNull(judgeInvites.acceptedAt),
					isNull(judgeInvites.revokedAt)
				)
			)
			.returning({ id: judgeInvites.id });
		const token = generateToken();
		const expiresAt = addMilliseconds(now(), JUDGE_INVITE_LIFETIME);
		const [invite] = await tx
			.insert(judgeInvites)
			.values({
				challengeId: input.challengeId,
				email,
				tokenHash: hashToken(token),
				expiresAt,
				invitedBy: actor.actorId,
				createdAt: now()
			})
			.returning({ id: judgeInvites.id });
		const url = `${actor.baseUrl}/judge-invite?token=${token}`;
		await enqueueEmail(tx, {
			to: email,
			template: 'judge_invite',
			...judgeEmails.invite(actor.locale, {
				inviter: inviter?.name ?? m.judges_email_invite_organizers({}, { locale: actor.locale }),
				challenge: localize(challenge.title, actor.locale),
				url
			})
		});
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.invite',
			entityType: 'judge_invite',
			entityId: invite.id,
			data: { email, replaced: replaced.map((row) => row.id) },
			ipAddress: actor.ipAddress ?? null
		});
		return { id: invite.id, url, expiresAt, replaced: replaced.length };
	});
}

export type InviteRow = {
	id: string;
	email: string;
	status: InviteStatus;
	createdAt: Date;
	expiresAt: Date;
	acceptedAt: Date | null;
	revokedAt: Date | null;
	invitedByName: string | null;
};

/** Invitations of a challenge, newest first, keyset-paged. */
export async function listInvites(
	db: Executor,
	challengeId: string,
	options: { after?: string; limit?: number } = {}
): Promise<{ invites: InviteRow[]; nextAfter: string | null }> {
	const limit = options.limit ?? JUDGE_PAGE_SIZE;
	const after = timeCursor(options.after);
	const inviter = alias(users, 'inviter');
	const rows = await db
		.select({
			id: judgeInvites.id,
			email: judgeInvites.email,
			createdAt: judgeInvites.createdAt,
			expiresAt: judgeInvites.expiresAt,
			acceptedAt: judgeInvites.acceptedAt,
			revokedAt: judgeInvites.revokedAt,
			invitedByName: inviter.name
		})
		.from(judgeInvites)
		.leftJoin(inviter, eq(inviter.id, judgeInvites.invitedBy))
		.where(
			and(
				eq(judgeInvites.challengeId, challengeId),
				after
					? sql`(${judgeInvites.createdAt}, ${judgeInvites.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
					: undefined
			)
		)
		.orderBy(desc(judgeInvites.createdAt), desc(judgeInvites.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		invites: page.map((row) => ({ ...row, status: inviteStatus(row) })),
		nextAfter:
			rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null
	};
}

export async function revokeInvite(
	db: Database,
	actor: Actor,
	input: { challengeId: string; inviteId: string }
) {
	await db.transaction(async (tx) => {
		const revoked = await tx
			.update(judgeInvites)
			.set({ revokedAt: now() })
			.where(
				and(
					eq(judgeInvites.id, input.inviteId),
					eq(judgeInvites.challengeId, input.challengeId),
					isNull(judgeInvites.acceptedAt),
					isNull(judgeInvites.revokedAt)
				)
			)
			.returning({ id: judgeInvites.id, email: judgeInvites.email });
		if (revoked.length === 0) {
			const [exists] = await tx
				.select({ id: judgeInvites.id })
				.from(judgeInvites)
				.where(
					and(eq(judgeInvites.id, input.inviteId), eq(judgeInvites.challengeId, input.challengeId))
				)
				.limit(1);
			if (!exists) throw ServiceError.notFound('inviteId');
			throw new ServiceError(409, m.judges_error_invite_not_open(), 'inviteId');
		}
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.invite_revoke',
			entityType: 'judge_invite',
			entityId: input.inviteId,
			data: { email: revoked[0].email },
			ipAddress: actor.ipAddress ?? null
		});
	});
}

function inviteProblem(
	invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined
): string | null {
	if (!invite) return m.judges_error_invite_invalid();
	const status = inviteStatus(invite);
	if (status === 'accepted') return m.judges_error_invite_used();
	if (status === 'revoked') return m.judges_error_invite_revoked();
	if (status === 'expired') return m.judges_error_invite_expired();
	return null;
}

export type InvitePreview =
	| { valid: false; problem: string }
	| { valid: true; challengeTitle: LocalizedText; email: string; expiresAt: Date };

/** What the invitation page shows about a link (nothing at all when it is not valid). */
export async function previewJudgeInvite(db: Executor, token: string): Promise<InvitePreview> {
	if (!token || token.length > 200)
		return { valid: false, problem: m.judges_error_invite_invalid() };
	const [row] = await db
		.select({
			email: judgeInvites.email,
			expiresAt: judgeInvites.expiresAt,
			acceptedAt: judgeInvites.acceptedAt,
			revokedAt: judgeInvites.revokedAt,
			challengeTitle: challenges.title
		})
		.from(judgeInvites)
		.innerJoin(challenges, eq(challenges.id, judgeInvites.challengeId))
		.where(eq(judgeInvites.tokenHash, hashToken(token)))
		.limit(1);
	const problem = inviteProblem(row);
	if (problem || !row) return { valid: false, problem: problem ?? m.judges_error_invite_invalid() };
	return {
		valid: true,
		challengeTitle: row.challengeTitle,
		email: row.email,
		expiresAt: row.expiresAt
	};
}

/**
 * Accepts an invitation for the signed-in person, whose confirmed email must be the invited
 * one: grants the judge role, creates an empty profile, uses the link up, and looks for likely
 * conflicts at once.
 */
export async function acceptJudgeInvite(
	db: Database,
	actor: Actor,
	input: { token: string }
): Promise<{ challengeId: string }> {
	const { token } = input;
	if (!token || token.length > 200)
		throw new ServiceError(400, m.judges_error_invite_invalid(), 'token');
	return db.transaction(async (tx) => {
		const [invite] = await tx
			.select()
			.from(judgeInvites)
			.where(eq(judgeInvites.tokenHash, hashToken(token)))
			.for('update')
			.limit(1);
		const problem = inviteProblem(invite);
		if (problem || !invite)
			throw new ServiceError(400, problem ?? m.judges_error_invite_invalid(), 'token');
		const [person] = await tx
			.select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt })
			.from(users)
			.where(eq(users.id, actor.actorId))
			.limit(1);
		if (!person) throw new ServiceError(404, m.error_unknown_user(), 'token');
		// Same message whatever the difference: the page reveals nothing about the invited address.
		if (person.email !== invite.email)
			throw new ServiceError(403, m.judges_error_invite_other_email(), 'token');
		if (!person.emailVerifiedAt) throw new ServiceError(403, m.judges_error_unverified(), 'token');
		await tx
			.insert(userRoles)
			.values({
				userId: actor.actorId,
				role: 'judge',
				grantedBy: invite.invitedBy,
				grantedAt: now()
			})
			.onConflictDoNothing();
		await tx
			.insert(judgeProfiles)
			.values({ userId: actor.actorId, createdAt: now(), updatedAt: now() })
			.onConflictDoNothing();
		await tx
			.update(judgeInvites)
			.set({ acceptedAt: now(), acceptedBy: actor.actorId })
			.where(eq(judgeInvites.id, invite.id));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.invite_accept',
			entityType: 'judge_invite',
			entityId: invite.id,
			data: { email: invite.email },
			ipAddress: actor.ipAddress ?? null
		});
		await detectConflicts(tx, null, { challengeId: invite.challengeId, judgeId: actor.actorId });
		return { challengeId: invite.challengeId };
	});
}

// ---------------------------------------------------------------------------------------------
// Profiles
