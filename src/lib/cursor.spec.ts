import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

const isPair = (value: unknown): value is [string, number] =>
	Array.isArray(value) &&
	value.length === 2 &&
	typeof value[0] === 'string' &&
	typeof value[1] === 'number';

describe('cursor codec', () => {
	it('round-trips values, Korean text included, as URL-safe text', () => {
		const cursor = encodeCursor(['서연 이?/+', 42]);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(cursor).toBe(Buffer.from(JSON.stringify(['서연 이?/+', 42])).toString('base64url'));
		expect(decodeCursor(cursor, isPair)).toEqual(['서연 이?/+', 42]);
	});

	it('refuses what it did not write', () => {
		for (const cursor of ['', 'page-2@example.org', 'x'.repeat(255), 'a', '%%%', 'x'.repeat(601)])
			expect(decodeCursor(cursor, isPair)).toBeNull();
		expect(decodeCursor(encodeCursor(['only one']), isPair)).toBeNull();
		expect(decodeCursor(Buffer.from('[1,').toString('base64url'), isPair)).toBeNull();
	});
});
