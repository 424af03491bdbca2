import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/schemas/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { requestContext, safeRedirectPath } from '$lib/server/request';
import { landingFor, signIn } from '$lib/server/services/accounts';
import { formAction } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// Without a `next` (an invitation, a page that asked to sign in), each person lands where
// their work is: organizers on the dashboard, judges in the workspace, members on their team.
export const load = (async ({ locals, url }) => {
	const next = safeRedirectPath(url.searchParams.get('next'), null);
	if (locals.user) redirect(303, next ?? (await landingFor(await getDb(), locals.user.id)));
	return { next };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		return formAction(signInSchema, undefined, async (input) => {
			const db = await getDb();
			const result = await signIn(db, requestContext(event), input);
			setSessionCookie(event.cookies, result.token, result.session.expiresAt);
			const next = safeRedirectPath(event.url.searchParams.get('next'), null);
			redirect(303, next ?? (await landingFor(db, result.session.userId)));
		});
	}
} satisfies Actions;
