import { now } from '$lib/server/clock';
import { exportEntriesCsv } from '$lib/server/services/admin-entries';
import { organizer } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** Every team and its entry as CSV (organizers only; others get 404 from the opener). */
export const GET: RequestHandler = async () => {
	const { db, challenge } = await organizer();
	const csv = await exportEntriesCsv(db, challenge.id);
	const day = now().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="entries-${day}.csv"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
