import { redirect } from '@sveltejs/kit';
import { missingAnswers } from '$lib/domain/entry-checklist';
import { stepOf } from '$lib/domain/entry-fields';
import { teamMember } from '$lib/server/guards';
import { getTeamEntry } from '$lib/server/services/entries';
import type { PageServerLoad } from './$types';

// The entry opens at the first step with something missing.
export const load = (async () => {
	const { db, membership } = await teamMember();
	const entry = await getTeamEntry(db, membership.teamId);
	const missing = missingAnswers(entry);
	redirect(303, missing.length > 0 ? `/team/entry/${stepOf(missing[0])}` : '/team/entry/review');
}) satisfies PageServerLoad;
