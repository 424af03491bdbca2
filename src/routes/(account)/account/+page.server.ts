import { error, redirect } from '@sveltejs/kit';
import { countryOptions } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { cookieMaxAge, cookieName, getLocale } from '$lib/paraglide/runtime';
import { profileSchema } from '$lib/schemas/account';
import { now } from '$lib/server/clock';
import { getAccount, updateProfile } from '$lib/server/services/accounts';
import { formAction, signedIn } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	const { user, db } = await signedIn();
	const account = await getAccount(db, user.id);
	if (!account) error(404, { message: m.error_unknown_user() });
	return {
		account: {
			name: account.name,
			email: account.email,
			emailVerified: account.emailVerified,
			country: account.country,
			dateOfBirth: account.dateOfBirth,
			locale: account.locale,
			roles: account.roles
		},
		countries: countryOptions(getLocale()),
		today: now().toISOString().slice(0, 10)
	};
}) satisfies PageServerLoad;

export const actions = {
	profile: async (event) => {
		const { db, actor } = await signedIn();
		return formAction(profileSchema(now()), 'profile', async (input) => {
			await updateProfile(db, actor, input);
			// The chosen language applies right away on this device.
			event.cookies.set(cookieName, input.locale, {
				path: '/',
				maxAge: cookieMaxAge,
				httpOnly: false,
				sameSite: 'lax'
			});
			redirect(303, '/account?notice=profile_saved');
		});
	}
} satisfies Actions;
