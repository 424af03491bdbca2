import { redirect } from '@sveltejs/kit';
import { toZonedInputValue } from '$lib/domain/zoned-time';
import { getLocale } from '$lib/paraglide/runtime';
import {
	datesSchema,
	eligibilitySchema,
	ELIGIBILITY_LIMITS
} from '$lib/schemas/challenge-settings';
import { now } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { timeZoneName } from '$lib/server/format';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { updateDates, updateEligibility } from '$lib/server/services/challenge-settings';
import { requireCurrentChallenge, savedLocation } from '../current-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const challenge = await requireCurrentChallenge(await getDb());
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
		const { user } = requireRole(event, 'organizer');
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const zone = event.locals.timeZone ?? challenge.timeZone;
		const parsed = await parseForm(event.request, datesSchema(zone), 'dates');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'dates', () =>
			updateDates(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, savedLocation('/admin/settings/schedule', result.value.fields));
	},
	eligibility: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, eligibilitySchema, 'eligibility');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'eligibility', () =>
			updateEligibility(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, savedLocation('/admin/settings/schedule', result.value.fields));
	}
} satisfies Actions;
