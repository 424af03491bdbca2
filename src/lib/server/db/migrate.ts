import type { Config } from '../config';
import type { DatabaseHandle } from './index';

// Any constant works; it only has to be the same on every app node.
const MIGRATION_LOCK_KEY = 7_340_221_901;

/**
 * Applies the migrations in supabase/migrations (drizzle-kit's journal) and records them in
 * drizzle.__drizzle_migrations. Safe on every start: applied ones are skipped. On PostgreSQL an
 * advisory lock on a dedicated connection keeps several app nodes from migrating at once.
 */
export async function runMigrations(
	handle: DatabaseHandle,
	settings: Config['database'],
	migrationsFolder: string
): Promise<void> {
	if (settings.kind === 'pglite') {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- driver-specific database type
		await migrate(handle.db as any, { migrationsFolder });
		return;
	}
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	const client = postgres(settings.url, { max: 1, prepare: settings.prepare, onnotice: () => {} });
	try {
		await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
		await migrate(drizzle({ client }), { migrationsFolder });
	} finally {
		await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
		await client.end({ timeout: 5 });
	}
}
