import { and, isNull, ne } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { assignments, entries } from '../../db/schema';
import { ServiceError } from '../../errors';

export const MAX_SHEET_TEXT = 4000;
export const MAX_CRITERION_COMMENT = 2000;

export type ScoreStatusView = 'not_started' | 'draft' | 'submitted';

/**
 * An assignment its judge works on: not suspended by a conflict (see assignments.suspendedAt),
 * of an entry still in competition (a withdrawn entry leaves judging). Every judge-facing read
 * and write goes through it.
 */
export const liveAssignment = and(isNull(assignments.suspendedAt), ne(entries.status, 'withdrawn'));

// ---------------------------------------------------------------------------------------------
// Dashboard

export function checkText(value: unknown, field: string, max: number): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') throw new ServiceError(400, m.form_has_errors(), field);
	if (value.length > max) throw new ServiceError(400, m.judge_text_too_long({ max }), field);
	return value;
}
