import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import {
	isTokenLive,
	resendVerification,
	signOut,
	verifyEmail
} from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

// The link only shows a button: mail scanners that open links must not use up the token.
export const load = (async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const resent = url.searchParams.get('resent') === '1';
	if (!token) return { token: '', live: false, resent };
	const live = token.length <= 200 && (await isTokenLive(await getDb(), token, 'verify_email'));
	return { token, live, resent };
}) satisfies PageServerLoad;

export const actions = {
	confirm: async (event) => {
		const parsed = await parseForm(event.request, tokenSchema);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			verifyEmail(db, parsed.data.token, requestContext(event))
		);
		if (!result.ok) return result.failure;
		// Whoever was signed in on this browser gives way to the owner of the address.
		if (event.locals.session) await signOut(db, event.locals.session.id);
		setSessionCookie(event.cookies, result.value.token, result.value.session.expiresAt);
		redirect(303, '/account?notice=verified');
	},
	resend: async (event) => {
		const { user } = requireUser(event);
		const db = await getDb();
		const result = await runAction(event, new FormData(), undefined, () =>
			resendVerification(db, user.id, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, '/verify-email?resent=1');
	}
} satisfies Actions;
