/**
 * Saving one step of an entry that others may be editing too: a three-way merge per field.
 * The form carries a fingerprint of each field as it was when the page was rendered (the base).
 * A field that nobody else changed since takes the new value; a field that only others changed
 * keeps theirs; a field that both changed differently is a conflict, and nothing is saved until
 * the person has seen the other text. No text is ever silently overwritten.
 */
export type FieldValue = string | string[] | number[] | null;

export function fingerprint(value: FieldValue): string {
	const text = JSON.stringify(value ?? null);
	// FNV-1a, 64-bit, as hex: only needs to tell versions of one field apart.
	let hash = 0xcbf29ce484222325n;
	for (let index = 0; index < text.length; index++) {
		hash ^= BigInt(text.charCodeAt(index));
		hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return hash.toString(16).padStart(16, '0');
}

export type MergeResult<Key extends string> = {
	/** Values to write (only fields whose stored value changes). */
	changes: Partial<Record<Key, FieldValue>>;
	/** Fields changed both here and elsewhere since the base. */
	conflicts: Key[];
};

export function mergeFields<Key extends string>(
	keys: readonly Key[],
	mine: Record<Key, FieldValue>,
	stored: Record<Key, FieldValue>,
	base: Partial<Record<Key, string>>
): MergeResult<Key> {
	const changes: Partial<Record<Key, FieldValue>> = {};
	const conflicts: Key[] = [];
	for (const key of keys) {
		const storedPrint = fingerprint(stored[key]);
		const minePrint = fingerprint(mine[key]);
		if (minePrint === storedPrint) continue;
		const basePrint = base[key];
		// Unchanged here: whatever is stored stays.
		if (basePrint !== undefined && minePrint === basePrint) continue;
		// Nobody else touched it (or the form had no base): take mine.
		if (basePrint === undefined || basePrint === storedPrint) {
			changes[key] = mine[key];
			continue;
		}
		conflicts.push(key);
	}
	return { changes, conflicts };
}
