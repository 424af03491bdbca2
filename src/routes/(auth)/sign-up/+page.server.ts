import { redirect } from '@sveltejs/kit';
import { countryOptions } from '$lib/domain/countries';
import { getLocale } from '$lib/paraglide/runtime';
import { ACCOUNT_MINIMUM_AGE, signUpSchema } from '$lib/schemas/account';
import { emailField } from '$lib/schemas/fields';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { now } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { requestContext, safeRedirectPath } from '$lib/server/request';
import { landingFor, signUp } from '$lib/server/services/accounts';
import { getCurrentChallenge } from '$lib/server/services/challenges';
import { formAction } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// An invitation sends people here with `next` (where the confirmation link brings them back)
// and, when it was mailed to one address, `email` (the address it must be accepted with). The
// form posts to this same URL, so the action reads `next` from it too.
export const load = (async ({ locals, url }) => {
	const next = safeRedirectPath(url.searchParams.get('next'), null);
	if (locals.user) redirect(303, next ?? (await landingFor(await getDb(), locals.user.id)));
	const invited = emailField.safeParse(url.searchParams.get('email') ?? '');
	const challenge = await getCurrentChallenge(await getDb());
	return {
		next,
		invitedEmail: invited.success ? invited.data : null,
		countries: countryOptions(getLocale()),
		ages: { min: challenge?.minAge ?? 15, max: challenge?.maxAge ?? 35 },
		today: now().toISOString().slice(0, 10),
		minimumAge: ACCOUNT_MINIMUM_AGE
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		return formAction(signUpSchema(now(), isCommonPassword), undefined, async (input) => {
			const db = await getDb();
			const next = safeRedirectPath(event.url.searchParams.get('next'), null);
			await signUp(db, requestContext(event), { ...input, next });
			redirect(303, next ? '/sign-up/check-inbox?invited=1' : '/sign-up/check-inbox');
		});
	}
} satisfies Actions;
