import { getConfig } from './config';
import { closeDatabase, getDatabaseHandle } from './db';
import { runMigrations } from './db/migrate';
import { seedDemoData } from './seed/seed';
import { getFileStore } from './files';
import { startOrphanCleanup, stopOrphanCleanup } from './files/orphan-cleanup';
import { challenges } from './db/schema';
import { startOutboxWorker, stopOutboxWorker } from './mail/worker';
import { listenForPublicChanges } from './public-cache';

let started: Promise<void> | undefined;

/**
 * Runs once per process before the first request: migrations, the demo seed on a fresh embedded
 * database, the public cache's ear for other nodes' changes, the mail worker and the cleanup of
 * unused files.
 */
export function startServer(): Promise<void> {
	started ??= (async () => {
		const config = getConfig();
		const handle = await getDatabaseHandle();
		await runMigrations(handle, config.database, config.migrationsDir);
		if (config.seedDemoData) {
			const any = await handle.db.select({ id: challenges.id }).from(challenges).limit(1);
			if (any.length === 0)
				await seedDemoData(
					handle.db,
					(line) => console.log(line),
					config.seedDemoGallery ? { gallery: { files: getFileStore() } } : {}
				);
		}
		await listenForPublicChanges(handle);
		await startOutboxWorker(handle.db, config.mail);
		startOrphanCleanup(handle.db, getFileStore());
	})();
	return started;
}

export async function stopServer(): Promise<void> {
	stopOutboxWorker();
	stopOrphanCleanup();
	await closeDatabase();
}
