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

	it('removes an invitation token carried encoded in a confirmation link', () => {
		expect(
			scrubSecrets('https://p.example/verify-email?next=%2Fjoin%3Ftoken%3Dinv123abc&token=ver456')
		).toBe('https://p.example/verify-email?next=%2Fjoin%3Ftoken%3Dremoved&token=removed');
		expect(scrubSecrets('next=%2Fjoin%3ftoken%3dinv123abc')).toBe('next=%2Fjoin%3ftoken%3dremoved');
	});
});
