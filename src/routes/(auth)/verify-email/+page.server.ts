import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { requestContext, safeRedirectPath, withNotice } from '$lib/server/request';
import {
	resendVerification,
	signOut,
	tokenOwner,
	verifyEmail
} from '$lib/server/services/accounts';
import { formAction, serviceAction, signedIn } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// The link only shows a button: mail scanners that open links must not use up the token. A
// browser signed in to another account is told so, and chooses whether to switch. A link from a
// sign-up that began at an invitation carries `next`: the button's form passes it on, and
// confirming lands there (the invitation) instead of on the account page.
export const load = (async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const resent = url.searchParams.get('resent') === '1';
	const next = safeRedirectPath(url.searchParams.get('next'), null);
	if (!token || token.length > 200)
		return { token, next, live: false, resent, otherAccount: false };
	const owner = await tokenOwner(await getDb(), token, 'verify_email');
	const otherAccount = owner !== null && locals.user !== null && locals.user.id !== owner;
	return { token, next, live: owner !== null, resent, otherAccount };
}) satisfies PageServerLoad;

export const actions = {
	confirm: async (event) => {
		return formAction(tokenSchema, undefined, async (input, formData) => {
			const db = await getDb();
			const signedInAs = event.locals.user?.id ?? null;
			const result = await verifyEmail(db, requestContext(event), {
				token: input.token,
				signedInAs,
				// Only the button that says so switches accounts.
				switchAccount: formData.get('switch') === 'yes'
			});
			const { session } = result;
			if (!session) redirect(303, '/account?notice=verified_other');
			if (event.locals.session) await signOut(db, event.locals.session.id);
			setSessionCookie(event.cookies, session.token, session.session.expiresAt);
			const next = safeRedirectPath(formData.get('next'), null);
			redirect(303, next ? withNotice(next, 'verified') : '/account?notice=verified');
		});
	},
	resend: async () => {
		const { db, actor } = await signedIn();
		return serviceAction(new FormData(), undefined, async () => {
			await resendVerification(db, actor);
			redirect(303, '/verify-email?resent=1');
		});
	}
} satisfies Actions;
