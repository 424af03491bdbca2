import { alias } from 'drizzle-orm/pg-core';
import {
	and,
	asc,
	count,
	desc,
	eq,
	inArray,
	isNull,
	ne,
	notInArray,
	or,
	sql,
	type SQL,
	type SQLWrapper
} from 'drizzle-orm';
import { z } from 'zod';
import { isKnownCountry } from '$lib/domain/countries';
import type { LocalizedText } from '$lib/domain/localized-text';
import { localize } from '$lib/domain/localized-text';
import { hasUnsafeCharacters, hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../audit';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, DAY, now } from '../clock';
import type { Database, Executor } from '../db';
import {
	assignments,
	challenges,
	entries,
	judgeConflicts,
	judgeInvites,
	judgeProfiles,
	rounds,
	teamMembers,
	teams,
	tracks,
	userRoles,
	users,
	type JudgeConflict
} from '../db/schema';
import { ServiceError } from '../errors';
import { judgeEmails } from '../mail/judge-templates';
import { enqueueEmail } from '../mail/outbox';
import { enforceRateLimits, rateLimitKey } from '../rate-limit';
import { rateLimitRules } from '../rate-limit-rules';
import { decodeCursor, encodeCursor } from './listing';

export const JUDGE_INVITE_LIFETIME = 14 * DAY;
export const JUDGE_LIMITS = { organization: 200, bio: 1000, reason: 1000, value: 200 } as const;
const PAGE_SIZE = 50;

/**
 * Mail domains shared by unrelated people, ignored by the email-domain check. The reserved
 * example domains (RFC 2606) are in the list on purpose: every demo and test account uses
 * example.org, and flagging every demo judge for every demo team would bury real suggestions.
 * Tests of the check use a domain of their own (e.g. `*.test`).
 */
export const SHARED_MAIL_DOMAINS: readonly string[] = [
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'live.com',
	'msn.com',
	'yahoo.com',
	'naver.com',
	'daum.net',
	'hanmail.net',
	'kakao.com',
	'icloud.com',
	'me.com',
	'proton.me',
	'protonmail.com',
	'qq.com',
	'163.com',
	'gmx.de',
	'web.de',
	'mail.ru',
	'yandex.ru',
	'example.org',
	'example.com',
	'example.net'
];

/** Why the system flagged a judge against a team (stored in `reason` of system rows). */
export type DetectedReason = 'team_member' | 'same_organization' | 'email_domain';

export type InviteStatus = 'open' | 'accepted' | 'revoked' | 'expired';

type Context = { baseUrl: string; ipAddress?: string | null };

// ---------------------------------------------------------------------------------------------
// Form schemas (the services re-check what needs the database).

const singleLine = (max: number) =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() });

const multiLine = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharactersInMultiline(value), {
			error: () => m.error_control_characters()
		})
		.default('');

const optionalCountry = z
	.string()
	.trim()
	.toUpperCase()
	.refine((value) => value === '' || isKnownCountry(value), {
		error: () => m.error_country_unknown()
	})
	.default('');

/** Scalar fields of the profile form; `expertise` (several checkboxes) is read separately. */
export const judgeProfileSchema = z.object({
	organization: singleLine(JUDGE_LIMITS.organization).default(''),
	country: optionalCountry,
	bio: multiLine(JUDGE_LIMITS.bio)
});

export const declareConflictSchema = z
	.object({
		kind: z.enum(['organization', 'country', 'team'], {
			error: () => m.judges_error_kind()
		}),
		value: singleLine(JUDGE_LIMITS.value).default(''),
		country: z.string().trim().toUpperCase().default(''),
		reason: multiLine(JUDGE_LIMITS.reason)
	})
	.superRefine((input, context) => {
		if (input.kind === 'country') {
			if (!isKnownCountry(input.country))
				context.addIssue({
					code: 'custom',
					path: ['country'],
					message: m.error_country_unknown()
				});
		} else if (input.value === '') {
			context.addIssue({ code: 'custom', path: ['value'], message: m.error_required() });
		}
	});

