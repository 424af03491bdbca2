import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { decodeCursor } from '$lib/cursor';
import { hasUnsafeCharacters } from '$lib/domain/text';
import { searchField } from './fields';

export const roleChangeSchema = z.object({
	userId: z.uuid({ error: () => m.error_invalid_request() }),
	role: z.enum(['judge', 'organizer'], { error: () => m.error_unknown_role() })
});

/**
 * The page cursor (an opaque token holding the last email address of the previous page, as
 * services/listing writes it). Links carry it, people do not type it: any other shape is refused
 * before it reaches the database (which rejects NUL bytes).
 */
const accountCursor = z
	.string()
	.max(600, { error: () => m.error_invalid_request() })
	.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_invalid_request() })
	// An old link with a bare email address is refused here too (a 400 with the search form).
	.refine((value) => decodeCursor(value, isAccountCursor) !== null, {
		error: () => m.error_invalid_request()
	})
	.optional();

/** The values an accounts-list cursor holds: the last email address of the previous page. */
export function isAccountCursor(value: unknown): value is [string] {
	return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string';
}

export const accountListQuerySchema = z.object({
	q: searchField,
	after: accountCursor
});
