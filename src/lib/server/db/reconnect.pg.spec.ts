import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type DatabaseHandle } from './index';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const name = `portal_reconnect_${randomBytes(5).toString('hex')}`;
let handle: DatabaseHandle;

beforeAll(async () => {
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	// One pooled connection, so the terminated one is the one the next query gets.
	handle = await openDatabase({
		kind: 'postgres',
		url: url.toString(),
		prepare: false,
		poolMax: 1
	});
	await handle.db.execute(sql`create table notes (id serial primary key, body text)`);
});
afterAll(async () => {
	await handle?.close();
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end({ timeout: 5 });
});

/** Ends every session of the test database from outside, as a restart or pgbouncer would. */
async function terminateConnections() {
	await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
	// The server's goodbye reaches the idle connection's socket asynchronously.
	await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('a pooled connection the server closed', () => {
	it('costs a lone SELECT nothing: it runs again on a fresh connection', async () => {
		await handle.db.execute(sql`select 1`);
		await terminateConnections();
		const rows = rowsOf<{ answer: number }>(await handle.db.execute(sql`select 42 as answer`));
		expect(rows[0]?.answer).toBe(42);
	});

	it('answers a SELECT whose connection was terminated under it', async () => {
		// The pool's only connection dies while the query is on it: without a second chance
		// this visitor got a 503.
		await handle.db.execute(sql`select 1`);
		// drizzle's queries are lazy: Promise.resolve sends it now.
		const pending = Promise.resolve(handle.db.execute(sql`select pg_sleep(0.3), 7 as answer`));
		await new Promise((resolve) => setTimeout(resolve, 100));
		const terminated = await admin`
			select pg_terminate_backend(pid) from pg_stat_activity
			where datname = ${name} and query like '%pg_sleep(0.3)%' and pid <> pg_backend_pid()`;
		expect(terminated).toHaveLength(1);
		const rows = rowsOf<{ answer: number }>(await pending);
		expect(rows[0]?.answer).toBe(7);
	});

	it('costs a transaction nothing when its BEGIN met the dead connection', async () => {
		await handle.db.execute(sql`select 1`);
		await terminateConnections();
		await handle.db.transaction(async (tx) => {
			await tx.execute(sql`insert into notes (body) values ('kept')`);
		});
		const rows = rowsOf<{ count: number }>(
			await handle.db.execute(sql`select count(*)::int as count from notes where body = 'kept'`)
		);
		expect(rows[0]?.count).toBe(1);
	});

	it('never repeats a write outside a transaction', async () => {
		await handle.db.execute(sql`select 1`);
		await terminateConnections();
		const outcome = await handle.db.execute(sql`insert into notes (body) values ('once')`).then(
			() => 'written',
			() => 'refused'
		);
		const rows = rowsOf<{ count: number }>(
			await handle.db.execute(sql`select count(*)::int as count from notes where body = 'once'`)
		);
		expect(rows[0]?.count).toBe(outcome === 'written' ? 1 : 0);
	});
});