export const inviteJudgeSchema = z.object({
	email: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(254, { error: () => m.error_too_long({ max: 254 }) })
		.toLowerCase()
		.pipe(z.email({ error: () => m.error_email_invalid() }))
});

const uuidField = z.uuid({ error: () => m.error_invalid_request() });
export const inviteIdSchema = z.object({ inviteId: uuidField });
export const conflictIdSchema = z.object({ conflictId: uuidField });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-cased with every space removed, as the assignment's conflict resolution compares. */
const normalized = (value: SQLWrapper | string) =>
	typeof value === 'string'
		? sql`lower(regexp_replace(${value}::text, '\\s+', '', 'g'))`
		: sql`lower(regexp_replace(${value}, '\\s+', '', 'g'))`;

/** Serializes concurrent writers of one key for the rest of the transaction. */
async function lockKey(db: Executor, key: string) {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

// ---------------------------------------------------------------------------------------------
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
	input: { challengeId: string; email: string; invitedBy: string; locale: Locale },
	context: Context
): Promise<{ id: string; url: string; expiresAt: Date; replaced: number }> {
	const email = input.email.trim().toLowerCase();
	return db.transaction(async (tx) => {
		await lockKey(tx, `judge_invite:${input.challengeId}:${email}`);
		const [challenge] = await tx
			.select({ title: challenges.title })
			.from(challenges)
			.where(eq(challenges.id, input.challengeId))
			.limit(1);
		if (!challenge) throw new ServiceError(404, m.error_404_title());
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
					key: rateLimitKey('judge_invite:from', input.invitedBy),
					rule: rateLimitRules.judgeInviteSender()
				},
				{ key: rateLimitKey('judge_invite:to', email), rule: rateLimitRules.judgeInviteRecipient() }
			],
			{ field: 'email' }
		);
		const [inviter] = await tx
			.select({ name: users.name })
			.from(users)
			.where(eq(users.id, input.invitedBy))
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
				invitedBy: input.invitedBy,
				createdAt: now()
			})
			.returning({ id: judgeInvites.id });
		const url = `${context.baseUrl}/judge-invite?token=${token}`;
		await enqueueEmail(tx, {
			to: email,
			template: 'judge_invite',
			...judgeEmails.invite(input.locale, {
				inviter: inviter?.name ?? m.judges_email_invite_organizers({}, { locale: input.locale }),
				challenge: localize(challenge.title, input.locale),
				url
			})
		});
		await recordAudit(tx, {
			actorId: input.invitedBy,
			action: 'judge.invite',
			entityType: 'judge_invite',
			entityId: invite.id,
			data: { email, replaced: replaced.map((row) => row.id) },
			ipAddress: context.ipAddress ?? null
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

const isTextPair = (value: unknown): value is [string, string] =>
	Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

/** A cursor holding two texts, or null when there is none or it is not one. */
function textPairCursor(cursor: string | undefined) {
	return cursor ? decodeCursor(cursor, isTextPair) : null;
}

/** A cursor holding an instant and a uuid, or null when it is not one. */
function timeCursor(cursor: string | undefined) {
	const parts = textPairCursor(cursor);
	if (!parts || !UUID.test(parts[1]) || Number.isNaN(Date.parse(parts[0]))) return null;
	return { at: parts[0], id: parts[1] };
}

/** Invitations of a challenge, newest first, keyset-paged. */
export async function listInvites(
	db: Executor,
	challengeId: string,
	options: { after?: string; limit?: number } = {}
): Promise<{ invites: InviteRow[]; nextAfter: string | null }> {
	const limit = options.limit ?? PAGE_SIZE;
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
	input: { challengeId: string; inviteId: string; actorId: string },
	context: { ipAddress?: string | null } = {}
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
			if (!exists) throw new ServiceError(404, m.error_404_title(), 'inviteId');
			throw new ServiceError(409, m.judges_error_invite_not_open(), 'inviteId');
		}
		await recordAudit(tx, {
			actorId: input.actorId,
			action: 'judge.invite_revoke',
			entityType: 'judge_invite',
			entityId: input.inviteId,
			data: { email: revoked[0].email },
			ipAddress: context.ipAddress ?? null
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
	token: string,
	user: { id: string },
	context: { ipAddress?: string | null } = {}
): Promise<{ challengeId: string }> {
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
			.where(eq(users.id, user.id))
			.limit(1);
		if (!person) throw new ServiceError(404, m.error_unknown_user(), 'token');
		// Same message whatever the difference: the page reveals nothing about the invited address.
		if (person.email !== invite.email)
			throw new ServiceError(403, m.judges_error_invite_other_email(), 'token');
		if (!person.emailVerifiedAt) throw new ServiceError(403, m.judges_error_unverified(), 'token');
		await tx
			.insert(userRoles)
			.values({ userId: user.id, role: 'judge', grantedBy: invite.invitedBy, grantedAt: now() })
			.onConflictDoNothing();
		await tx
			.insert(judgeProfiles)
			.values({ userId: user.id, createdAt: now(), updatedAt: now() })
			.onConflictDoNothing();
		await tx
			.update(judgeInvites)
			.set({ acceptedAt: now(), acceptedBy: user.id })
			.where(eq(judgeInvites.id, invite.id));
		await recordAudit(tx, {
			actorId: user.id,
			action: 'judge.invite_accept',
			entityType: 'judge_invite',
			entityId: invite.id,
			data: { email: invite.email },
			ipAddress: context.ipAddress ?? null
		});
		await detectConflicts(tx, invite.challengeId, { judgeId: user.id });
		return { challengeId: invite.challengeId };
	});
}

// ---------------------------------------------------------------------------------------------
// Profiles

export type JudgeProfile = {
	organization: string;
	country: string;
	expertise: string[];
	bio: string;
	updatedAt: Date | null;
};

export async function getJudgeProfile(db: Executor, userId: string): Promise<JudgeProfile> {
	const [row] = await db
		.select({
			organization: judgeProfiles.organization,
			country: judgeProfiles.country,
			expertise: judgeProfiles.expertise,
			bio: judgeProfiles.bio,
			updatedAt: judgeProfiles.updatedAt
		})
		.from(judgeProfiles)
		.where(eq(judgeProfiles.userId, userId))
		.limit(1);
	return row ?? { organization: '', country: '', expertise: [], bio: '', updatedAt: null };
}

/** Saves a judge's profile (expertise: tracks of the challenge only), then re-runs detection. */
export async function saveJudgeProfile(
	db: Database,
	input: {
		userId: string;
		challengeId: string;
		organization: string;
		country: string;
		expertise: string[];
		bio: string;
	},
	context: { ipAddress?: string | null } = {}
): Promise<{ detected: number }> {
	const organization = input.organization.trim();
	const country = input.country.trim().toUpperCase();
	const bio = input.bio.trim();
	if (organization.length > JUDGE_LIMITS.organization)
		throw new ServiceError(
			400,
			m.error_too_long({ max: JUDGE_LIMITS.organization }),
			'organization'
		);
	if (country !== '' && !isKnownCountry(country))
		throw new ServiceError(400, m.error_country_unknown(), 'country');
	if (bio.length > JUDGE_LIMITS.bio)
		throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.bio }), 'bio');
	const expertise = [...new Set(input.expertise)];
	if (expertise.length > 100 || expertise.some((id) => !UUID.test(id)))
		throw new ServiceError(400, m.judges_error_expertise(), 'expertise');
	return db.transaction(async (tx) => {
		if (expertise.length > 0) {
			const known = await tx
				.select({ id: tracks.id })
				.from(tracks)
				.where(and(eq(tracks.challengeId, input.challengeId), inArray(tracks.id, expertise)));
			if (known.length !== expertise.length)
				throw new ServiceError(400, m.judges_error_expertise(), 'expertise');
		}
		const values = { organization, country, expertise, bio, updatedAt: now() };
		await tx
			.insert(judgeProfiles)
			.values({ userId: input.userId, ...values, createdAt: now() })
			.onConflictDoUpdate({ target: judgeProfiles.userId, set: values });
		await recordAudit(tx, {
			actorId: input.userId,
			action: 'judge.profile_save',
			entityType: 'judge_profile',
			entityId: input.userId,
			data: { organization, country, expertise: expertise.length },
			ipAddress: context.ipAddress ?? null
		});
		return detectConflicts(tx, input.challengeId, { judgeId: input.userId });
	});
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/**
 * A judge declares a conflict; it counts at once (confirmed). A team is named by typing its
 * exact name, never picked from a list, and the answer is the same whether or not it exists:
 * judges in a blind process must not learn which teams take part. A name that matches a team
 * (case-insensitively) is stored as a team conflict with that team's id; one that matches none
 * is kept as an organization conflict with the typed text, which still blocks entries whose
 * partner has that name. A declaration the judge already made is not stored twice.
 */
