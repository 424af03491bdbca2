import { beforeEach, describe, expect, it, vi } from 'vitest';

const database = vi.hoisted(() => ({ getDb: vi.fn(), execute: vi.fn() }));
const files = vi.hoisted(() => ({ check: vi.fn() }));
// The real pingDatabase's two steps, so that opening and querying can fail apart.
vi.mock('$lib/server/db', () => ({
	pingDatabase: async () => {
		await (await database.getDb()).execute('select 1');
	}
}));
vi.mock('$lib/server/files', () => ({ getFileStore: () => files }));
const { GET, _forgetHealth } = await import('./+server');

const check = () => GET({} as Parameters<typeof GET>[0]);

beforeEach(() => {
	_forgetHealth();
	database.getDb.mockReset().mockResolvedValue({ execute: database.execute });
	database.execute.mockReset().mockResolvedValue([{ '?column?': 1 }]);
	files.check.mockReset().mockResolvedValue(undefined);
});

describe('GET /health', () => {
	it('answers 200 once the database and the file store have answered', async () => {
		const response = await check();
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			status: 'ok',
			checks: { database: 'ok', files: 'ok' }
		});
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(database.execute).toHaveBeenCalledOnce();
		expect(files.check).toHaveBeenCalledOnce();
	});

	it('answers 503 when the query fails', async () => {
		database.execute.mockRejectedValue(new Error('terminating connection'));
		const response = await check();
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({
			status: 'unavailable',
			checks: { database: 'unavailable', files: 'ok' }
		});
	});

	it('answers 503 when the database cannot be opened', async () => {
		database.getDb.mockRejectedValue(new Error('connect ECONNREFUSED'));
		expect((await check()).status).toBe(503);
	});

	it('answers 503 naming the file store when its bucket is missing', async () => {
		// With the bucket gone, uploads and file views were 500 while /health said 200.
		files.check.mockRejectedValue(new Error('Bucket not found'));
		const response = await check();
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({
			status: 'unavailable',
			checks: { database: 'ok', files: 'unavailable' }
		});
	});

	it('shares checks under way: a burst of 50 costs one query and one file-store check', async () => {
		await Promise.all(Array.from({ length: 50 }, () => check()));
		expect(database.execute).toHaveBeenCalledOnce();
		expect(files.check).toHaveBeenCalledOnce();
	});

	it('asks the database afresh after that, so an outage shows at once; the file store every few seconds', async () => {
		await check();
		database.execute.mockRejectedValue(new Error('terminating connection'));
		expect((await check()).status).toBe(503);
		expect(database.execute).toHaveBeenCalledTimes(2);
		expect(files.check).toHaveBeenCalledOnce();
	});
});
