import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { getDb } from '$lib/server/db';
import { requestContext } from '$lib/server/request';
import { confirmEmailChange, isTokenLive } from '$lib/server/services/accounts';
import { formAction } from '$lib/server/guards';
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
		return formAction(tokenSchema, undefined, async (input) => {
			const db = await getDb();
			const result = await confirmEmailChange(db, requestContext(event), {
				token: input.token,
				currentSession: event.locals.session
			});
			redirect(
				303,
				result.signedIn ? '/account?notice=email_changed' : '/sign-in?notice=email_changed'
			);
		});
	}
} satisfies Actions;