export async function declareConflict(
	db: Database,
	input: {
		judgeId: string;
		challengeId: string;
		kind: 'team' | 'organization' | 'country';
		teamId?: string;
		value?: string;
		reason?: string;
	},
	context: { ipAddress?: string | null } = {}
): Promise<{ recorded: true }> {
	const reason = (input.reason ?? '').trim();
	const typed = (input.value ?? '').trim();
	if (reason.length > JUDGE_LIMITS.reason)
		throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.reason }), 'reason');
	if (input.kind === 'country' && !isKnownCountry(typed.toUpperCase()))
		throw new ServiceError(400, m.error_country_unknown(), 'country');
	if (input.kind !== 'country' && !input.teamId) {
		if (typed === '') throw new ServiceError(400, m.error_required(), 'value');
		if (typed.length > JUDGE_LIMITS.value)
			throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.value }), 'value');
	}
	await db.transaction(async (tx) => {
		await lockKey(tx, `judge_conflicts:${input.challengeId}`);
		let kind = input.kind;
		let teamId: string | null = null;
		const value = input.kind === 'country' ? typed.toUpperCase() : typed;
		if (input.kind === 'team') {
			if (input.teamId) {
				const [team] = await tx
					.select({ id: teams.id })
					.from(teams)
					.where(and(eq(teams.id, input.teamId), eq(teams.challengeId, input.challengeId)))
					.limit(1);
				if (!team) throw new ServiceError(404, m.error_404_title(), 'teamId');
				teamId = team.id;
			} else {
				const [team] = await tx
					.select({ id: teams.id })
					.from(teams)
					.where(
						and(
							eq(teams.challengeId, input.challengeId),
							sql`lower(${teams.name}) = lower(${typed})`
						)
					)
					.limit(1);
				if (team) teamId = team.id;
				else kind = 'organization';
			}
		}
		const [already] = await tx
			.select({ id: judgeConflicts.id })
			.from(judgeConflicts)
			.where(
				and(
					eq(judgeConflicts.challengeId, input.challengeId),
					eq(judgeConflicts.judgeId, input.judgeId),
					eq(judgeConflicts.source, 'judge'),
					eq(judgeConflicts.kind, kind),
					ne(judgeConflicts.status, 'dismissed'),
					teamId
						? eq(judgeConflicts.teamId, teamId)
						: sql`${normalized(judgeConflicts.value)} = ${normalized(value)}`
				)
			)
			.limit(1);
		if (already) return;
		const [conflict] = await tx
			.insert(judgeConflicts)
			.values({
				challengeId: input.challengeId,
				judgeId: input.judgeId,
				kind,
				teamId,
				value,
				reason,
				source: 'judge',
				status: 'confirmed',
				createdAt: now()
			})
			.returning({ id: judgeConflicts.id });
		await recordAudit(tx, {
			actorId: input.judgeId,
			action: 'judge.conflict_declare',
			entityType: 'judge_conflict',
			entityId: conflict.id,
			data: { kind, requestedKind: input.kind, teamId },
			ipAddress: context.ipAddress ?? null
		});
	});
	return { recorded: true };
}

