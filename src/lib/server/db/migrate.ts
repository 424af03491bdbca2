import type { Config } from '../config';
import type { DatabaseHandle } from './index';

// Any constant works; it only has to be the same on every app node.
const MIGRATION_LOCK_KEY = 7_340_221_901;

/**
 * Applies the migrations in supabase/migrations (drizzle-kit's journal) and records them in
 * drizzle.__drizzle_migrations. Safe on every start: applied ones are skipped. On PostgreSQL a
 * transaction-level advisory lock keeps several app nodes from migrating at once.
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
	const { readMigrationFiles } = await import('drizzle-orm/migrator');
	const migrations = readMigrationFiles({ migrationsFolder });
	const client = postgres(settings.url, { max: 1, prepare: settings.prepare, onnotice: () => {} });
	try {
		// drizzle's migrator, in one transaction holding a transaction-level advisory lock: a
		// session-level lock would not survive Supabase's transaction pooler (its lock and unlock can
		// land on different server connections), and a second node waits here, then finds the
		// migrations applied. The journal is drizzle's own (drizzle.__drizzle_migrations).
		await client.begin(async (sql) => {
			await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
			await sql`create schema if not exists drizzle`;
			await sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
			const [last] = await sql<{ created_at: string }[]>`
				select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
			for (const migration of migrations) {
				if (last && Number(last.created_at) >= migration.folderMillis) continue;
				for (const statement of migration.sql) await sql.unsafe(statement);
				await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`;
			}
		});
	} finally {
		await client.end({ timeout: 5 });
	}
}
