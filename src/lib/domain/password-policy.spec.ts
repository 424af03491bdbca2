import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy';

const common = new Set(['passwordpassword', '123456789012']);
const isCommon = (value: string) => common.has(value.toLowerCase());

describe('checkPassword', () => {
	it.each([
		['', 'too_short'],
		['short', 'too_short'],
		['elevenchars', 'too_short'],
		['a'.repeat(257), 'too_long'],
		['PasswordPassword', 'too_common'],
		['123456789012', 'too_common'],
		['tab\tinside password', 'control_characters'],
		['nul\u0000inside password', 'control_characters']
	])('rejects %j as %s', (password, problem) => {
		expect(checkPassword(password, isCommon)).toBe(problem);
	});

	it.each([
		'correct horse battery staple',
		'a'.repeat(256),
		'비밀번호는길어야안전합니다',
		'🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢',
		'no rules at all here'
	])('accepts %j', (password) => {
		expect(checkPassword(password, isCommon)).toBeNull();
	});

	it('counts characters, not UTF-16 units: 12 emoji are 12 characters', () => {
		expect(checkPassword('🐢'.repeat(11), isCommon)).toBe('too_short');
		expect(checkPassword('🐢'.repeat(12), isCommon)).toBeNull();
	});
});
