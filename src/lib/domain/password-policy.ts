import { characterCount, hasUnsafeCharacters } from './text';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'control_characters' | 'too_common';

/**
 * NIST SP 800-63B style: length limits, any Unicode, no composition rules, and no password that
 * appears on a list of commonly used ones. The list is passed in so this stays pure.
 */
export function checkPassword(
	password: string,
	isCommon: (candidate: string) => boolean
): PasswordProblem | null {
	const length = characterCount(password);
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	if (hasUnsafeCharacters(password)) return 'control_characters';
	if (isCommon(password)) return 'too_common';
	return null;
}