/** A judge withdraws a conflict they declared themselves (not one recorded by others). */
export async function removeOwnDeclaredConflict(
	db: Database,
	input: { judgeId: string; challengeId: string; conflictId: string },
	context: { ipAddress?: string | null } = {}
) {
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(judgeConflicts)
			.where(
				and(
					eq(judgeConflicts.id, input.conflictId),
					eq(judgeConflicts.challengeId, input.challengeId),
					eq(judgeConflicts.judgeId, input.judgeId),
					eq(judgeConflicts.source, 'judge')
				)
			)
			.returning({ id: judgeConflicts.id, kind: judgeConflicts.kind });
		if (removed.length === 0) throw new ServiceError(404, m.error_404_title(), 'conflictId');
		await recordAudit(tx, {
			actorId: input.judgeId,
			action: 'judge.conflict_remove',
			entityType: 'judge_conflict',
			entityId: input.conflictId,
			data: { kind: removed[0].kind },
			ipAddress: context.ipAddress ?? null
		});
	});
}

export type OwnConflict = {
	id: string;
	kind: JudgeConflict['kind'];
	/** What the judge typed (organization or team name) or a country code; '' when not theirs. */
	value: string;
	reason: string;
	source: JudgeConflict['source'];
	removable: boolean;
	createdAt: Date;
};

