import { getConfig } from '$lib/server/config';
import { currentChallenge } from '$lib/server/challenge';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import type { LayoutServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const challenge = await currentChallenge();
	const locale = getLocale();
	return {
		user: locals.user
			? {
					name: locals.user.name,
					email: locals.user.email,
					emailVerified: locals.user.emailVerified,
					roles: locals.user.roles
				}
			: null,
		theme: locals.theme,
		devMailbox: getConfig().devMailbox,
		site: {
			title: challenge ? localize(challenge.title, locale) : null,
			organizer: challenge ? localize(challenge.organizerName, locale) : null,
			organizerUrl: challenge?.organizerUrl ?? null
		}
	};
}) satisfies LayoutServerLoad;
