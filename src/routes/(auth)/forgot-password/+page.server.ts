import { redirect } from '@sveltejs/kit';
import { forgotPasswordSchema } from '$lib/schemas/account';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext } from '$lib/server/request';
import { requestPasswordReset } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ url }) => ({
	sent: url.searchParams.get('sent') === '1'
})) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, forgotPasswordSchema);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			requestPasswordReset(db, parsed.data.email, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, '/forgot-password?sent=1');
	}
} satisfies Actions;
