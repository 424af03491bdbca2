import { describe, expect, it } from 'vitest';
import { dateTimeFormat, memo, numberFormat } from './intl';
import { canonicalTimeZone } from './zoned-time';

describe('shared Intl formatters', () => {
	it('builds each locale and option set once', () => {
		const first = dateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Seoul' });
		expect(dateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Seoul' })).toBe(first);
		expect(dateTimeFormat('ko-KR', { dateStyle: 'long', timeZone: 'Asia/Seoul' })).not.toBe(first);
		expect(numberFormat('ko', { maximumFractionDigits: 1 })).toBe(
			numberFormat('ko', { maximumFractionDigits: 1 })
		);
	});

	it('keeps nothing for an unknown zone, and stays bounded whatever the keys', () => {
		expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
		const cache = new Map<string, number>();
		for (let index = 0; index < 2000; index++) memo(cache, `key ${index}`, () => index);
		expect(cache.size).toBeLessThanOrEqual(512);
		expect(memo(cache, 'key 1999', () => -1)).toBe(1999);
	});

	it('writes a zone canonically and refuses what is not one', () => {
		expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul');
		expect(canonicalTimeZone('UTC')).toBe('UTC');
		for (const value of ['Mars/Olympus', '', null, undefined, 'A'.repeat(65), '../etc/passwd'])
			expect(canonicalTimeZone(value)).toBeNull();
	});
});
