import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { signOut } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session) await signOut(await getDb(), locals.session.id);
		deleteSessionCookie(cookies);
		redirect(303, '/sign-in?notice=signed_out');
	}
} satisfies Actions;
