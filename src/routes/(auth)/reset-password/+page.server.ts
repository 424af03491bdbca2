import { redirect } from '@sveltejs/kit';
import { resetPasswordSchema } from '$lib/schemas/account';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext } from '$lib/server/request';
import { isTokenLive, resetPassword, signOut } from '$lib/server/services/accounts';
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
		const parsed = await parseForm(event.request, resetPasswordSchema(isCommonPassword));
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			resetPassword(db, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		if (event.locals.session && event.locals.session.userId !== result.value.session.userId)
			await signOut(db, event.locals.session.id);
		setSessionCookie(event.cookies, result.value.token, result.value.session.expiresAt);
		redirect(303, '/account?notice=reset_done');
	}
} satisfies Actions;
