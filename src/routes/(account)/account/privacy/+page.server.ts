import { redirect } from '@sveltejs/kit';
import { deleteAccountSchema } from '$lib/schemas/account';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { getFileStore } from '$lib/server/files';
import { deleteAccount } from '$lib/server/services/accounts';
import { formAction, requireUser, signedIn } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => {
	requireUser();
	return {};
}) satisfies PageServerLoad;

export const actions = {
	delete: async (event) => {
		const { db, actor } = await signedIn();
		return formAction(deleteAccountSchema, 'delete', async (input) => {
			await deleteAccount(db, getFileStore(), actor, input);
			deleteSessionCookie(event.cookies);
			redirect(303, '/?notice=account_deleted');
		});
	}
} satisfies Actions;
