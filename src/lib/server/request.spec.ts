import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './request';

describe('safeRedirectPath', () => {
	it.each([
		['/account', '/account'],
		['/admin/accounts?q=a', '/admin/accounts?q=a'],
		['https://evil.example', '/'],
		['//evil.example', '/'],
		['/\\evil.example', '/'],
		['javascript:alert(1)', '/'],
		['/ok\r\nSet-Cookie: x=1', '/'],
		[null, '/'],
		[42, '/']
	])('%j → %j', (input, expected) => {
		expect(safeRedirectPath(input)).toBe(expected);
	});
});
