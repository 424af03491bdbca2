import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/schemas/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext, safeRedirectPath } from '$lib/server/request';
import { landingFor, signIn } from '$lib/server/services/accounts';
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
		const parsed = await parseForm(event.request, signInSchema);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			signIn(db, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		setSessionCookie(event.cookies, result.value.token, result.value.session.expiresAt);
		const next = safeRedirectPath(event.url.searchParams.get('next'), null);
		redirect(303, next ?? (await landingFor(db, result.value.session.userId)));
	}
} satisfies Actions;
