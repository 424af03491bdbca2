import { describe, expect, it } from 'vitest';
import { nextStatus, refusal } from './entry-status';

const opensAt = new Date('2026-11-01T00:00:00Z');
const deadline = new Date('2027-02-08T14:59:00Z');
const during = { opensAt, deadline, now: new Date('2027-01-01T00:00:00Z') };

describe('entry status rules', () => {
	it('allows editing, submitting and withdrawing before the deadline', () => {
		expect(refusal('draft', 'edit', during)).toBeNull();
		expect(refusal('draft', 'submit', during)).toBeNull();
		expect(refusal('submitted', 'submit', during)).toBeNull();
		expect(refusal('submitted', 'withdraw', during)).toBeNull();
		expect(refusal('withdrawn', 'submit', during)).toBeNull();
	});
	it('makes everything read-only from the deadline on', () => {
		const at = { ...during, now: deadline };
		for (const action of ['edit', 'submit', 'withdraw'] as const)
			expect(refusal('submitted', action, at)).toBe('deadline_passed');
	});
	it('refuses a submission before submissions open, and withdrawing what was not submitted', () => {
		expect(refusal('draft', 'submit', { ...during, now: new Date('2026-10-31T23:59:59Z') })).toBe(
			'not_open'
		);
		expect(
			refusal('draft', 'edit', { ...during, now: new Date('2026-10-31T23:59:59Z') })
		).toBeNull();
		expect(refusal('draft', 'withdraw', during)).toBe('not_submitted');
		expect(refusal('withdrawn', 'withdraw', during)).toBe('not_submitted');
	});
	it('moves between states', () => {
		expect(nextStatus('draft', 'submit')).toBe('submitted');
		expect(nextStatus('submitted', 'withdraw')).toBe('withdrawn');
		expect(nextStatus('withdrawn', 'submit')).toBe('submitted');
		expect(nextStatus('submitted', 'edit')).toBe('submitted');
	});
});
