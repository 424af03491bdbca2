import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { searchField } from './fields';

/** Query strings of the organizer's entry list and audit log (GET forms, shareable links). */

export const ENTRY_STATUSES = ['draft', 'submitted', 'withdrawn'] as const;

/** Families of audit actions an organizer can filter by (the part before the dot). */
export const AUDIT_ACTION_GROUPS = [
	'team',
	'entry',
	'consent',
	'role',
	'user',
	'challenge',
	'rubric',
	'round',
	'assignment',
	'judge',
	'score'
] as const;
export type AuditActionGroup = (typeof AUDIT_ACTION_GROUPS)[number];

// An empty select or text box means "any".
const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);

const cursorField = z.preprocess(
	blankAsMissing,
	z
		.string()
		.max(600, { error: () => m.organizer_error_page() })
		.regex(/^[A-Za-z0-9_-]+$/, { error: () => m.organizer_error_page() })
		.optional()
);

export const entryListQuerySchema = z.object({
	q: searchField,
	status: z.preprocess(
		blankAsMissing,
		z.enum(ENTRY_STATUSES, { error: () => m.organizer_error_status() }).optional()
	),
	track: z.preprocess(
		blankAsMissing,
		z.uuid({ error: () => m.organizer_error_track() }).optional()
	),
	after: cursorField
});

export const auditListQuerySchema = z.object({
	action: z.preprocess(
		blankAsMissing,
		z.enum(AUDIT_ACTION_GROUPS, { error: () => m.organizer_error_action() }).optional()
	),
	actor: searchField,
	after: cursorField
});

export const entryIdSchema = z.uuid();
