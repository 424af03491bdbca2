import { redirect } from '@sveltejs/kit';
import { forgotPasswordSchema } from '$lib/schemas/account';
import { getDb } from '$lib/server/db';
import { requestContext } from '$lib/server/request';
import { requestPasswordReset } from '$lib/server/services/accounts';
import { formAction } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ url }) => ({
	sent: url.searchParams.get('sent') === '1'
})) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		return formAction(forgotPasswordSchema, undefined, async (input) => {
			const db = await getDb();
			await requestPasswordReset(db, requestContext(event), { email: input.email });
			redirect(303, '/forgot-password?sent=1');
		});
	}
} satisfies Actions;
