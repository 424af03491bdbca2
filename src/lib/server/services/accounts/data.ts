import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import {
	auditLog,
	emailOutbox,
	entries,
	entryVersions,
	files,
	sessions,
	teamMembers,
	teams,
	userRoles,
	users
} from '../../db/schema';
import type { FileStore } from '../../files/store';
import { ServiceError } from '../../errors';
import type { Actor } from '../../request';
import { scrubPersonFromGallery } from '../gallery-privacy';
import { keepReviewsOfDepartingJudge } from '../departed-judges';
import { findUserById, reauthenticate } from './shared';

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
	actor: Actor,
	input: { currentPassword: string }
) {
	const userId = actor.actorId;
	await reauthenticate(db, userId, input.currentPassword, actor);
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
