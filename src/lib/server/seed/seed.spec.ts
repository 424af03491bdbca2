import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../db';

vi.mock('../config', () => ({ getConfig: () => ({ production: true }) }));
const { seedDemoData } = await import('./seed');

describe('seedDemoData in production', () => {
	it('refuses to run before touching the database: the demo password is public', async () => {
		const untouchable = new Proxy({} as Database, {
			get() {
				throw new Error('the database was used');
			}
		});
		await expect(seedDemoData(untouchable)).rejects.toThrow(/production/);
	});
});
