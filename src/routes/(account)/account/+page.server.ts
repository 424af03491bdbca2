import { error, redirect } from '@sveltejs/kit';
import { countryOptions } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { cookieMaxAge, cookieName, getLocale } from '$lib/paraglide/runtime';
import { profileSchema } from '$lib/schemas/account';
import { now } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { getAccount, updateProfile } from '$lib/server/services/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user } = requireUser(event);
	const account = await getAccount(await getDb(), user.id);
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
		const { user } = requireUser(event);
		const parsed = await parseForm(event.request, profileSchema(now()), 'profile');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'profile', () =>
			updateProfile(db, user.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		// The chosen language applies right away on this device.
		event.cookies.set(cookieName, parsed.data.locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax'
		});
		redirect(303, '/account?notice=profile_saved');
	}
} satisfies Actions;
