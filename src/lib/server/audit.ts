import { now } from './clock';
import type { Executor } from './db';
import { auditLog } from './db/schema';

export type AuditEntry = {
	actorId: string | null;
	action: string;
	entityType: string;
	entityId?: string | null;
	data?: Record<string, unknown>;
	ipAddress?: string | null;
};

/** Records who did what to which record. Call it inside the transaction of the change. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
	await db.insert(auditLog).values({
		actorId: entry.actorId,
		action: entry.action,
		entityType: entry.entityType,
		entityId: entry.entityId ?? null,
		data: entry.data ?? {},
		ipAddress: entry.ipAddress ?? null,
		createdAt: now()
	});
}
