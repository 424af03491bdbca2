import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
	it('uses argon2id with at least OWASP’s parameters (m=19 MiB, t=2, p=1)', async () => {
		const hash = await hashPassword('correct horse battery staple');
		const [, algorithm, version, parameters] = hash.split('$');
		expect(algorithm).toBe('argon2id');
		expect(version).toBe('v=19');
		const values = Object.fromEntries(
			(parameters ?? '').split(',').map((pair) => pair.split('=') as [string, string])
		);
		expect(Number(values.m)).toBeGreaterThanOrEqual(19_456);
		expect(Number(values.t)).toBeGreaterThanOrEqual(2);
		expect(Number(values.p)).toBe(1);
	});

	it('never truncates: 256 characters that differ only in the last one do not match', async () => {
		const long = 'ß漢🙂a'.repeat(64);
		expect([...long]).toHaveLength(256);
		const hash = await hashPassword(long);
		expect(await verifyPassword(hash, long)).toBe(true);
		expect(await verifyPassword(hash, long.slice(0, -1) + 'b')).toBe(false);
		expect(await verifyPassword(hash, long.slice(0, -1))).toBe(false);
	});

	it('treats the same text in another Unicode form as the same password', async () => {
		const composed = 'café governance 2026';
		const decomposed = composed.normalize('NFD');
		expect(decomposed).not.toBe(composed);
		expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
	});
});
