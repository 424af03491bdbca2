import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { notify, openDatabase, type DatabaseHandle } from './index';

/**
 * Two nodes sharing one PostgreSQL database: what one announces with NOTIFY reaches the other's
 * listener (the public cache's cross-node invalidation), once the announcing work commits.
 */
let database: TestDatabase;
const nodes: DatabaseHandle[] = [];

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await Promise.all(nodes.map((node) => node.close()));
});

async function node(listenUrl: string | null) {
	const handle = await openDatabase({
		kind: 'postgres',
		url: database.url as string,
		prepare: true,
		poolMax: 2,
		listenUrl
	});
	nodes.push(handle);
	return handle;
}

describe('listen and notify across nodes', () => {
	it("delivers one node's notification to another, after its transaction commits", async () => {
		const [first, second] = [await node(database.url!), await node(database.url!)];
		const heard: string[] = [];
		const stop = await second.listen!('public_content_changed', (payload) => heard.push(payload));
		expect(stop).toBeTypeOf('function');

		await notify(first.db, 'public_content_changed', 'node-a');
		await expect.poll(() => heard).toEqual(['node-a']);

		// Rolled back: never announced.
		await first.db
			.transaction(async (tx) => {
				await notify(tx, 'public_content_changed', 'rolled-back');
				throw new Error('undo');
			})
			.catch(() => {});
		await first.db.transaction(async (tx) => {
			await notify(tx, 'public_content_changed', 'committed');
		});
		await expect.poll(() => heard).toEqual(['node-a', 'committed']);

		await stop!();
		await notify(first.db, 'public_content_changed', 'after');
		// Given the time the first two took to arrive many times over.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(heard).toEqual(['node-a', 'committed']);
	});

	it('cannot listen without a session connection (a transaction pooler without a listen URL)', async () => {
		const pooled = await node(null);
		expect(await pooled.listen!('public_content_changed', () => {})).toBeNull();
	});
});
