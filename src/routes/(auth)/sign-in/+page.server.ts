import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/schemas/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext, safeRedirectPath } from '$lib/server/request';
import { signIn } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
	const next = safeRedirectPath(url.searchParams.get('next'), '/account');
	if (locals.user) redirect(303, next);
	return { next };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, signInSchema);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			signIn(db, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		setSessionCookie(event.cookies, result.value.token, result.value.session.expiresAt);
		redirect(303, safeRedirectPath(event.url.searchParams.get('next'), '/account'));
	}
} satisfies Actions;
