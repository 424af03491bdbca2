import { dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn-ts' list of commonly used passwords (about 49,000 entries).
let list: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
	list ??= new Set(
		(dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase())
	);
	return list.has(password.toLowerCase()) || list.has(password.normalize('NFKC').toLowerCase());
}

export function commonPasswordCount(): number {
	isCommonPassword('');
	return list?.size ?? 0;
}
