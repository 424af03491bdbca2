import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import type { DatabaseHandle } from '../db';
import * as schema from '../db/schema';
import type { Database } from '../db';
import { runMigrations } from '../db/migrate';

const migrationsFolder = 'supabase/migrations';

export type TestDatabase = DatabaseHandle & {
	/** Runs raw SQL (tests that inspect the catalogue or switch roles). */
	query: <Row = Record<string, unknown>>(text: string) => Promise<Row[]>;
	/** Runs one query in a transaction with SET LOCAL ROLE (Supabase's anon/authenticated). */
	queryAsRole: <Row = Record<string, unknown>>(role: string, text: string) => Promise<Row[]>;
	/** The PostgreSQL URL of this database (postgres runs only). */
	url?: string;
};

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

/**
 * A migrated, empty PGlite data directory as a tarball, made once per set of migrations and kept
 * in node_modules/.cache: starting from it takes a fraction of initdb plus the migrations.
 */
async function pgliteTemplate(): Promise<Blob> {
	const { createHash } = await import('node:crypto');
	const { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } =
		await import('node:fs');
	const hash = createHash('sha256');
	for (const file of readdirSync(migrationsFolder).sort())
		if (file.endsWith('.sql'))
			hash.update(file).update(readFileSync(`${migrationsFolder}/${file}`));
	const folder = 'node_modules/.cache/portal-tests';
	const path = `${folder}/pglite-${hash.digest('hex').slice(0, 16)}.tar`;
	try {
		return new Blob([readFileSync(path)]);
	} catch {
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		const client = await PGlite.create();
		const db = drizzle({ client, schema }) as unknown as Database;
		await runMigrations(
			{ db, kind: 'pglite', close: () => client.close() },
			{ kind: 'pglite', dataDir: 'memory://' },
			migrationsFolder
		);
		const dump = await client.dumpDataDir('none');
		await client.close();
		mkdirSync(folder, { recursive: true });
		// Written aside and renamed, so a parallel test file never reads half a file.
		const partial = `${path}.${process.pid}.partial`;
		writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
		renameSync(partial, path);
		return dump;
	}
}

async function createPgliteDatabase(): Promise<TestDatabase> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const client = await PGlite.create({ loadDataDir: await pgliteTemplate() });
	const db = drizzle({ client, schema }) as unknown as Database;
	const handle: DatabaseHandle = { db, kind: 'pglite', close: () => client.close() };
	afterAll(() => client.close());
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
	const handle: DatabaseHandle = { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
	await runMigrations(handle, settings, migrationsFolder);
	afterAll(async () => {
		await client.end({ timeout: 5 });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	});
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
