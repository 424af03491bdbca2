import { redirect } from '@sveltejs/kit';
import {
	challengeTextsSchema,
	organizerSchema,
	TEXT_LIMITS,
	timeZoneOptions
} from '$lib/schemas/challenge-settings';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { updateChallengeTexts, updateOrganizer } from '$lib/server/services/challenge-settings';
import { requireCurrentChallenge, savedLocation } from './current-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const challenge = await requireCurrentChallenge(await getDb());
	return {
		texts: {
			titleEn: challenge.title.en,
			titleKo: challenge.title.ko ?? '',
			themeEn: challenge.theme.en,
			themeKo: challenge.theme.ko ?? '',
			summaryEn: challenge.summary.en,
			summaryKo: challenge.summary.ko ?? '',
			descriptionEn: challenge.description.en,
			descriptionKo: challenge.description.ko ?? ''
		},
		organizer: {
			organizerNameEn: challenge.organizerName.en,
			organizerNameKo: challenge.organizerName.ko ?? '',
			organizerAboutEn: challenge.organizerAbout.en,
			organizerAboutKo: challenge.organizerAbout.ko ?? '',
			organizerUrl: challenge.organizerUrl ?? '',
			contactEmail: challenge.contactEmail ?? '',
			eventNameEn: challenge.eventName.en,
			eventNameKo: challenge.eventName.ko ?? '',
			eventLocationEn: challenge.eventLocation.en,
			eventLocationKo: challenge.eventLocation.ko ?? '',
			timeZone: challenge.timeZone
		},
		timeZones: timeZoneOptions(),
		limits: TEXT_LIMITS
	};
}) satisfies PageServerLoad;

export const actions = {
	texts: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, challengeTextsSchema, 'texts');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'texts', () =>
			updateChallengeTexts(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, savedLocation('/admin/settings', result.value.fields));
	},
	organizer: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, organizerSchema, 'organizer');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'organizer', () =>
			updateOrganizer(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, savedLocation('/admin/settings', result.value.fields));
	}
} satisfies Actions;
