import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { hashPassword } from '../auth/password';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, HOUR, now } from '../clock';
import type { Database } from '../db';
import { userRoles, users, userTokens } from '../db/schema';

/**
 * `npm run admin:create`: promotes an existing account to organizer, or creates one with an
 * unusable random password and returns a one-hour link to choose a password.
 */
export async function createOrPromoteOrganizer(
	db: Database,
	input: { email: string; name: string; country: string; dateOfBirth: string },
	baseUrl: string
): Promise<{ created: boolean; setPasswordUrl?: string }> {
	const email = input.email.trim().toLowerCase();
	return db.transaction(async (tx) => {
		const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
		let userId = existing[0]?.id;
		let setPasswordUrl: string | undefined;
		if (!userId) {
			const [created] = await tx
				.insert(users)
				.values({
					email,
					name: input.name,
					country: input.country,
					dateOfBirth: input.dateOfBirth,
					passwordHash: await hashPassword(generateToken() + generateToken()),
					createdAt: now(),
					updatedAt: now()
				})
				.returning({ id: users.id });
			userId = created.id;
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
				data: { role: 'organizer', via: 'admin:create' }
			});
		return { created: !existing[0], setPasswordUrl };
	});
}
