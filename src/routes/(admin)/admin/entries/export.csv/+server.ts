import { now } from '$lib/server/clock';
import { csvResponse } from '$lib/server/csv-response';
import { exportEntriesCsv } from '$lib/server/services/admin-entries';
import { organizer } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** Every team and its entry as CSV (organizers only; others get 404 from the opener). */
export const GET: RequestHandler = async () => {
	const { db, challenge } = await organizer();
	const csv = await exportEntriesCsv(db, challenge.id);
	const day = now().toISOString().slice(0, 10);
	return csvResponse({ csv, filename: `entries-${day}.csv` });
};
