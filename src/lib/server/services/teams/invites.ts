/** Invitations to a team: by email or by link, previewed, accepted, revoked. */
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { canAddMember } from '$lib/domain/eligibility';
import { redactNames } from '$lib/domain/identity-redaction';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { generateToken, hashToken } from '../../auth/tokens';
import { addMilliseconds, DAY, now } from '../../clock';
import type { Database, Executor } from '../../db';
import { teamInvites, teamMembers, teams, users, type Challenge } from '../../db/schema';
import { ServiceError } from '../../errors';
import { enqueueEmail } from '../../mail/outbox';
import { teamEmails } from '../../mail/team-templates';
import { enforceRateLimits, rateLimitKey } from '../../rate-limit';
import { rateLimitRules } from '../../rate-limit-rules';
import type { Actor, ActorWith } from '../../request';
import { isAdultOn, peopleByAge } from '../gallery-privacy';
import { assertSubmittedEntryStaysEligible } from '../team-eligibility';
import {
	assertBeforeDeadline,
	assertMayJoin,
	EMAIL_INVITE_LIFETIME,
	findMembership,
	isUniqueViolation,
	loadPerson,
	MAX_OPEN_INVITES,
	requireLead
} from './shared';

async function openInviteCount(db: Executor, teamId: string): Promise<number> {
	const [row] = await db
		.select({ value: count() })
		.from(teamInvites)
		.where(
			and(
				eq(teamInvites.teamId, teamId),
				isNull(teamInvites.revokedAt),
				gt(teamInvites.expiresAt, now())
			)
		);
	return Number(row?.value ?? 0);
}

/**
 * An invitation by email goes to someone new: not the lead, not a member of the team, not an
 * address that already holds an open invitation (a second mail would only repeat the first).
 * Only the team's own members are looked at, so nothing is learnt about other accounts.
 */
async function assertNewInvitee(tx: Executor, teamId: string, leadEmail: string, email: string) {
	if (email === leadEmail) throw new ServiceError(400, m.team_error_invite_self(), 'email');
	const [member] = await tx
		.select({ userId: teamMembers.userId })
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.where(and(eq(teamMembers.teamId, teamId), eq(users.email, email)))
		.limit(1);
	if (member) throw new ServiceError(400, m.team_error_invite_member(), 'email');
	const [pending] = await tx
		.select({ id: teamInvites.id })
		.from(teamInvites)
		.where(
			and(
				eq(teamInvites.teamId, teamId),
				eq(teamInvites.email, email),
				eq(teamInvites.uses, 0),
				isNull(teamInvites.revokedAt),
				gt(teamInvites.expiresAt, now())
			)
		)
		.limit(1);
	if (pending) throw new ServiceError(400, m.team_error_invite_pending(), 'email');
}

/** Invites someone by email: a single-use link, valid for a week, for that address only. */
export async function inviteByEmail(
	db: Database,
	actor: ActorWith<'baseUrl' | 'locale'>,
	input: { challenge: Challenge; email: string }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	await enforceRateLimits(
		db,
		[
			{
				key: rateLimitKey('invite:user', userId),
				rule: rateLimitRules.teamInviteSender()
			}
		],
		{ field: 'email' }
	);
	await db.transaction(async (tx) => {
		const membership = await requireLead(tx, userId, challenge.id);
		const inviter = await loadPerson(tx, userId);
		await assertNewInvitee(tx, membership.teamId, inviter.email, input.email);
		if ((await openInviteCount(tx, membership.teamId)) >= MAX_OPEN_INVITES)
			throw new ServiceError(
				409,
				m.team_error_too_many_invites({ max: MAX_OPEN_INVITES }),
				'email'
			);
		// Counted with the mail itself (a refusal above sends nothing and counts nothing here).
		await enforceRateLimits(
			tx,
			[
				{
					key: rateLimitKey('invite:team', membership.teamId),
					rule: rateLimitRules.teamInviteTeam()
				},
				{ key: rateLimitKey('invite:to', input.email), rule: rateLimitRules.teamInviteRecipient() }
			],
			{ field: 'email' }
		);
		const token = generateToken();
		const [invite] = await tx
			.insert(teamInvites)
			.values({
				teamId: membership.teamId,
				tokenHash: hashToken(token),
				email: input.email,
				singleUse: true,
				expiresAt: addMilliseconds(now(), EMAIL_INVITE_LIFETIME),
				createdBy: userId,
				createdAt: now()
			})
			.returning({ id: teamInvites.id });
		await enqueueEmail(tx, {
			to: input.email,
			template: 'team_invite',
			...teamEmails.invite(actor.locale, {
				inviter: inviter.name,
				team: membership.teamName,
				challenge: localize(challenge.title, actor.locale),
				url: `${actor.baseUrl}/join?token=${token}`
			})
		});
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.invite_email',
			entityType: 'team',
			entityId: membership.teamId,
			data: { inviteId: invite.id },
			ipAddress: actor.ipAddress
		});
	});
}

