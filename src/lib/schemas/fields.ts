import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { hasUnsafeCharacters } from '$lib/domain/text';

/** Reusable field schemas; their messages are localized when a request parses them. */

export const requiredText = (max: number) =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() });

export const emailField = z
	.string({ error: () => m.error_required() })
	.trim()
	.min(1, { error: () => m.error_required() })
	.max(254, { error: () => m.error_too_long({ max: 254 }) })
	.toLowerCase()
	.pipe(z.email({ error: () => m.error_email_invalid() }));

export const searchField = z
	.string()
	.trim()
	.max(100, { error: () => m.error_too_long({ max: 100 }) })
	.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() })
	.default('');