/**
 * The conflicts a judge sees: their own declarations, and confirmed ones recorded by others —
 * never a team's name (blind rounds) nor the system's pending suggestions.
 */
export async function listOwnConflicts(
	db: Executor,
	input: { judgeId: string; challengeId: string }
): Promise<OwnConflict[]> {
	const rows = await db
		.select({
			id: judgeConflicts.id,
			kind: judgeConflicts.kind,
			value: judgeConflicts.value,
			reason: judgeConflicts.reason,
			source: judgeConflicts.source,
			createdAt: judgeConflicts.createdAt
		})
		.from(judgeConflicts)
		.where(
			and(
				eq(judgeConflicts.challengeId, input.challengeId),
				eq(judgeConflicts.judgeId, input.judgeId),
				or(eq(judgeConflicts.source, 'judge'), eq(judgeConflicts.status, 'confirmed'))
			)
		)
		.orderBy(desc(judgeConflicts.createdAt), desc(judgeConflicts.id))
		.limit(500);
	return rows.map((row) => {
		const own = row.source === 'judge';
		return {
			id: row.id,
			// A typed team name that matched no team is stored as an organization; the judge sees
			// both the same way, so the list does not tell whether the team exists.
			kind: row.kind === 'country' ? 'country' : own ? 'organization' : row.kind,
			value: own || row.kind === 'country' ? row.value : '',
			reason: own ? row.reason : '',
			source: row.source,
			removable: own,
			createdAt: row.createdAt
		};
	});
}

export type ConflictRow = {
	id: string;
	judgeId: string;
	judgeName: string;
	judgeEmail: string;
	kind: JudgeConflict['kind'];
	teamId: string | null;
	teamName: string | null;
	value: string;
	reason: string;
	source: JudgeConflict['source'];
	status: JudgeConflict['status'];
	createdAt: Date;
	decidedAt: Date | null;
	decidedByName: string | null;
};

