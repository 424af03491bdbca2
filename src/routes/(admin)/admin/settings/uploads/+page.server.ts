import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	bytesToMegabytes,
	UPLOAD_LIMITS_MB,
	uploadLimitsSchema
} from '$lib/schemas/challenge-settings';
import { updateUploadLimits } from '$lib/server/services/challenge-settings';
import { formAction, organizer } from '$lib/server/guards';
import { savedLocation } from '../saved-location.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	const { challenge } = await organizer(m.settings_error_no_challenge);
	return {
		limits: {
			coverMb: bytesToMegabytes(challenge.maxCoverBytes),
			deckMb: bytesToMegabytes(challenge.maxDeckBytes),
			quotaMb: bytesToMegabytes(challenge.teamStorageQuotaBytes)
		},
		bounds: UPLOAD_LIMITS_MB
	};
}) satisfies PageServerLoad;

export const actions = {
	limits: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(uploadLimitsSchema, 'limits', async (input) => {
			const result = await updateUploadLimits(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, savedLocation('/admin/settings/uploads', result.fields));
		});
	}
} satisfies Actions;
