import { redirect } from '@sveltejs/kit';
import { missingAnswers } from '$lib/domain/entry-checklist';
import { stepOf } from '$lib/domain/entry-fields';
import { requireTeamMember } from '$lib/server/entry-form';
import { getTeamEntry } from '$lib/server/services/entries';
import type { PageServerLoad } from './$types';

// The entry opens at the first step with something missing.
export const load = (async (event) => {
	const { db, membership } = await requireTeamMember(event);
	const entry = await getTeamEntry(db, membership.teamId);
	const missing = missingAnswers(entry);
	redirect(303, missing.length > 0 ? `/team/entry/${stepOf(missing[0])}` : '/team/entry/review');
}) satisfies PageServerLoad;