/**
 * A shareable link, single-use or usable until it expires (1–14 days). The link is shown once:
 * only its hash is stored.
 */
export async function createInviteLink(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: { challenge: Challenge; uses: 'single' | 'multiple'; days: number }
): Promise<{ url: string; expiresAt: Date }> {
	const { challenge } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	return db.transaction(async (tx) => {
		const membership = await requireLead(tx, userId, challenge.id);
		if ((await openInviteCount(tx, membership.teamId)) >= MAX_OPEN_INVITES)
			throw new ServiceError(409, m.team_error_too_many_invites({ max: MAX_OPEN_INVITES }), 'uses');
		const token = generateToken();
		const expiresAt = addMilliseconds(now(), input.days * DAY);
		const [invite] = await tx
			.insert(teamInvites)
			.values({
				teamId: membership.teamId,
				tokenHash: hashToken(token),
				email: null,
				singleUse: input.uses === 'single',
				expiresAt,
				createdBy: userId,
				createdAt: now()
			})
			.returning({ id: teamInvites.id });
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.invite_link',
			entityType: 'team',
			entityId: membership.teamId,
			data: { inviteId: invite.id, uses: input.uses, days: input.days },
			ipAddress: actor.ipAddress
		});
		return { url: `${actor.baseUrl}/join?token=${token}`, expiresAt };
	});
}

export async function revokeInvite(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; inviteId: string }
) {
	const { challenge, inviteId } = input;
	const userId = actor.actorId;
	await db.transaction(async (tx) => {
		const membership = await requireLead(tx, userId, challenge.id);
		const revoked = await tx
			.update(teamInvites)
			.set({ revokedAt: now() })
			.where(
				and(
					eq(teamInvites.id, inviteId),
					eq(teamInvites.teamId, membership.teamId),
					isNull(teamInvites.revokedAt)
				)
			)
			.returning({ id: teamInvites.id });
		// Another team's invite looks exactly like one that does not exist.
		if (revoked.length === 0) throw ServiceError.notFound('inviteId');
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.invite_revoke',
			entityType: 'team',
			entityId: membership.teamId,
			data: { inviteId },
			ipAddress: actor.ipAddress
		});
	});
}

type InviteRow = typeof teamInvites.$inferSelect;

function inviteProblem(invite: InviteRow | undefined, email: string | null): string | null {
	if (!invite || invite.revokedAt) return m.team_error_invite_invalid();
	if (invite.expiresAt.getTime() <= now().getTime()) return m.team_error_invite_expired();
	if (invite.singleUse && invite.uses >= 1) return m.team_error_invite_used();
	if (invite.email && email !== null && invite.email !== email)
		return m.team_error_invite_other_email();
	return null;
}

/**
 * What the join page shows about an invitation link (nothing about the team if invalid): the
 * team and who invited. Whoever holds the link sees this before signing in (a link may be
 * shared widely), so the page follows the gallery's rule for names: a member under 18 today is
 * never named, neither as the inviter nor inside the team's name.
 */
