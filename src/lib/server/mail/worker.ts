import type { Config } from '../config';
import type { Database } from '../db';
import { pruneRateLimits } from '../rate-limit';
import { onEmailQueued, processOutbox, type MailTransport } from './outbox';
import { createTransport } from './transport';

const TICK_MS = 15_000;

let timer: ReturnType<typeof setInterval> | undefined;
let running = false;
let again = false;

/**
 * Sends queued mail in the background: right after a message is queued, and on a timer for
 * retries and for mail queued by other app nodes. Also prunes old rate-limit rows.
 */
export async function startOutboxWorker(db: Database, settings: Config['mail']): Promise<void> {
	const transport: MailTransport = await createTransport(settings);
	const run = async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				await processOutbox(db, transport);
			} while (again);
		} catch (error) {
			console.error('Mail worker:', error);
		} finally {
			running = false;
		}
	};
	onEmailQueued(() => setTimeout(run, 50));
	timer = setInterval(() => {
		void run();
		void pruneRateLimits(db).catch(() => {});
	}, TICK_MS);
	timer.unref();
	void run();
}

export function stopOutboxWorker(): void {
	if (timer) clearInterval(timer);
	timer = undefined;
	onEmailQueued(undefined);
}
