import { getDashboardCounts } from '$lib/server/services/admin-dashboard';
import { organizerAnyChallenge } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load = (async () => {
	const { db } = await organizerAnyChallenge();
	return { counts: await getDashboardCounts(db) };
}) satisfies PageServerLoad;
