import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	challengeTextsSchema,
	organizerSchema,
	TEXT_LIMITS,
	timeZoneOptions
} from '$lib/schemas/challenge-settings';
import { updateChallengeTexts, updateOrganizer } from '$lib/server/services/challenge-settings';
import { formAction, organizer } from '$lib/server/guards';
import { savedLocation } from './saved-location.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	const { challenge } = await organizer(m.settings_error_no_challenge);
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
	texts: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(challengeTextsSchema, 'texts', async (input) => {
			const result = await updateChallengeTexts(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, savedLocation('/admin/settings', result.fields));
		});
	},
	organizer: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(organizerSchema, 'organizer', async (input) => {
			const result = await updateOrganizer(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, savedLocation('/admin/settings', result.fields));
		});
	}
} satisfies Actions;
