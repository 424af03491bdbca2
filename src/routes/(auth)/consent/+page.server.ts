import { consentSchema } from '$lib/schemas/team';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requestContext } from '$lib/server/request';
import { giveConsent, previewConsent } from '$lib/server/services/consent';
import { formAction } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// For a parent or guardian: no account needed, the emailed link is the credential.
export const load = (async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const preview =
		token && token.length <= 200
			? await previewConsent(await getDb(), token, getLocale())
			: { valid: false as const };
	return { token, preview };
}) satisfies PageServerLoad;

export const actions = {
	give: async (event) => {
		return formAction(consentSchema, 'give', async (input) => {
			const db = await getDb();
			await giveConsent(db, requestContext(event), input);
			return { given: true };
		});
	}
} satisfies Actions;
