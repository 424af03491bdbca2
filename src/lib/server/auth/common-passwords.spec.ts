import { describe, expect, it } from 'vitest';
import { commonPasswordCount, isCommonPassword } from './common-passwords';

describe('common password list', () => {
	it('holds at least 10,000 passwords', () => {
		expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
	});
	it('matches regardless of case', () => {
		expect(isCommonPassword('password')).toBe(true);
		expect(isCommonPassword('PassWord')).toBe(true);
		expect(isCommonPassword('a long passphrase nobody uses')).toBe(false);
	});
});
