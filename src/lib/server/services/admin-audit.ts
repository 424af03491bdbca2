import { and, desc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../db';
import { auditLog, entries, teams, users } from '../db/schema';
import { ServiceError } from '../errors';
import { containsPattern, decodeCursor, encodeCursor, escapeLike } from './listing';

export const AUDIT_PAGE_SIZE = 50;

export type AuditListOptions = {
	/** An exact action (`team.create`), or a prefix ending in a dot (`team.`). */
	action?: string;
	entityType?: string;
	/** Only the records about these entities (an entry's history: the entry and its team). */
	entities?: { type: string; id: string }[];
	/** Part of the actor's name or email. */
	actor?: string;
	/** Cursor from a previous page's `nextAfter`. */
	after?: string;
	pageSize?: number;
};

/** created_at as UTC text with microseconds: a Date (milliseconds) would lose the order. */
type AuditCursor = [createdAt: string, id: number];

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

const isAuditCursor = (value: unknown): value is AuditCursor =>
	Array.isArray(value) &&
	value.length === 2 &&
	typeof value[0] === 'string' &&
	TIMESTAMP.test(value[0]) &&
	Number.isSafeInteger(value[1]) &&
	(value[1] as number) > 0;

const actor = alias(users, 'actor');

const exactCreatedAt = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** entity_id is free text: cast it only when it is a uuid, so other ids never make SQL fail. */
const entityUuid = sql`(case when ${auditLog.entityId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${auditLog.entityId}::uuid end)`;

/** The name of what a record is about, as it is now (null once deleted). */
const entityName = sql<string | null>`case ${auditLog.entityType}
	when 'team' then (select ${teams.name} from ${teams} where ${teams.id} = ${entityUuid})
	when 'entry' then (select ${teams.name} from ${entries} inner join ${teams} on ${teams.id} = ${entries.teamId} where ${entries.id} = ${entityUuid})
	when 'user' then (select ${users.name} from ${users} where ${users.id} = ${entityUuid})
end`;

/** The entry a team or entry record leads to, for a link to it. */
const entryId = sql<string | null>`case ${auditLog.entityType}
	when 'team' then (select ${entries.id} from ${entries} where ${entries.teamId} = ${entityUuid})
	when 'entry' then (select ${entries.id} from ${entries} where ${entries.id} = ${entityUuid})
end`;

function actionFilter(action: string | undefined): SQL | undefined {
	if (!action) return undefined;
	return action.endsWith('.')
		? like(auditLog.action, `${escapeLike(action)}%`)
		: eq(auditLog.action, action);
}

/**
 * The audit log, newest first, with the actor's name and email (null when the change was made
 * by the system, a guardian without an account, or an account deleted since). Keyset paging on
 * (created_at, id), so a page costs the same wherever it is.
 */
export async function listAudit(db: Executor, options: AuditListOptions = {}) {
	const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
	let after: AuditCursor | null = null;
	if (options.after) {
		after = decodeCursor(options.after, isAuditCursor);
		if (!after) throw new ServiceError(400, m.organizer_error_page(), 'after');
	}
	const search = options.actor?.trim();
	const rows = await db
		.select({
			id: auditLog.id,
			createdAt: auditLog.createdAt,
			exactCreatedAt,
			action: auditLog.action,
			entityType: auditLog.entityType,
			entityId: auditLog.entityId,
			data: auditLog.data,
			actorId: auditLog.actorId,
			actorName: actor.name,
			actorEmail: actor.email,
			entityName,
			entryId
		})
		.from(auditLog)
		.leftJoin(actor, eq(actor.id, auditLog.actorId))
		.where(
			and(
				actionFilter(options.action),
				options.entityType ? eq(auditLog.entityType, options.entityType) : undefined,
				options.entities
					? options.entities.length
						? or(
								...options.entities.map((entity) =>
									and(eq(auditLog.entityType, entity.type), eq(auditLog.entityId, entity.id))
								)
							)
						: sql`false`
					: undefined,
				search
					? or(
							ilike(actor.name, containsPattern(search)),
							ilike(actor.email, containsPattern(search))
						)
					: undefined,
				after
					? sql`(${auditLog.createdAt}, ${auditLog.id}) < (cast(${after[0]} as timestamp) at time zone 'UTC', ${after[1]}::bigint)`
					: undefined
			)
		)
		.orderBy(desc(auditLog.createdAt), desc(auditLog.id))
		.limit(pageSize + 1);
	const page = rows.slice(0, pageSize).map(({ exactCreatedAt: _exact, ...row }) => row);
	const last = rows.length > pageSize ? rows[pageSize - 1] : undefined;
	return {
		records: page,
		nextAfter: last ? encodeCursor([last.exactCreatedAt, last.id]) : undefined
	};
}

export type AuditRecord = Awaited<ReturnType<typeof listAudit>>['records'][number];
