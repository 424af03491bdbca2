import { and, eq } from 'drizzle-orm';
import { landingPath, type LandingPath } from '$lib/domain/landing';
import { m } from '$lib/paraglide/messages';
import { verifyAttempt } from '../../auth/password';
import { createSession, invalidateAllSessions, invalidateSession } from '../../auth/session';
import type { Database, Executor } from '../../db';
import { challenges, teamMembers, userRoles, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import {
	addressNetwork,
	addressRateLimitKey,
	enforceRateLimits,
	rateLimitKey,
	resetRateLimitHits
} from '../../rate-limit';
import { ADDRESS_SCOPES, rateLimitRules } from '../../rate-limit-rules';
import type { Actor, RequestContext } from '../../request';
import { refundAttempt, auditOwnAccount, findUserByEmail } from './shared';

/** Before sign-in there is no actor: it takes the request (`fn(db, request, input)`). */
export async function signIn(
	db: Database,
	request: RequestContext,
	input: { email: string; password: string }
) {
	const accountLimit = {
		key: rateLimitKey('signin:account', input.email),
		rule: rateLimitRules.signInAccount()
	};
	const ipLimit = {
		key: addressRateLimitKey(ADDRESS_SCOPES.signIn, request.ipAddress),
		rule: rateLimitRules.signInIp()
	};
	// Counted before the password is hashed: a burst of guesses gets exactly the limit's worth
	// of verifications, the rest are refused without costing a hash.
	await enforceRateLimits(db, [ipLimit, accountLimit]);
	const user = await findUserByEmail(db, input.email);
	const valid = await verifyAttempt(
		{ account: accountLimit.key, network: addressNetwork(request.ipAddress) },
		user?.passwordHash ?? null,
		input.password
	);
	if (!user || !valid) throw new ServiceError(400, m.error_invalid_credentials(), 'email');
	await refundAttempt(db, [ipLimit]);
	await resetRateLimitHits(db, accountLimit.key);
	return db.transaction(async (tx) => {
		await auditOwnAccount(tx, user.id, 'user.sign_in', request.ipAddress);
		return createSession(tx, user.id, request);
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

export async function signOutEverywhere(db: Database, actor: Actor) {
	const userId = actor.actorId;
	await db.transaction(async (tx) => {
		await invalidateAllSessions(tx, userId);
		// Links still out would let whoever started them back in (an email change is a takeover).
		await tx.delete(userTokens).where(eq(userTokens.userId, userId));
		await auditOwnAccount(tx, userId, 'user.sign_out_everywhere', actor.ipAddress);
	});
}

/** Mails a reset link when the address has an account; the answer is the same either way. */
