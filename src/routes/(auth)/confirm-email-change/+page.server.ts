import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext } from '$lib/server/request';
import { confirmEmailChange, isTokenLive } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const live =
		token !== '' &&
		token.length <= 200 &&
		(await isTokenLive(await getDb(), token, 'change_email'));
	return { token, live };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, tokenSchema);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			confirmEmailChange(db, parsed.data.token, event.locals.session, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(
			303,
			result.value.signedIn ? '/account?notice=email_changed' : '/sign-in?notice=email_changed'
		);
	}
} satisfies Actions;
