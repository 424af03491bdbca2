import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, violatedConstraint } from './errors';

describe('database errors', () => {
	it('recognises an unreachable or restarting database, however wrapped', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
			code: 'ECONNREFUSED'
		});
		expect(isDatabaseUnavailable(refused)).toBe(true);
		expect(isDatabaseUnavailable({ message: 'Failed query', cause: refused })).toBe(true);
		expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection' })).toBe(true);
		expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
		expect(isDatabaseUnavailable({ code: 'CONNECTION_CLOSED' })).toBe(true);
	});

	it('does not mistake other errors for an outage', () => {
		expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
		expect(isDatabaseUnavailable({ code: '23505', constraint_name: 'users_email_key' })).toBe(
			false
		);
		expect(isDatabaseUnavailable({ code: '42P01' })).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
		expect(violatedConstraint({ cause: { constraint: 'x_key' } })).toBe('x_key');
	});
});
