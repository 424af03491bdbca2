import { and, asc, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { isAccountCursor } from '$lib/schemas/admin';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor } from '../db';
import { userRoles, users, type AppRole } from '../db/schema';
import { ServiceError } from '../errors';
import { isSoleOrganizer } from './accounts';
import type { Actor } from '../request';
import { containsPattern, decodeCursor, encodeCursor } from './listing';

export const ACCOUNTS_PAGE_SIZE = 25;

/**
 * One page of accounts, ordered by email, continuing after `after` (keyset pagination: the
 * cost of a page does not grow with its position). `after` is an opaque cursor like every other
 * list's; one that is not (an old link with a bare email address) starts at the first page.
 */
export async function listAccounts(
	db: Executor,
	options: { search: string; after?: string; pageSize?: number }
) {
	const pageSize = options.pageSize ?? ACCOUNTS_PAGE_SIZE;
	const pattern = containsPattern(options.search);
	const after = options.after ? decodeCursor(options.after, isAccountCursor)?.[0] : undefined;
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			country: users.country,
			emailVerified: sql<boolean>`${users.emailVerifiedAt} is not null`,
			createdAt: users.createdAt,
			roles: sql<string>`coalesce((select string_agg(${userRoles.role}::text, ',' order by ${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '')`
		})
		.from(users)
		.where(
			and(
				// Stand-ins for deleted judges' reviews are not accounts anyone manages.
				isNull(users.deletedAt),
				options.search ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined,
				after === undefined ? undefined : gt(users.email, after)
			)
		)
		.orderBy(asc(users.email))
		.limit(pageSize + 1);
	const page = rows.slice(0, pageSize).map((row) => ({
		...row,
		roles: row.roles ? (row.roles.split(',') as AppRole[]) : []
	}));
	const last = page.at(-1);
	return {
		accounts: page,
		nextAfter: rows.length > pageSize && last ? encodeCursor([last.email]) : undefined
	};
}

async function findTarget(db: Executor, userId: string) {
	const [target] = await db
		.select({
			id: users.id,
			name: users.name,
			emailVerifiedAt: users.emailVerifiedAt,
			deletedAt: users.deletedAt
		})
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	if (!target || target.deletedAt) throw new ServiceError(404, m.error_unknown_user(), 'userId');
	return { id: target.id, name: target.name, emailVerified: target.emailVerifiedAt !== null };
}

export async function grantRole(
	db: Database,
	actor: Actor,
	input: { userId: string; role: AppRole }
) {
	const { actorId } = actor;
	return db.transaction(async (tx) => {
		const target = await findTarget(tx, input.userId);
		// Whoever registered an address first, without ever confirming it, must not gain the
		// address owner's powers: judges and organizers have proven their mailbox.
		if (!target.emailVerified) throw new ServiceError(409, m.admin_error_role_unverified(), 'role');
		const inserted = await tx
			.insert(userRoles)
			.values({ userId: input.userId, role: input.role, grantedBy: actorId, grantedAt: now() })
			.onConflictDoNothing()
			.returning({ userId: userRoles.userId });
		if (inserted.length > 0)
			await recordAudit(tx, {
				actorId,
				action: 'role.grant',
				entityType: 'user',
				entityId: input.userId,
				data: { role: input.role },
				ipAddress: actor.ipAddress
			});
		return target;
	});
}

export async function revokeRole(
	db: Database,
	actor: Actor,
	input: { userId: string; role: AppRole }
) {
	const { actorId } = actor;
	return db.transaction(async (tx) => {
		const target = await findTarget(tx, input.userId);
		if (input.role === 'organizer' && (await isSoleOrganizer(tx, input.userId)))
			throw new ServiceError(409, m.error_last_organizer(), 'role');
		const deleted = await tx
			.delete(userRoles)
			.where(and(eq(userRoles.userId, input.userId), eq(userRoles.role, input.role)))
			.returning({ userId: userRoles.userId });
		if (deleted.length > 0)
			await recordAudit(tx, {
				actorId,
				action: 'role.revoke',
				entityType: 'user',
				entityId: input.userId,
				data: { role: input.role },
				ipAddress: actor.ipAddress
			});
		return target;
	});
}
