/**
 * Helpers shared by the listings: literal LIKE patterns and opaque keyset cursors ($lib/cursor).
 */

/** The text as a literal inside a LIKE/ILIKE pattern (its % and _ match only themselves). */
export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** `%text%`, matching the text anywhere, literally. */
export function containsPattern(value: string): string {
	return `%${escapeLike(value)}%`;
}

export { decodeCursor, encodeCursor } from '$lib/cursor';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
