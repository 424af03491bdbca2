/**
 * The one keyset cursor codec of every list: a position as an opaque URL-safe token (base64url
 * of JSON). Opaque so nobody builds links that depend on how a list is sorted; validated on the
 * way back in because it comes from the URL. No Node API, so form schemas check it too.
 */

/** The values as a cursor. */
export function encodeCursor(values: readonly (string | number)[]): string {
	const bytes = new TextEncoder().encode(JSON.stringify(values));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The values of a cursor, or null when it is not one this portal wrote. */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T | null {
	if (!/^[A-Za-z0-9_-]{1,600}$/.test(cursor)) return null;
	try {
		const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
		const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		return accept(value) ? value : null;
	} catch {
		return null;
	}
}
