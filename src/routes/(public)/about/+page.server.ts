import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { currentChallenge } from '$lib/server/challenge';
import type { PageServerLoad } from './$types';

export const load = (async () => {
	const challenge = await currentChallenge();
	if (!challenge) return { challenge: null };
	const locale = getLocale();
	return {
		challenge: {
			title: localize(challenge.title, locale),
			theme: localize(challenge.theme, locale),
			description: localize(challenge.description, locale),
			organizerName: localize(challenge.organizerName, locale),
			organizerAbout: localize(challenge.organizerAbout, locale),
			organizerUrl: challenge.organizerUrl,
			contactEmail: challenge.contactEmail
		}
	};
}) satisfies PageServerLoad;
