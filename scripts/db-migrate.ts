/** npm run db:migrate — applies supabase/migrations to DATABASE_URL or the embedded database. */
import { getConfig } from '../src/lib/server/config';
import { closeDatabase, getDatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';

const config = getConfig();
const handle = await getDatabaseHandle();
await runMigrations(handle, config.database, config.migrationsDir);
await closeDatabase();
console.log(
	`Migrations applied to ${config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)'}.`
);
