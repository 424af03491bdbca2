import { redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { participant } from '$lib/server/guards';
import { getTeamEntry } from '$lib/server/services/entries';
import { teamFeedback } from '$lib/server/services/team-feedback';
import { findMembership } from '$lib/server/services/teams';
import type { PageServerLoad } from './$types';

/** Judges' released feedback on the team's entry: averages and texts, never who wrote them. */
export const load = (async (event) => {
	const { user, db, challenge } = await participant();
	const membership = await findMembership(db, user.id, challenge.id);
	if (!membership) redirect(303, '/team');
	const entry = await getTeamEntry(db, membership.teamId);
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const rounds = await teamFeedback(db, entry.id);
	return {
		title: entry.title,
		rounds: rounds.map((round) => ({
			name: round.roundName,
			released: formatDateTime(round.releasedAt, locale, zones),
			reviews: round.reviews,
			criteria: round.criteria,
			feedback: round.feedback
		}))
	};
}) satisfies PageServerLoad;
