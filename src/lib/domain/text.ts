/** C0/C1 control characters and the invisible bidi overrides used to disguise text. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/u;
const UNSAFE_CHARACTERS_EXCEPT_NEWLINES = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFEFF]/u;

export function hasUnsafeCharacters(value: string): boolean {
	return UNSAFE_CHARACTERS.test(value);
}

/** Multi-line text may contain line breaks and tabs, nothing else invisible. */
export function hasUnsafeCharactersInMultiline(value: string): boolean {
	return UNSAFE_CHARACTERS_EXCEPT_NEWLINES.test(value.replace(/[\r\n\t]/g, ''));
}

/** Length as a person counts it (code points, so an emoji is one). */
export function characterCount(value: string): number {
	return [...value].length;
}
