import { and, eq, ne, sql } from 'drizzle-orm';
import { addMilliseconds, DAY, now } from '../clock';
import type { Executor } from '../db';
import { sessions, userRoles, users, type AppRole } from '../db/schema';
import { generateToken, hashToken } from './tokens';

export const SESSION_LIFETIME = 30 * DAY;
// Sliding expiry: a session used in its second half is pushed out to a full lifetime again.
const RENEW_WHEN_LESS_THAN = 15 * DAY;

export type SessionUser = {
	id: string;
	email: string;
	name: string;
	emailVerified: boolean;
	roles: AppRole[];
	locale: string;
};

export type ValidSession = { id: string; userId: string; expiresAt: Date };

export async function createSession(
	db: Executor,
	userId: string,
	details: { userAgent?: string | null; ipAddress?: string | null } = {}
): Promise<{ token: string; session: ValidSession }> {
	const token = generateToken();
	const id = hashToken(token);
	const createdAt = now();
	const expiresAt = addMilliseconds(createdAt, SESSION_LIFETIME);
	await db.insert(sessions).values({
		id,
		userId,
		expiresAt,
		createdAt,
		lastSeenAt: createdAt,
		userAgent: details.userAgent?.slice(0, 300) ?? null,
		ipAddress: details.ipAddress ?? null
	});
	return { token, session: { id, userId, expiresAt } };
}

export async function validateSessionToken(
	db: Executor,
	token: string
): Promise<{ session: ValidSession; user: SessionUser } | null> {
	const id = hashToken(token);
	const rows = await db
		.select({
			sessionId: sessions.id,
			expiresAt: sessions.expiresAt,
			userId: users.id,
			email: users.email,
			name: users.name,
			emailVerifiedAt: users.emailVerifiedAt,
			locale: users.locale,
			roles: sql<
				AppRole[]
			>`coalesce((select array_agg(${userRoles.role}::text order by ${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id))
		.limit(1);
	const row = rows[0];
	if (!row) return null;
	const current = now();
	if (current.getTime() >= row.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - current.getTime() < RENEW_WHEN_LESS_THAN) {
		expiresAt = addMilliseconds(current, SESSION_LIFETIME);
		await db.update(sessions).set({ expiresAt, lastSeenAt: current }).where(eq(sessions.id, id));
	}
	return {
		session: { id, userId: row.userId, expiresAt },
		user: {
			id: row.userId,
			email: row.email,
			name: row.name,
			emailVerified: row.emailVerifiedAt !== null,
			roles: parseRoles(row.roles),
			locale: row.locale
		}
	};
}

// postgres.js returns text[] as an array; PGlite may too, but be tolerant of '{a,b}'.
function parseRoles(value: unknown): AppRole[] {
	if (Array.isArray(value)) return value as AppRole[];
	if (typeof value === 'string')
		return value.replace(/^{|}$/g, '').split(',').filter(Boolean) as AppRole[];
	return [];
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateAllSessions(db: Executor, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function invalidateOtherSessions(
	db: Executor,
	userId: string,
	keepSessionId: string | undefined
): Promise<void> {
	await db
		.delete(sessions)
		.where(
			keepSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
				: eq(sessions.userId, userId)
		);
}
