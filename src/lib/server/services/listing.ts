/**
 * Helpers shared by the organizer listings: literal LIKE patterns and opaque keyset cursors.
 */

/** The text as a literal inside a LIKE/ILIKE pattern (its % and _ match only themselves). */
export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** `%text%`, matching the text anywhere, literally. */
export function containsPattern(value: string): string {
	return `%${escapeLike(value)}%`;
}

/**
 * A keyset position as an opaque URL-safe token. Opaque so nobody builds links that depend on
 * how a listing is sorted; validated on the way back in because it comes from the URL.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
	return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values of a cursor, or null when it is not one this portal wrote. */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T | null {
	if (!/^[A-Za-z0-9_-]{1,600}$/.test(cursor)) return null;
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		return accept(value) ? value : null;
	} catch {
		return null;
	}
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
