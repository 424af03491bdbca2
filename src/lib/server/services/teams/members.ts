/** A team and its members: creating, renaming, leaving, removing, handing over the lead. */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { ageProblem, isMinorOnDeadline } from '$lib/domain/eligibility';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import type { FileStore } from '../../files/store';
import {
	entries,
	files,
	guardianConsents,
	teamMembers,
	teams,
	users,
	type Challenge
} from '../../db/schema';
import { ServiceError } from '../../errors';
import type { Actor } from '../../request';
import { assertSubmittedEntryStaysEligible } from '../team-eligibility';
import {
	assertBeforeDeadline,
	assertMayJoin,
	findMembership,
	isUniqueViolation,
	loadPerson,
	requireLead
} from './shared';

/** Creates a team led by the person, with an empty draft entry. */
export async function createTeam(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; name: string }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	const person = await loadPerson(db, userId);
	assertMayJoin(person, challenge, 'name');
	try {
		return await db.transaction(async (tx) => {
			if (await findMembership(tx, userId, challenge.id))
				throw new ServiceError(409, m.team_error_already_member(), 'name');
			const [team] = await tx
				.insert(teams)
				.values({ challengeId: challenge.id, name: input.name, createdAt: now(), updatedAt: now() })
				.returning();
			await tx.insert(teamMembers).values({
				teamId: team.id,
				challengeId: challenge.id,
				userId,
				role: 'lead',
				joinedAt: now()
			});
			await tx.insert(entries).values({ teamId: team.id, challengeId: challenge.id });
			await recordAudit(tx, {
				actorId: userId,
				action: 'team.create',
				entityType: 'team',
				entityId: team.id,
				data: { name: input.name },
				ipAddress: actor.ipAddress
			});
			return team;
		});
	} catch (error) {
		if (isUniqueViolation(error, 'teams_challenge_name_key'))
			throw new ServiceError(400, m.team_error_name_taken(), 'name');
		if (isUniqueViolation(error, 'team_members_one_team_per_challenge'))
			throw new ServiceError(409, m.team_error_already_member(), 'name');
		throw error;
	}
}

export async function renameTeam(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; name: string }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	try {
		await db.transaction(async (tx) => {
			const membership = await requireLead(tx, userId, challenge.id);
			await tx
				.update(teams)
				.set({ name: input.name, updatedAt: now() })
				.where(eq(teams.id, membership.teamId));
			await recordAudit(tx, {
				actorId: userId,
				action: 'team.rename',
				entityType: 'team',
				entityId: membership.teamId,
				data: { from: membership.teamName, to: input.name },
				ipAddress: actor.ipAddress
			});
		});
	} catch (error) {
		if (isUniqueViolation(error, 'teams_challenge_name_key'))
			throw new ServiceError(400, m.team_error_name_taken(), 'name');
		throw error;
	}
}

async function hasSubmittedVersion(db: Executor, teamId: string): Promise<boolean> {
	const [row] = await db
		.select({ status: entries.status })
		.from(entries)
		.where(eq(entries.teamId, teamId))
		.limit(1);
	return row?.status === 'submitted';
}

/** Storage keys of every file of a team (its blobs go when the team goes). */
async function teamBlobKeys(db: Executor, teamId: string): Promise<string[]> {
	const rows = await db
		.select({ storageKey: files.storageKey, variants: files.variants })
		.from(files)
		.where(eq(files.teamId, teamId));
	return rows.flatMap((row) => [row.storageKey, ...row.variants.map((variant) => variant.key)]);
}

/** A member leaves. A lead hands over first; a lead alone may dissolve an unsubmitted team. */
export async function leaveTeam(
	db: Database,
	store: FileStore,
	actor: Actor,
	input: { challenge: Challenge }
): Promise<'left' | 'dissolved'> {
	const { challenge } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	const outcome = await db.transaction(async (tx) => {
		const membership = await findMembership(tx, userId, challenge.id);
		if (!membership) throw ServiceError.notFound();
		const [{ value: size }] = await tx
			.select({ value: count() })
			.from(teamMembers)
			.where(eq(teamMembers.teamId, membership.teamId));
		if (membership.role === 'lead' && Number(size) > 1)
			throw new ServiceError(409, m.team_error_lead_must_hand_over());
		if (Number(size) === 1) {
			if (await hasSubmittedVersion(tx, membership.teamId))
				throw new ServiceError(409, m.team_error_withdraw_first());
			await recordAudit(tx, {
				actorId: userId,
				action: 'team.dissolve',
				entityType: 'team',
				entityId: membership.teamId,
				data: { name: membership.teamName },
				ipAddress: actor.ipAddress
			});
			const blobs = await teamBlobKeys(tx, membership.teamId);
			await tx.delete(teams).where(eq(teams.id, membership.teamId));
			return { kind: 'dissolved' as const, blobs };
		}
		await tx
			.delete(teamMembers)
			.where(and(eq(teamMembers.teamId, membership.teamId), eq(teamMembers.userId, userId)));
		await assertSubmittedEntryStaysEligible(tx, membership.teamId, challenge, 'leave');
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.leave',
			entityType: 'team',
			entityId: membership.teamId,
			ipAddress: actor.ipAddress
		});
		return { kind: 'left' as const, blobs: [] };
	});
	// After the commit: a failed commit must not lose files that are still referenced.
	if (outcome.blobs.length > 0) await store.delete(outcome.blobs);
	return outcome.kind;
}

