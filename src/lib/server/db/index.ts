import { mkdirSync } from 'node:fs';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { getConfig, type Config } from '../config';
import * as schema from './schema';

export { schema };

/** The drizzle database, whichever driver is underneath (PGlite or postgres.js). */
export type Database = PgDatabase<
	PgQueryResultHKT,
	typeof schema,
	ExtractTablesWithRelations<typeof schema>
>;
export type Transaction = PgTransaction<
	PgQueryResultHKT,
	typeof schema,
	ExtractTablesWithRelations<typeof schema>
>;
/** Services accept either the database or an open transaction. */
export type Executor = Database | Transaction;

/** Rows of `db.execute`, whichever driver ran it (PGlite: `{ rows }`, postgres.js: an array). */
export function rowsOf<Row>(result: unknown): Row[] {
	if (Array.isArray(result)) return result as Row[];
	return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

export type DatabaseHandle = {
	db: Database;
	kind: 'pglite' | 'postgres';
	close: () => Promise<void>;
};

export async function openDatabase(settings: Config['database']): Promise<DatabaseHandle> {
	if (settings.kind === 'pglite') {
		mkdirSync(settings.dataDir, { recursive: true });
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		const client = await PGlite.create(settings.dataDir);
		const db = drizzle({ client, schema }) as unknown as Database;
		return { db, kind: 'pglite', close: () => client.close() };
	}
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const client = postgres(settings.url, {
		max: settings.poolMax,
		// Supabase's transaction pooler cannot keep prepared statements.
		prepare: settings.prepare,
		onnotice: () => {},
		connect_timeout: 10,
		idle_timeout: 60
	});
	const db = drizzle({ client, schema }) as unknown as Database;
	return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

let handlePromise: Promise<DatabaseHandle> | undefined;

/** The process-wide database (opened on first use). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
	handlePromise ??= openDatabase(getConfig().database);
	return handlePromise;
}

export async function getDb(): Promise<Database> {
	return (await getDatabaseHandle()).db;
}

export async function closeDatabase(): Promise<void> {
	if (!handlePromise) return;
	const handle = await handlePromise;
	handlePromise = undefined;
	await handle.close();
}
