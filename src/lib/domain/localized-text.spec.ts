import { describe, expect, it } from 'vitest';
import { localize } from './localized-text';

describe('localize', () => {
	it('picks the language and falls back to English', () => {
		expect(localize({ en: 'Transport', ko: '교통' }, 'ko')).toBe('교통');
		expect(localize({ en: 'Transport' }, 'ko')).toBe('Transport');
		expect(localize({ en: 'Transport', ko: '  ' }, 'ko')).toBe('Transport');
		expect(localize(null, 'en')).toBe('');
	});
});
