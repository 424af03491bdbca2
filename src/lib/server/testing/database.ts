import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '../db';
import * as schema from '../db/schema';
import type { Database } from '../db';
import { runMigrations } from '../db/migrate';
import { pgliteTemplate } from './pglite-template';

const migrationsFolder = 'supabase/migrations';

export type TestDatabase = DatabaseHandle & {
	/** Runs raw SQL (tests that inspect the catalogue or switch roles). */
	query: <Row = Record<string, unknown>>(text: string) => Promise<Row[]>;
	/** Runs one query in a transaction with SET LOCAL ROLE (Supabase's anon/authenticated). */
	queryAsRole: <Row = Record<string, unknown>>(role: string, text: string) => Promise<Row[]>;
	/** The PostgreSQL URL of this database (postgres runs only). */
	url?: string;
};

/** What closes (and, on PostgreSQL, drops) each database opened since the last cleanup. */
const cleanups: (() => Promise<void>)[] = [];

/**
 * Closes every database the test file opened: registered once per file by the database projects'
 * setup file (scripts/test/database-setup.ts). An `afterAll` registered from inside a `beforeAll`,
 * where most files open their database, never runs: the clients stayed open until the worker
 * exited and every PostgreSQL test database was left behind.
 */
export async function closeTestDatabases(): Promise<void> {
	const pending = cleanups.splice(0);
	await Promise.all(pending.map((cleanup) => cleanup()));
}

/** Runs once, however often it is called (a file may also close its database itself). */
function once(run: () => Promise<void>): () => Promise<void> {
	let done: Promise<void> | undefined;
	return () => (done ??= run());
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a newly created
 * PostgreSQL database (dropped after the file), depending on the vitest project (TEST_DB).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
	const target = process.env.TEST_DB;
	if (target === 'pglite') return createPgliteDatabase();
	if (target === 'postgres') return createPostgresDatabase();
	throw new Error('Database tests run in the db-pglite or db-postgres vitest project (TEST_DB).');
}

async function createPgliteDatabase(): Promise<TestDatabase> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const client = await PGlite.create({ loadDataDir: (await pgliteTemplate()).data });
	const db = drizzle({ client, schema }) as unknown as Database;
	const close = once(() => client.close());
	cleanups.push(close);
	const handle: DatabaseHandle = { db, kind: 'pglite', close };
	return {
		...handle,
		query: async <Row>(text: string) => {
			const results = await client.exec(text);
			return (results.at(-1)?.rows ?? []) as Row[];
		},
		queryAsRole: async <Row>(role: string, text: string) =>
			client.transaction(async (tx) => {
				await tx.exec(`set local role ${role}`);
				return (await tx.query(text)).rows as Row[];
			})
	};
}

async function createPostgresDatabase(): Promise<TestDatabase> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
	const name = `portal_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const settings = { kind: 'postgres', url: url.toString(), prepare: true, poolMax: 10 } as const;
	const client = postgres(settings.url, { max: 10, onnotice: () => {} });
	const db = drizzle({ client, schema }) as unknown as Database;
	const close = once(() => client.end({ timeout: 5 }));
	cleanups.push(
		once(async () => {
			await close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		})
	);
	const handle: DatabaseHandle = { db, kind: 'postgres', close };
	await runMigrations(handle, settings, migrationsFolder);
	return {
		...handle,
		url: settings.url,
		query: async <Row>(text: string) => {
			const results = await client.unsafe(text);
			return Array.from(results) as Row[];
		},
		queryAsRole: async <Row>(role: string, text: string) =>
			(await client.begin(async (tx) => {
				await tx.unsafe(`set local role ${role}`);
				return Array.from(await tx.unsafe(text));
			})) as Row[]
	};
}

/** Counts the query builders a function starts on the database (no timing involved). */
export function countingDatabase(db: Database) {
	let started = 0;
	const counted = new Set(['select', 'selectDistinct', 'execute', 'insert', 'update', 'delete']);
	const proxy = new Proxy(db, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				if (counted.has(String(property))) started++;
				return value.apply(target, args);
			};
		}
	});
	return { db: proxy, started: () => started };
}
