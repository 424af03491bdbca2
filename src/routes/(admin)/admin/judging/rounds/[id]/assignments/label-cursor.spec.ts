import { describe, expect, it } from 'vitest';
import { encodeCursor } from '$lib/cursor';
import { afterLabel, labelCursor } from './label-cursor';

const pageUrl = (after?: string) =>
	new URL(`http://localhost/admin/judging/rounds/x/assignments${after ? `?after=${after}` : ''}`);

describe('the ?after= cursor of the assignment and progress tables', () => {
	it('is opaque and reads back as the label it was written from', () => {
		const cursor = labelCursor(12);
		expect(cursor).not.toBeNull();
		expect(cursor).not.toBe('12');
		expect(afterLabel(pageUrl(cursor!))).toBe(12);
	});

	it('is absent when there is no next page', () => {
		expect(labelCursor(null)).toBeNull();
	});

	it('reads anything else as the first page', () => {
		for (const after of [
			undefined,
			'12',
			'bad!',
			encodeCursor([0]),
			encodeCursor([-3]),
			encodeCursor([1.5]),
			encodeCursor(['12']),
			encodeCursor([1, 2])
		])
			expect(afterLabel(pageUrl(after)), String(after)).toBeUndefined();
	});
});
