import { requireChallenge } from '$lib/server/challenge';
import { now } from '$lib/server/clock';
import { csvResponse } from '$lib/server/csv-response';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guards';
import { exportEntriesCsv } from '$lib/server/services/admin-entries';
import type { RequestHandler } from './$types';

/** Every team and its entry as CSV (organizers only; others get 404 from requireRole). */
export const GET: RequestHandler = async (event) => {
	requireRole(event, 'organizer');
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const csv = await exportEntriesCsv(db, challenge.id);
	const day = now().toISOString().slice(0, 10);
	return csvResponse({ csv, filename: `entries-${day}.csv` });
};
