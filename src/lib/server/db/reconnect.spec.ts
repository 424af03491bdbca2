import { describe, expect, it, vi } from 'vitest';
import { retryingClosedConnections } from './index';

type Client = Parameters<typeof retryingClosedConnections>[0];
const closed = () =>
	Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

/** A stand-in for the postgres.js pool: each call answers from the next outcome in line. */
function fakeClient(outcomes: ('closed' | 'ok')[]) {
	const next = () => {
		const outcome = outcomes.shift() ?? 'ok';
		return outcome === 'closed' ? Promise.reject(closed()) : Promise.resolve([[1]]);
	};
	const unsafe = vi.fn(() => {
		const promise = next();
		return Object.assign(promise, { values: () => promise });
	});
	const begin = vi.fn(async (callback: (sql: unknown) => unknown) => {
		await next();
		return callback('tx');
	});
	return { client: { unsafe, begin } as unknown as Client, unsafe, begin };
}

describe('retryingClosedConnections', () => {
	it('runs a SELECT again once when its connection was closed', async () => {
		const fake = fakeClient(['closed', 'ok']);
		const client = retryingClosedConnections(fake.client);
		await expect(client.unsafe('select 1', []).values()).resolves.toEqual([[1]]);
		expect(fake.unsafe).toHaveBeenCalledTimes(2);
	});

	it('tries twice more at most (a dead connection can fail two attempts), then gives up', async () => {
		const twice = fakeClient(['closed', 'closed', 'ok']);
		await expect(
			retryingClosedConnections(twice.client).unsafe('select 1', []).values()
		).resolves.toEqual([[1]]);
		const thrice = fakeClient(['closed', 'closed', 'closed', 'ok']);
		await expect(
			retryingClosedConnections(thrice.client).unsafe('select 1', []).values()
		).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
		expect(thrice.unsafe).toHaveBeenCalledTimes(3);
	});

	it('never repeats a write outside a transaction', async () => {
		const fake = fakeClient(['closed', 'ok']);
		const client = retryingClosedConnections(fake.client);
		await expect(
			Promise.resolve(client.unsafe('insert into notes values (1)', []))
		).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
		expect(fake.unsafe).toHaveBeenCalledTimes(1);
	});

	it('begins a transaction again when BEGIN met a closed connection, before its work ran', async () => {
		const fake = fakeClient(['closed', 'ok']);
		const client = retryingClosedConnections(fake.client);
		const work = vi.fn(async () => 'done');
		await expect(client.begin(work)).resolves.toBe('done');
		expect(work).toHaveBeenCalledOnce();
		expect(fake.begin).toHaveBeenCalledTimes(2);
	});

	it('never repeats a transaction whose work had started', async () => {
		const fake = fakeClient(['ok']);
		const client = retryingClosedConnections(fake.client);
		const work = vi.fn(async () => {
			throw closed();
		});
		await expect(client.begin(work)).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
		expect(work).toHaveBeenCalledOnce();
	});
});
