import { redirect } from '@sveltejs/kit';
import { deleteAccountSchema } from '$lib/schemas/account';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { deleteAccount } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = ((event) => {
	requireUser(event);
	return {};
}) satisfies PageServerLoad;

export const actions = {
	delete: async (event) => {
		const { user } = requireUser(event);
		const parsed = await parseForm(event.request, deleteAccountSchema, 'delete');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'delete', () =>
			deleteAccount(db, getFileStore(), user.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		deleteSessionCookie(event.cookies);
		redirect(303, '/?notice=account_deleted');
	}
} satisfies Actions;
