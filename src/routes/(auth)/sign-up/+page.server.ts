import { redirect } from '@sveltejs/kit';
import { countryOptions } from '$lib/domain/countries';
import { getLocale } from '$lib/paraglide/runtime';
import { ACCOUNT_MINIMUM_AGE, signUpSchema } from '$lib/schemas/account';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { now } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requestContext } from '$lib/server/request';
import { signUp } from '$lib/server/services/accounts';
import { getCurrentChallenge } from '$lib/server/services/challenges';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	if (locals.user) redirect(303, '/account');
	const challenge = await getCurrentChallenge(await getDb());
	return {
		countries: countryOptions(getLocale()),
		ages: { min: challenge?.minAge ?? 15, max: challenge?.maxAge ?? 35 },
		today: now().toISOString().slice(0, 10),
		minimumAge: ACCOUNT_MINIMUM_AGE
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, signUpSchema(now(), isCommonPassword));
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, undefined, () =>
			signUp(db, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, '/sign-up/check-inbox');
	}
} satisfies Actions;