export async function previewInvite(db: Executor, token: string, viewerEmail: string | null) {
	const [row] = await db
		.select({ invite: teamInvites, teamName: teams.name })
		.from(teamInvites)
		.innerJoin(teams, eq(teams.id, teamInvites.teamId))
		.where(eq(teamInvites.tokenHash, hashToken(token)))
		.limit(1);
	const problem = inviteProblem(row?.invite, viewerEmail);
	if (problem) return { valid: false as const, problem };
	const members = await db
		.select({ userId: teamMembers.userId, name: users.name, dateOfBirth: users.dateOfBirth })
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.where(eq(teamMembers.teamId, row.invite.teamId));
	const today = now();
	const { matcher } = peopleByAge(members, today);
	// The inviter is named while still in the team and an adult; otherwise "a team invited you".
	const inviter = members.find((member) => member.userId === row.invite.createdBy);
	return {
		valid: true as const,
		teamName: matcher ? redactNames(row.teamName, matcher) : row.teamName,
		inviterName: inviter && isAdultOn(inviter.dateOfBirth, today) ? inviter.name : null,
		forEmail: row.invite.email
	};
}

/** Joins the team of an invitation, re-checking everything under a lock on the team. */
export async function acceptInvite(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; token: string }
) {
	const { challenge, token } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	const person = await loadPerson(db, userId);
	assertMayJoin(person, challenge, 'token');
	try {
		return await db.transaction(async (tx) => {
			const [invite] = await tx
				.select()
				.from(teamInvites)
				.where(eq(teamInvites.tokenHash, hashToken(token)))
				.for('update')
				.limit(1);
			const problem = inviteProblem(invite, person.email);
			if (problem) throw new ServiceError(400, problem, 'token');
			const [team] = await tx
				.select()
				.from(teams)
				.where(and(eq(teams.id, invite.teamId), eq(teams.challengeId, challenge.id)))
				.for('update')
				.limit(1);
			if (!team) throw new ServiceError(400, m.team_error_invite_invalid(), 'token');
			if (await findMembership(tx, userId, challenge.id))
				throw new ServiceError(409, m.team_error_already_member(), 'token');
			const [{ value: size }] = await tx
				.select({ value: count() })
				.from(teamMembers)
				.where(eq(teamMembers.teamId, team.id));
			if (!canAddMember(Number(size), challenge))
				throw new ServiceError(
					409,
					m.team_error_team_full({ max: challenge.teamMaxSize }),
					'token'
				);
			await tx.insert(teamMembers).values({
				teamId: team.id,
				challengeId: challenge.id,
				userId,
				role: 'member',
				joinedAt: now()
			});
			await assertSubmittedEntryStaysEligible(tx, team.id, challenge, 'token');
			await tx
				.update(teamInvites)
				.set({ uses: sql`${teamInvites.uses} + 1` })
				.where(eq(teamInvites.id, invite.id));
			await recordAudit(tx, {
				actorId: userId,
				action: 'team.join',
				entityType: 'team',
				entityId: team.id,
				data: { inviteId: invite.id },
				ipAddress: actor.ipAddress
			});
			return { teamId: team.id, teamName: team.name };
		});
	} catch (error) {
		if (isUniqueViolation(error, 'team_members_one_team_per_challenge'))
			throw new ServiceError(409, m.team_error_already_member(), 'token');
		throw error;
	}
}

export async function listOpenInvites(db: Executor, teamId: string) {
	return db
		.select({
			id: teamInvites.id,
			email: teamInvites.email,
			singleUse: teamInvites.singleUse,
			uses: teamInvites.uses,
			expiresAt: teamInvites.expiresAt,
			createdAt: teamInvites.createdAt
		})
		.from(teamInvites)
		.where(
			and(
				eq(teamInvites.teamId, teamId),
				isNull(teamInvites.revokedAt),
				gt(teamInvites.expiresAt, now()),
				sql`not (${teamInvites.singleUse} and ${teamInvites.uses} >= 1)`
			)
		)
		.orderBy(asc(teamInvites.createdAt));
}
