import { describe, expect, it } from 'vitest';
import { landingPath } from './landing';

describe('landingPath', () => {
	it.each([
		[{ roles: ['organizer'] as const, inTeam: false }, '/admin'],
		[{ roles: ['judge', 'organizer'] as const, inTeam: false }, '/admin'],
		[{ roles: ['judge'] as const, inTeam: false }, '/judge'],
		[{ roles: ['judge'] as const, inTeam: true }, '/judge'],
		[{ roles: [] as const, inTeam: true }, '/team'],
		[{ roles: [] as const, inTeam: false }, '/account']
	])('%j → %s', (facts, expected) => {
		expect(landingPath(facts)).toBe(expected);
	});
});
