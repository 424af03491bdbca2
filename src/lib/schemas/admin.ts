import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { hasUnsafeCharacters } from '$lib/domain/text';
import { searchField } from './fields';

export const roleChangeSchema = z.object({
	userId: z.uuid({ error: () => m.error_invalid_request() }),
	role: z.enum(['judge', 'organizer'], { error: () => m.error_unknown_role() })
});

/**
 * The page cursor (the last email address of the previous page). Links carry it, people do not
 * type it: any other shape is refused before it reaches the database (which rejects NUL bytes).
 */
const accountCursor = z
	.string()
	.max(254, { error: () => m.error_invalid_request() })
	.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_invalid_request() })
	.optional();

export const accountListQuerySchema = z.object({
	q: searchField,
	after: accountCursor
});
