import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { searchField } from './fields';

export const roleChangeSchema = z.object({
	userId: z.uuid({ error: () => m.error_invalid_request() }),
	role: z.enum(['judge', 'organizer'], { error: () => m.error_unknown_role() })
});

export const accountListQuerySchema = z.object({
	q: searchField,
	after: z.string().max(254).optional()
});
