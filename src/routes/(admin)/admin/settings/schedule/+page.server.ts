import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { toZonedInputValue } from '$lib/domain/zoned-time';
import { getLocale } from '$lib/paraglide/runtime';
import {
	datesSchema,
	eligibilitySchema,
	ELIGIBILITY_LIMITS
} from '$lib/schemas/challenge-settings';
import { now } from '$lib/server/clock';
import { timeZoneName } from '$lib/server/format';
import { updateDates, updateEligibility } from '$lib/server/services/challenge-settings';
import { formAction, organizer } from '$lib/server/guards';
import { savedLocation } from '../saved-location.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { challenge } = await organizer(m.settings_error_no_challenge);
	// Dates are typed and read in the viewer's zone once known, else in the organizer's.
	const zone = event.locals.timeZone ?? challenge.timeZone;
	return {
		zone,
		zoneName: timeZoneName(zone, getLocale(), now()),
		dates: {
			submissionsOpenAt: toZonedInputValue(challenge.submissionsOpenAt, zone),
			submissionDeadlineAt: toZonedInputValue(challenge.submissionDeadlineAt, zone),
			judgingStartsAt: toZonedInputValue(challenge.judgingStartsAt, zone),
			resultsAt: toZonedInputValue(challenge.resultsAt, zone),
			eventAt: toZonedInputValue(challenge.eventAt, zone)
		},
		eligibility: {
			minAge: String(challenge.minAge),
			maxAge: String(challenge.maxAge),
			teamMinSize: String(challenge.teamMinSize),
			teamMaxSize: String(challenge.teamMaxSize)
		},
		limits: ELIGIBILITY_LIMITS
	};
}) satisfies PageServerLoad;

export const actions = {
	dates: async (event) => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		const zone = event.locals.timeZone ?? challenge.timeZone;
		return formAction(datesSchema(zone), 'dates', async (input) => {
			const result = await updateDates(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, savedLocation('/admin/settings/schedule', result.fields));
		});
	},
	eligibility: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(eligibilitySchema, 'eligibility', async (input) => {
			const result = await updateEligibility(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, savedLocation('/admin/settings/schedule', result.fields));
		});
	}
} satisfies Actions;
