import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { hashPassword } from '../auth/password';
import { invalidateAllSessions } from '../auth/session';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, DAY, HOUR, now } from '../clock';
import type { Database, Executor } from '../db';
import { challenges, userRoles, users, userTokens } from '../db/schema';

export type BootstrapResult = {
	/** A new account was made for the address. */
	created: boolean;
	/**
	 * The address had an account whose owner never confirmed it: anyone could have registered it.
	 * Its password was replaced and its sessions ended; only the link below opens it.
	 */
	reclaimed: boolean;
	/** One hour to choose a password (new or reclaimed accounts). */
	setPasswordUrl?: string;
	/** There was no challenge: an empty one was made for the organizer to set up. */
	challengeCreated: boolean;
};

/**
 * `npm run admin:create`: makes an organizer. A new address gets an account with an unusable
 * random password and a one-hour link to choose one. A confirmed account is promoted as it is.
 * An account never confirmed is reclaimed first (new random password, every session and link
 * ended), so whoever pre-registered the address cannot sign in as organizer with their password.
 * On an empty database it also makes an empty challenge, so the organizer's settings pages work
 * without the demo seed.
 */
export async function createOrPromoteOrganizer(
	db: Database,
	input: { email: string; name: string; country: string; dateOfBirth: string },
	baseUrl: string
): Promise<BootstrapResult> {
	const email = input.email.trim().toLowerCase();
	// Hashed before the transaction: it waits in the hashing queue, not holding row locks.
	const unusablePassword = await hashPassword(generateToken() + generateToken());
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt })
			.from(users)
			.where(eq(users.email, email))
			.for('update');
		let userId = existing?.id;
		const reclaimed = Boolean(existing && !existing.emailVerifiedAt);
		if (!userId) {
			const [created] = await tx
				.insert(users)
				.values({
					email,
					name: input.name,
					country: input.country,
					dateOfBirth: input.dateOfBirth,
					passwordHash: unusablePassword,
					createdAt: now(),
					updatedAt: now()
				})
				.returning({ id: users.id });
			userId = created.id;
		} else if (reclaimed) {
			await tx
				.update(users)
				.set({ passwordHash: unusablePassword, passwordChangedAt: now(), updatedAt: now() })
				.where(eq(users.id, userId));
			await invalidateAllSessions(tx, userId);
			await tx.delete(userTokens).where(eq(userTokens.userId, userId));
		}
		let setPasswordUrl: string | undefined;
		if (!existing || reclaimed) {
			const token = generateToken();
			await tx.insert(userTokens).values({
				id: hashToken(token),
				userId,
				purpose: 'reset_password',
				email,
				expiresAt: addMilliseconds(now(), HOUR)
			});
			setPasswordUrl = `${baseUrl}/reset-password?token=${token}`;
		}
		const granted = await tx
			.insert(userRoles)
			.values({ userId, role: 'organizer' })
			.onConflictDoNothing()
			.returning({ userId: userRoles.userId });
		if (granted.length > 0)
			await recordAudit(tx, {
				actorId: null,
				action: 'role.grant',
				entityType: 'user',
				entityId: userId,
				data: { role: 'organizer', via: 'admin:create', reclaimed }
			});
		const challengeCreated = await createEmptyChallengeIfNone(tx);
		return { created: !existing, reclaimed, setPasswordUrl, challengeCreated };
	});
}

/**
 * A challenge with neutral texts and a schedule starting today, for the organizer to fill in on
 * the settings pages. Nothing is made when any challenge exists.
 */
async function createEmptyChallengeIfNone(tx: Executor): Promise<boolean> {
	const [any] = await tx.select({ id: challenges.id }).from(challenges).limit(1);
	if (any) return false;
	const start = now();
	const empty = { en: '' };
	const [created] = await tx
		.insert(challenges)
		.values({
			slug: `challenge-${start.getUTCFullYear()}`,
			title: { en: 'Youth innovation challenge', ko: '청소년 혁신 챌린지' },
			theme: empty,
			summary: empty,
			description: empty,
			organizerName: empty,
			organizerAbout: empty,
			eventName: empty,
			eventLocation: empty,
			submissionsOpenAt: start,
			submissionDeadlineAt: addMilliseconds(start, 90 * DAY),
			judgingStartsAt: addMilliseconds(start, 91 * DAY),
			resultsAt: addMilliseconds(start, 120 * DAY),
			eventAt: addMilliseconds(start, 150 * DAY)
		})
		.returning({ id: challenges.id });
	await recordAudit(tx, {
		actorId: null,
		action: 'challenge.create',
		entityType: 'challenge',
		entityId: created.id,
		data: { via: 'admin:create' }
	});
	return true;
}
