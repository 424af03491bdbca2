import { consentSchema } from '$lib/schemas/team';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext } from '$lib/server/request';
import { giveConsent, previewConsent } from '$lib/server/services/consent';
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
		const parsed = await parseForm(event.request, consentSchema, 'give');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'give', () =>
			giveConsent(db, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		return { given: true };
	}
} satisfies Actions;
