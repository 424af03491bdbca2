/** npm run db:seed — loads the demo challenge, demo accounts and a published demo gallery; running it again changes nothing. */
import { getConfig } from '../src/lib/server/config';
import { closeDatabase, getDatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { seedDemoData } from '../src/lib/server/seed/seed';
import { getFileStore } from '../src/lib/server/files';

const config = getConfig();
const handle = await getDatabaseHandle();
await runMigrations(handle, config.database, config.migrationsDir);
await seedDemoData(handle.db, (line) => console.log(line), { gallery: { files: getFileStore() } });
await closeDatabase();
