import { HOUR, MINUTE } from '../clock';
import type { Database } from '../db';
import { ORPHAN_GRACE_MS, removeOrphanFiles } from '../services/files';
import type { FileStore } from './store';

// The first run waits until start-up is over; then hourly, on every node (the runs are safe
// together: each removes only what nothing needs and has been so for the grace period).
const FIRST_RUN_MS = 5 * MINUTE;
const EVERY_MS = HOUR;

let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;

/** One cleanup run; failures are logged, never thrown (the next run tries again). */
export async function runOrphanCleanup(db: Database, store: FileStore): Promise<void> {
	if (running) return;
	running = true;
	try {
		// The wall clock, not the test clock: blob times and row times are the wall clock's.
		const removed = await removeOrphanFiles(db, store, {
			before: new Date(Date.now() - ORPHAN_GRACE_MS)
		});
		if (removed.files > 0 || removed.blobs > 0)
			console.log(
				`File cleanup: removed ${removed.files} unused file(s) and ${removed.blobs} stray blob(s)`
			);
	} catch (error) {
		console.error('File cleanup:', error);
	} finally {
		running = false;
	}
}

/**
 * Removes, in the background, uploaded files nothing needs any more and stored bytes no file
 * names (see removeOrphanFiles), started beside the mail worker.
 */
export function startOrphanCleanup(db: Database, store: FileStore): void {
	stopOrphanCleanup();
	const schedule = (delay: number) => {
		timer = setTimeout(() => {
			void runOrphanCleanup(db, store).finally(() => {
				if (timer) schedule(EVERY_MS);
			});
		}, delay);
		timer.unref();
	};
	schedule(FIRST_RUN_MS);
}

export function stopOrphanCleanup(): void {
	if (timer) clearTimeout(timer);
	timer = undefined;
}
