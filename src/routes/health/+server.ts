import { json } from '@sveltejs/kit';
import { pingDatabase } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import type { RequestHandler } from './$types';

type State = 'ok' | 'unavailable';
type Report = { status: State; checks: { database: State; files: State } };

/**
 * For load balancers and operators: each dependency the portal needs to serve pages and files,
 * and 200 only when every one answers. Anyone may ask, so the cost of asking is bounded: checks
 * under way are shared by every request that arrives meanwhile, the database is asked afresh each
 * time after that (a `select 1`, so an outage shows at once), and the file store (for Supabase an
 * HTTP call to another service) at most every few seconds. Each check gives up after 3 s.
 */
const FILES_REUSE_MS = 5000;
const CHECK_TIMEOUT_MS = 3000;

async function state(check: () => Promise<unknown>): Promise<State> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
	});
	try {
		await Promise.race([check(), timeout]);
		return 'ok';
	} catch {
		return 'unavailable';
	} finally {
		clearTimeout(timer);
	}
}

let database: Promise<State> | undefined;
let files: { at: number; state: Promise<State> } | undefined;

function databaseState(): Promise<State> {
	database ??= state(pingDatabase).finally(() => {
		database = undefined;
	});
	return database;
}

function filesState(): Promise<State> {
	const at = Date.now();
	if (!files || at - files.at > FILES_REUSE_MS)
		files = { at, state: state(async () => getFileStore().check?.()) };
	return files.state;
}

/** Forgets the last results (tests). */
export function _forgetHealth(): void {
	database = undefined;
	files = undefined;
}

export const GET: RequestHandler = async () => {
	const [db, store] = await Promise.all([databaseState(), filesState()]);
	const result: Report = {
		status: db === 'ok' && store === 'ok' ? 'ok' : 'unavailable',
		checks: { database: db, files: store }
	};
	return json(result, {
		status: result.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
