import { describe, expect, it } from 'vitest';
import { PUBLISHED_FILE_CACHE } from './http-cache';

describe('PUBLISHED_FILE_CACHE', () => {
	it('lets no cache keep a cover that may be taken down for long, nor serve it stale', () => {
		// Was "public, max-age=31536000, immutable": a cover taken down stayed in caches for a year.
		const directives = PUBLISHED_FILE_CACHE.split(',').map((part) => part.trim());
		expect(directives).not.toContain('immutable');
		expect(directives).toContain('must-revalidate');
		const maxAge = Number(/max-age=(\d+)/.exec(PUBLISHED_FILE_CACHE)?.[1]);
		expect(maxAge).toBeGreaterThan(0);
		expect(maxAge).toBeLessThanOrEqual(600);
	});
});
