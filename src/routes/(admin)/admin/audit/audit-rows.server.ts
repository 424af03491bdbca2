import { type DisplayZones, formatDateTime } from '$lib/server/format';
import type { AuditRecord } from '$lib/server/services/admin-audit';

export type AuditRow = {
	id: number;
	iso: string;
	when: string;
	actor: { name: string; email: string } | null;
	action: string;
	entityType: string;
	entityName: string | null;
	/** The entry detail page a team or entry record leads to. */
	entryId: string | null;
	details: string;
};

const MAX_VALUE_LENGTH = 80;

function compactValue(value: unknown): string {
	const text = Array.isArray(value)
		? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(',')
		: typeof value === 'string'
			? value
			: JSON.stringify(value);
	const short =
		[...text].length > MAX_VALUE_LENGTH
			? `${[...text].slice(0, MAX_VALUE_LENGTH).join('')}…`
			: text;
	// Quoted only when a space or an equals sign would make the pairs ambiguous.
	return /[\s="]/.test(short) ? JSON.stringify(short) : short;
}

/** `step=basics fields=title,tagline`: the record's data as one short line. */
export function compactDetails(data: Record<string, unknown>): string {
	return Object.entries(data)
		.map(([key, value]) => `${key}=${compactValue(value)}`)
		.join(' ');
}

/** Audit records as the tables show them: times named with their zone, data on one line. */
export function auditRows(records: AuditRecord[], locale: string, zones: DisplayZones): AuditRow[] {
	return records.map((record) => ({
		id: record.id,
		iso: record.createdAt.toISOString(),
		when: formatDateTime(record.createdAt, locale, zones),
		actor:
			record.actorName !== null ? { name: record.actorName, email: record.actorEmail ?? '' } : null,
		action: record.action,
		entityType: record.entityType,
		entityName: record.entityName,
		entryId: record.entryId,
		details: compactDetails(record.data ?? {})
	}));
}
