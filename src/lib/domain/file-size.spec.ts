import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size';

const NBSP = '\u00a0';

describe('formatFileSize', () => {
	it('shows small files in bytes and kilobytes, never as 0.0 MB', () => {
		expect(formatFileSize(0, 'en')).toBe(`0${NBSP}B`);
		expect(formatFileSize(612, 'en')).toBe(`612${NBSP}B`);
		expect(formatFileSize(69 * 1024 + 300, 'en')).toBe(`69${NBSP}KB`);
		expect(formatFileSize(1536, 'en')).toBe(`1.5${NBSP}KB`);
	});

	it('shows megabytes with one decimal below ten', () => {
		expect(formatFileSize(1.25 * 1024 * 1024 + 1, 'en')).toBe(`1.3${NBSP}MB`);
		expect(formatFileSize(5 * 1024 * 1024, 'en')).toBe(`5${NBSP}MB`);
		expect(formatFileSize(60 * 1024 * 1024, 'en')).toBe(`60${NBSP}MB`);
		expect(formatFileSize(1536 * 1024 * 1024, 'en')).toBe(`1.5${NBSP}GB`);
	});

	it('moves to the next unit when rounding would reach it', () => {
		expect(formatFileSize(1023.8 * 1024, 'en')).toBe(`1${NBSP}MB`);
		expect(formatFileSize(1023, 'en')).toBe(`1,023${NBSP}B`);
		expect(formatFileSize(9.97 * 1024, 'en')).toBe(`10${NBSP}KB`);
	});

	it('follows the locale: Korean writes the unit without a space, French a decimal comma', () => {
		expect(formatFileSize(69 * 1024, 'ko')).toBe('69KB');
		expect(formatFileSize(1.25 * 1024 * 1024 + 1, 'ko')).toBe('1.3MB');
		expect(formatFileSize(1.25 * 1024 * 1024 + 1, 'fr')).toBe(`1,3${NBSP}MB`);
	});
});
