import { redirect } from '@sveltejs/kit';
import { resetPasswordSchema } from '$lib/schemas/account';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { requestContext } from '$lib/server/request';
import { isTokenLive, resetPassword, signOut } from '$lib/server/services/accounts';
import { formAction } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const live =
		token !== '' &&
		token.length <= 200 &&
		(await isTokenLive(await getDb(), token, 'reset_password'));
	return { token, live };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		return formAction(resetPasswordSchema(isCommonPassword), undefined, async (input) => {
			const db = await getDb();
			const result = await resetPassword(db, requestContext(event), input);
			if (event.locals.session && event.locals.session.userId !== result.session.userId)
				await signOut(db, event.locals.session.id);
			setSessionCookie(event.cookies, result.token, result.session.expiresAt);
			redirect(303, '/account?notice=reset_done');
		});
	}
} satisfies Actions;
