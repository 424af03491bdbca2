import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './outbox';

describe('scrubSecrets', () => {
	it('removes tokens from mailed links and keeps the rest', () => {
		expect(scrubSecrets('Open https://p.example/reset-password?token=abc234xyz now')).toBe(
			'Open https://p.example/reset-password?token=removed now'
		);
		expect(scrubSecrets('<a href="https://p.example/x?a=1&amp;token=qq77">')).toBe(
			'<a href="https://p.example/x?a=1&amp;token=removed">'
		);
		expect(scrubSecrets('no links here')).toBe('no links here');
	});
});
