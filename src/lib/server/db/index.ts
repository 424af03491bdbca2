import { mkdirSync } from 'node:fs';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { getConfig, type Config } from '../config';
import { isClosedConnection } from './errors';
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
	/**
	 * Calls `onPayload` with every NOTIFY on the channel, from any process sharing the database;
	 * resolves to a function that stops listening, or to null when this handle cannot listen (a
	 * transaction pooler without DATABASE_LISTEN_URL).
	 */
	listen?: (
		channel: string,
		onPayload: (payload: string) => void
	) => Promise<(() => Promise<void>) | null>;
};

/** Sends a NOTIFY on the channel, delivered to listeners when the surrounding work commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
	await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

export async function openDatabase(settings: Config['database']): Promise<DatabaseHandle> {
	if (settings.kind === 'pglite') {
		mkdirSync(settings.dataDir, { recursive: true });
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		const client = await PGlite.create(settings.dataDir);
		const db = drizzle({ client, schema }) as unknown as Database;
		return {
			db,
			kind: 'pglite',
			close: () => client.close(),
			// One process holds an embedded database: its notifications are its own.
			listen: async (channel, onPayload) => client.listen(channel, onPayload)
		};
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
	const db = drizzle({ client: retryingClosedConnections(client), schema }) as unknown as Database;
	let listener: PostgresClient | undefined;
	return {
		db,
		kind: 'postgres',
		close: async () => {
			await Promise.all([client.end({ timeout: 5 }), listener?.end({ timeout: 5 })]);
		},
		listen: async (channel, onPayload) => {
			if (!settings.listenUrl) return null;
			// Its own session connection, which postgres.js re-opens (and listens again) after a
			// restart; pooled connections come and go, and a pooler in transaction mode drops LISTEN.
			listener ??= postgres(settings.listenUrl, { max: 1, onnotice: () => {} });
			const { unlisten } = await listener.listen(channel, onPayload);
			return unlisten;
		}
	};
}

type PostgresClient = import('postgres').Sql;
const RETRY_DELAY_MS = 20;
const CLOSED_CONNECTION_RETRIES = 2;

/**
 * The pool as drizzle sees it, giving second chances to work that met a pooled connection the
 * server had closed (PostgreSQL or pgbouncer restarted, a session was terminated): the pool
 * replaces the dead connection, and without this every such connection cost a visitor a 503.
 * postgres.js (3.4) also keeps the terminating error of a query that was running on a connection
 * and hands it to the first query of the reconnected one, which is refused before it is sent:
 * so a dead connection can fail two attempts in a row, and work gets up to two more chances.
 * Only work that cannot have run is tried again: a transaction whose BEGIN failed (its callback
 * never started), and a lone SELECT. Statements inside a transaction use the transaction's own
 * connection and are never repeated.
 */
export function retryingClosedConnections(client: PostgresClient): PostgresClient {
	const once = async <T>(run: () => Promise<T>, retry: (error: unknown) => boolean): Promise<T> => {
		for (let attempt = 0; ; attempt++) {
			try {
				return await run();
			} catch (error) {
				if (attempt >= CLOSED_CONNECTION_RETRIES || !retry(error)) throw error;
				// Let the pool notice the closed socket before the work goes back to it.
				await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
			}
		}
	};
	return new Proxy(client, {
		get(target, property, receiver) {
			if (property === 'unsafe')
				return (query: string, parameters?: unknown[], options?: object) => {
					const run = () => target.unsafe(query, parameters as never, options);
					const retry = (error: unknown) =>
						isClosedConnection(error) && /^\s*select\b/i.test(query);
					// drizzle awaits the query, or asks for its rows as arrays.
					return {
						values: () => once(() => run().values(), retry),
						then: (resolve: (rows: unknown) => unknown, reject: (error: unknown) => unknown) =>
							once(() => run(), retry).then(resolve, reject)
					};
				};
			if (property === 'begin')
				return (...args: unknown[]) => {
					const callback = args.at(-1) as (sql: unknown) => unknown;
					let started = false;
					const wrapped = (sql: unknown) => {
						started = true;
						return callback(sql);
					};
					const rest = args.slice(0, -1);
					return once(
						() => (target.begin as (...a: unknown[]) => Promise<unknown>)(...rest, wrapped),
						(error) => !started && isClosedConnection(error)
					);
				};
			return Reflect.get(target, property, receiver);
		}
	});
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

/** One round trip to the database (the health check): throws when it does not answer. */
export async function pingDatabase(): Promise<void> {
	await (await getDb()).execute(sql`select 1`);
}

export async function closeDatabase(): Promise<void> {
	if (!handlePromise) return;
	const handle = await handlePromise;
	handlePromise = undefined;
	await handle.close();
}
