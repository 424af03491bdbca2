import { describe, expect, it } from 'vitest';
import { characterCount, hasUnsafeCharacters, hasUnsafeCharactersInMultiline } from './text';

describe('text checks', () => {
	it('flags control characters and bidi overrides', () => {
		expect(hasUnsafeCharacters('Ji-woo Kim')).toBe(false);
		expect(hasUnsafeCharacters('김지우')).toBe(false);
		expect(hasUnsafeCharacters('a\u0000b')).toBe(true);
		expect(hasUnsafeCharacters('evil\u202Etxt.exe')).toBe(true);
		expect(hasUnsafeCharacters('line\nbreak')).toBe(true);
		expect(hasUnsafeCharactersInMultiline('line\nbreak\ttab')).toBe(false);
		expect(hasUnsafeCharactersInMultiline('bell\u0007')).toBe(true);
	});
	it('counts code points', () => {
		expect(characterCount('🐢a')).toBe(2);
	});
});