export async function removeMember(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; memberUserId: string }
) {
	const { challenge, memberUserId } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	await db.transaction(async (tx) => {
		const membership = await requireLead(tx, userId, challenge.id);
		if (memberUserId === userId) throw new ServiceError(400, m.team_error_remove_self(), 'userId');
		const removed = await tx
			.delete(teamMembers)
			.where(and(eq(teamMembers.teamId, membership.teamId), eq(teamMembers.userId, memberUserId)))
			.returning({ userId: teamMembers.userId });
		if (removed.length === 0) throw ServiceError.notFound('userId');
		await assertSubmittedEntryStaysEligible(tx, membership.teamId, challenge, 'userId');
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.remove_member',
			entityType: 'team',
			entityId: membership.teamId,
			data: { userId: memberUserId },
			ipAddress: actor.ipAddress
		});
	});
}

export async function transferLead(
	db: Database,
	actor: Actor,
	input: { challenge: Challenge; newLeadUserId: string }
) {
	const { challenge, newLeadUserId } = input;
	const userId = actor.actorId;
	assertBeforeDeadline(challenge);
	await db.transaction(async (tx) => {
		const membership = await requireLead(tx, userId, challenge.id);
		const [target] = await tx
			.select({ userId: teamMembers.userId })
			.from(teamMembers)
			.where(and(eq(teamMembers.teamId, membership.teamId), eq(teamMembers.userId, newLeadUserId)))
			.limit(1);
		if (!target || newLeadUserId === userId) throw ServiceError.notFound('userId');
		// One lead at a time (a partial unique index): step down first.
		await tx
			.update(teamMembers)
			.set({ role: 'member' })
			.where(and(eq(teamMembers.teamId, membership.teamId), eq(teamMembers.userId, userId)));
		await tx
			.update(teamMembers)
			.set({ role: 'lead' })
			.where(and(eq(teamMembers.teamId, membership.teamId), eq(teamMembers.userId, newLeadUserId)));
		await recordAudit(tx, {
			actorId: userId,
			action: 'team.transfer_lead',
			entityType: 'team',
			entityId: membership.teamId,
			data: { to: newLeadUserId },
			ipAddress: actor.ipAddress
		});
	});
}

export type TeamMemberView = {
	userId: string;
	name: string;
	email: string;
	role: 'lead' | 'member';
	joinedAt: Date;
	minor: boolean;
	/** The guardian's address only for the viewer's own row: teammates see the status alone. */
	consent: { requested: boolean; given: boolean; guardianEmail: string | null } | null;
	ageProblem: 'too_young' | 'too_old' | null;
};

/**
 * Members with what the dashboard shows about them (age checks, consent), as `viewerId` may see
 * them: a minor's guardian is named to that minor only, never to the teammates.
 */
export async function listTeamMembers(
	db: Executor,
	teamId: string,
	challenge: Challenge,
	viewerId: string
): Promise<TeamMemberView[]> {
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			dateOfBirth: users.dateOfBirth,
			role: teamMembers.role,
			joinedAt: teamMembers.joinedAt,
			consentedAt: guardianConsents.consentedAt,
			guardianEmail: guardianConsents.guardianEmail
		})
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.leftJoin(
			guardianConsents,
			and(eq(guardianConsents.userId, users.id), eq(guardianConsents.challengeId, challenge.id))
		)
		.where(eq(teamMembers.teamId, teamId))
		.orderBy(sql`${teamMembers.role} = 'lead' desc`, asc(teamMembers.joinedAt));
	return rows.map((row) => {
		const minor = isMinorOnDeadline(row.dateOfBirth, challenge.submissionDeadlineAt);
		return {
			userId: row.userId,
			name: row.name,
			email: row.email,
			role: row.role,
			joinedAt: row.joinedAt,
			minor,
			consent: minor
				? {
						requested: row.guardianEmail !== null,
						given: row.consentedAt !== null,
						guardianEmail: row.userId === viewerId ? row.guardianEmail : null
					}
				: null,
			ageProblem: ageProblem(row.dateOfBirth, {
				minAge: challenge.minAge,
				maxAge: challenge.maxAge,
				deadline: challenge.submissionDeadlineAt
			})
		};
	});
}
