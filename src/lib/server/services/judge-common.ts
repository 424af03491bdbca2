import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { isKnownCountry } from '$lib/domain/countries';
import { hasUnsafeCharacters, hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../db';
import { decodeCursor, encodeCursor } from './listing';

/** Shared by the judge rooms: invitations, profiles and conflicts. */
export const JUDGE_LIMITS = { organization: 200, bio: 1000, reason: 1000, value: 200 } as const;
export const JUDGE_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// Form schemas (the services re-check what needs the database).

export const singleLine = (max: number) =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() });

export const multiLine = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharactersInMultiline(value), {
			error: () => m.error_control_characters()
		})
		.default('');

export const optionalCountry = z
	.string()
	.trim()
	.toUpperCase()
	.refine((value) => value === '' || isKnownCountry(value), {
		error: () => m.error_country_unknown()
	})
	.default('');

export const uuidField = z.uuid({ error: () => m.error_invalid_request() });

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Serializes concurrent writers of one key for the rest of the transaction. */
export async function lockKey(db: Executor, key: string) {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

// Keyset cursors of the judge lists.

export { encodeCursor };

const isTextPair = (value: unknown): value is [string, string] =>
	Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

/** A cursor holding two texts, or null when there is none or it is not one. */
export function textPairCursor(cursor: string | undefined) {
	return cursor ? decodeCursor(cursor, isTextPair) : null;
}

/** A cursor holding an instant and a uuid, or null when it is not one. */
export function timeCursor(cursor: string | undefined) {
	const parts = textPairCursor(cursor);
	if (!parts || !UUID.test(parts[1]) || Number.isNaN(Date.parse(parts[0]))) return null;
	return { at: parts[0], id: parts[1] };
}
