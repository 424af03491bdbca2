import { redirect } from '@sveltejs/kit';
import {
	bytesToMegabytes,
	UPLOAD_LIMITS_MB,
	uploadLimitsSchema
} from '$lib/schemas/challenge-settings';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { updateUploadLimits } from '$lib/server/services/challenge-settings';
import { requireCurrentChallenge, savedLocation } from '../current-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const challenge = await requireCurrentChallenge(await getDb());
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
	limits: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, uploadLimitsSchema, 'limits');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'limits', () =>
			updateUploadLimits(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, savedLocation('/admin/settings/uploads', result.value.fields));
	}
} satisfies Actions;