/** Conflicts of a challenge for organizers, newest first, keyset-paged; filter by status/judge. */
export async function listJudgeConflicts(
	db: Executor,
	input: {
		challengeId: string;
		status?: JudgeConflict['status'];
		judgeId?: string;
		after?: string;
		limit?: number;
	}
): Promise<{ conflicts: ConflictRow[]; nextAfter: string | null }> {
	const limit = input.limit ?? PAGE_SIZE;
	const after = timeCursor(input.after);
	const judge = alias(users, 'judge');
	const decider = alias(users, 'decider');
	const rows = await db
		.select({
			id: judgeConflicts.id,
			judgeId: judgeConflicts.judgeId,
			judgeName: judge.name,
			judgeEmail: judge.email,
			kind: judgeConflicts.kind,
			teamId: judgeConflicts.teamId,
			teamName: teams.name,
			value: judgeConflicts.value,
			reason: judgeConflicts.reason,
			source: judgeConflicts.source,
			status: judgeConflicts.status,
			createdAt: judgeConflicts.createdAt,
			decidedAt: judgeConflicts.decidedAt,
			decidedByName: decider.name
		})
		.from(judgeConflicts)
		.innerJoin(judge, eq(judge.id, judgeConflicts.judgeId))
		.leftJoin(teams, eq(teams.id, judgeConflicts.teamId))
		.leftJoin(decider, eq(decider.id, judgeConflicts.decidedBy))
		.where(
			and(
				eq(judgeConflicts.challengeId, input.challengeId),
				input.status ? eq(judgeConflicts.status, input.status) : undefined,
				input.judgeId ? eq(judgeConflicts.judgeId, input.judgeId) : undefined,
				after
					? sql`(${judgeConflicts.createdAt}, ${judgeConflicts.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
					: undefined
			)
		)
		.orderBy(desc(judgeConflicts.createdAt), desc(judgeConflicts.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		conflicts: page,
		nextAfter:
			rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null
	};
}

/** How many conflicts of each status a challenge has (for the organizer's tabs). */
export async function countJudgeConflicts(db: Executor, challengeId: string) {
	const rows = await db
		.select({ status: judgeConflicts.status, value: count() })
		.from(judgeConflicts)
		.where(eq(judgeConflicts.challengeId, challengeId))
		.groupBy(judgeConflicts.status);
	const counts = { suggested: 0, confirmed: 0, dismissed: 0 };
	for (const row of rows) counts[row.status] = Number(row.value);
	return counts;
}

async function decideConflict(
	db: Database,
	input: { challengeId: string; conflictId: string; actorId: string },
	to: 'confirmed' | 'dismissed',
	context: { ipAddress?: string | null }
) {
	// Confirm: a suggestion, or undo a dismissal. Dismiss: a suggestion only — a judge's own
	// declaration is not overruled here.
	const from: JudgeConflict['status'][] =
		to === 'confirmed' ? ['suggested', 'dismissed'] : ['suggested'];
	await db.transaction(async (tx) => {
		const changed = await tx
			.update(judgeConflicts)
			.set({ status: to, decidedBy: input.actorId, decidedAt: now() })
			.where(
				and(
					eq(judgeConflicts.id, input.conflictId),
					eq(judgeConflicts.challengeId, input.challengeId),
					inArray(judgeConflicts.status, from)
				)
			)
			.returning({ id: judgeConflicts.id, judgeId: judgeConflicts.judgeId });
		if (changed.length === 0) {
			const [exists] = await tx
				.select({ id: judgeConflicts.id })
				.from(judgeConflicts)
				.where(
					and(
						eq(judgeConflicts.id, input.conflictId),
						eq(judgeConflicts.challengeId, input.challengeId)
					)
				)
				.limit(1);
			if (!exists) throw new ServiceError(404, m.error_404_title(), 'conflictId');
			throw new ServiceError(409, m.judges_error_conflict_decided(), 'conflictId');
		}
		await recordAudit(tx, {
			actorId: input.actorId,
			action: to === 'confirmed' ? 'judge.conflict_confirm' : 'judge.conflict_dismiss',
			entityType: 'judge_conflict',
			entityId: input.conflictId,
			data: { judgeId: changed[0].judgeId },
			ipAddress: context.ipAddress ?? null
		});
	});
}

export function confirmConflict(
	db: Database,
	input: { challengeId: string; conflictId: string; actorId: string },
	context: { ipAddress?: string | null } = {}
) {
	return decideConflict(db, input, 'confirmed', context);
}

export function dismissConflict(
	db: Database,
	input: { challengeId: string; conflictId: string; actorId: string },
	context: { ipAddress?: string | null } = {}
) {
	return decideConflict(db, input, 'dismissed', context);
}

type Candidate = { judgeId: string; teamId: string; reason: DetectedReason; detail: string };

/**
 * Flags likely conflicts for the organizers to decide (status 'suggested', source 'system'):
 * a judge who is a member of a team; a judge whose organization is an entry's partner (case and
 * spaces ignored); a judge who shares a mail domain with a team member (public providers
 * ignored). Idempotent: a judge/team/reason already flagged — even dismissed — is not flagged
 * again, nor a pair already blocked by a confirmed conflict. Three set-based queries.
 */
export async function detectConflicts(
	db: Executor,
	challengeId: string,
	options: { judgeId?: string; actorId?: string; ipAddress?: string | null } = {}
): Promise<{ detected: number }> {
	return db.transaction(async (tx) => {
		await lockKey(tx, `judge_conflicts:${challengeId}`);
		const onlyJudge = (column: SQLWrapper): SQL | undefined =>
			options.judgeId ? sql`${column} = ${options.judgeId}` : undefined;
		const isJudge = and(eq(userRoles.role, 'judge'), onlyJudge(userRoles.userId));

		const judgeUser = alias(users, 'judge_user');
		const memberUser = alias(users, 'member_user');
		const domain = (column: SQLWrapper) => sql`split_part(${column}, '@', 2)`;

		const [members, sameOrganization, sameDomain] = await Promise.all([
			tx
				.selectDistinct({ judgeId: userRoles.userId, teamId: teamMembers.teamId })
				.from(userRoles)
				.innerJoin(
					teamMembers,
					and(eq(teamMembers.userId, userRoles.userId), eq(teamMembers.challengeId, challengeId))
				)
				.where(isJudge),
			tx
				.selectDistinct({
					judgeId: userRoles.userId,
					teamId: entries.teamId,
					detail: judgeProfiles.organization
				})
				.from(userRoles)
				.innerJoin(judgeProfiles, eq(judgeProfiles.userId, userRoles.userId))
				.innerJoin(
					entries,
					and(
						eq(entries.challengeId, challengeId),
						ne(entries.partner, ''),
						sql`${normalized(entries.partner)} = ${normalized(judgeProfiles.organization)}`
					)
				)
				.where(and(isJudge, sql`${normalized(judgeProfiles.organization)} <> ''`)),
			tx
				.selectDistinct({
					judgeId: userRoles.userId,
					teamId: teamMembers.teamId,
					detail: sql<string>`${domain(judgeUser.email)}`
				})
				.from(userRoles)
				.innerJoin(judgeUser, eq(judgeUser.id, userRoles.userId))
				.innerJoin(memberUser, sql`${domain(memberUser.email)} = ${domain(judgeUser.email)}`)
				.innerJoin(
					teamMembers,
					and(eq(teamMembers.userId, memberUser.id), eq(teamMembers.challengeId, challengeId))
				)
				.where(
					and(
						isJudge,
						ne(memberUser.id, judgeUser.id),
						notInArray(domain(judgeUser.email), [...SHARED_MAIL_DOMAINS])
					)
				)
		]);

		const candidates: Candidate[] = [
			...members.map((row) => ({ ...row, reason: 'team_member' as const, detail: '' })),
			...sameOrganization.map((row) => ({ ...row, reason: 'same_organization' as const })),
			...sameDomain.map((row) => ({ ...row, reason: 'email_domain' as const }))
		];
		if (candidates.length === 0) return { detected: 0 };

		const existing = await tx
			.select({
				judgeId: judgeConflicts.judgeId,
				teamId: judgeConflicts.teamId,
				reason: judgeConflicts.reason,
				source: judgeConflicts.source,
				status: judgeConflicts.status
			})
			.from(judgeConflicts)
			.where(
				and(
					eq(judgeConflicts.challengeId, challengeId),
					eq(judgeConflicts.kind, 'team'),
					or(eq(judgeConflicts.source, 'system'), eq(judgeConflicts.status, 'confirmed')),
					onlyJudge(judgeConflicts.judgeId)
				)
			);
		const flagged = new Set(
			existing
				.filter((row) => row.source === 'system')
				.map((row) => `${row.judgeId}:${row.teamId}:${row.reason}`)
		);
		const blocked = new Set(
			existing
				.filter((row) => row.status === 'confirmed')
				.map((row) => `${row.judgeId}:${row.teamId}`)
		);
		const fresh: Candidate[] = [];
		for (const candidate of candidates) {
			const pair = `${candidate.judgeId}:${candidate.teamId}`;
			const key = `${pair}:${candidate.reason}`;
			if (flagged.has(key) || blocked.has(pair)) continue;
			flagged.add(key);
			fresh.push(candidate);
		}
		if (fresh.length > 0)
			await tx.insert(judgeConflicts).values(
				fresh.map((candidate) => ({
					challengeId,
					judgeId: candidate.judgeId,
					kind: 'team' as const,
					teamId: candidate.teamId,
					value: candidate.detail.slice(0, JUDGE_LIMITS.value),
					reason: candidate.reason,
					source: 'system' as const,
					status: 'suggested' as const,
					createdAt: now()
				}))
			);
		if (options.actorId)
			await recordAudit(tx, {
				actorId: options.actorId,
				action: 'judge.conflicts_detect',
				entityType: 'challenge',
				entityId: challengeId,
				data: { detected: fresh.length },
				ipAddress: options.ipAddress ?? null
			});
		return { detected: fresh.length };
	});
}

// ---------------------------------------------------------------------------------------------
// Judges list (organizers)

export type JudgeRow = {
	id: string;
	name: string;
	email: string;
	organization: string;
	country: string;
	expertise: string[];
	assigned: number;
	profileSaved: boolean;
};

/** Accounts with the judge role, by name, keyset-paged, with profile and assignment count. */
export async function listJudges(
	db: Executor,
	challengeId: string,
	options: { after?: string; limit?: number } = {}
): Promise<{ judges: JudgeRow[]; nextAfter: string | null }> {
	const limit = options.limit ?? PAGE_SIZE;
	const after = textPairCursor(options.after);
	const validAfter = after && UUID.test(after[1]) ? after : null;
	const assigned = db
		.select({ judgeId: assignments.judgeId, total: count().as('total') })
		.from(assignments)
		.innerJoin(rounds, eq(rounds.id, assignments.roundId))
		.where(and(eq(rounds.challengeId, challengeId), isNull(assignments.suspendedAt)))
		.groupBy(assignments.judgeId)
		.as('assigned');
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			organization: judgeProfiles.organization,
			country: judgeProfiles.country,
			expertise: judgeProfiles.expertise,
			updatedAt: judgeProfiles.updatedAt,
			createdAt: judgeProfiles.createdAt,
			assigned: assigned.total
		})
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.leftJoin(judgeProfiles, eq(judgeProfiles.userId, users.id))
		.leftJoin(assigned, eq(assigned.judgeId, users.id))
		.where(
			and(
				eq(userRoles.role, 'judge'),
				validAfter
					? sql`(${users.name}, ${users.id}) > (${validAfter[0]}, ${validAfter[1]}::uuid)`
					: undefined
			)
		)
		.orderBy(asc(users.name), asc(users.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		judges: page.map((row) => ({
			id: row.id,
			name: row.name,
			email: row.email,
			organization: row.organization ?? '',
			country: row.country ?? '',
			expertise: row.expertise ?? [],
			assigned: Number(row.assigned ?? 0),
			profileSaved: Boolean(
				row.updatedAt && row.createdAt && row.updatedAt.getTime() > row.createdAt.getTime()
			)
		})),
		nextAfter: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null
	};
}

/** The challenge's tracks, in their order (the choices for expertise). */
export async function listChallengeTracks(db: Executor, challengeId: string) {
	return db
		.select({ id: tracks.id, name: tracks.name })
		.from(tracks)
		.where(eq(tracks.challengeId, challengeId))
		.orderBy(asc(tracks.position), asc(tracks.slug));
}
