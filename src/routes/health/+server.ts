import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import type { RequestHandler } from './$types';

type State = 'ok' | 'unavailable';
type Report = { status: State; checks: { database: State; files: State } };

/**
 * For load balancers and operators: each dependency the portal needs to serve pages and files,
 * and 200 only when every one answers. Anyone may ask, so a result is reused for a moment and
 * each check is bounded in time: a flood of /health costs the database and Storage nothing more.
 */
const REUSE_MS = 2000;
const CHECK_TIMEOUT_MS = 3000;
let last: { at: number; report: Promise<Report> } | undefined;

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

async function report(): Promise<Report> {
	const [database, files] = await Promise.all([
		state(async () => (await getDb()).execute(sql`select 1`)),
		state(async () => getFileStore().check?.())
	]);
	return {
		status: database === 'ok' && files === 'ok' ? 'ok' : 'unavailable',
		checks: { database, files }
	};
}

/** Forgets the last result (tests). */
export function _forgetHealth(): void {
	last = undefined;
}

export const GET: RequestHandler = async () => {
	const at = Date.now();
	if (!last || at - last.at > REUSE_MS) last = { at, report: report() };
	const result = await last.report;
	return json(result, {
		status: result.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
