import { beforeEach, describe, expect, it, vi } from 'vitest';

const database = vi.hoisted(() => ({ getDb: vi.fn(), execute: vi.fn() }));
vi.mock('$lib/server/db', () => ({ getDb: database.getDb }));
const { GET } = await import('./+server');

const check = () => GET({} as Parameters<typeof GET>[0]);

beforeEach(() => {
	database.getDb.mockReset().mockResolvedValue({ execute: database.execute });
	database.execute.mockReset().mockResolvedValue([{ '?column?': 1 }]);
});

describe('GET /health', () => {
	it('answers 200 once the database has answered a query', async () => {
		const response = await check();
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(database.execute).toHaveBeenCalledOnce();
	});

	it('answers 503 when the query fails', async () => {
		database.execute.mockRejectedValue(new Error('terminating connection'));
		const response = await check();
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ status: 'unavailable' });
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('answers 503 when the database cannot be opened', async () => {
		database.getDb.mockRejectedValue(new Error('connect ECONNREFUSED'));
		expect((await check()).status).toBe(503);
	});
});
