import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guards';
import { getDashboardCounts } from '$lib/server/services/admin-dashboard';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	return { counts: await getDashboardCounts(await getDb()) };
}) satisfies PageServerLoad;
