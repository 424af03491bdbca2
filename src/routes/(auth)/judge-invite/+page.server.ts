import { redirect } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { tokenSchema } from '$lib/schemas/account';
import { getDb } from '$lib/server/db';
import { formatDate } from '$lib/server/format';
import { acceptJudgeInvite, previewJudgeInvite } from '$lib/server/services/judge-invites';
import { formAction, signedIn } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// The link only shows a button: mail scanners that open links must not use up the invitation.
export const load = (async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const next = `/judge-invite?token=${encodeURIComponent(token)}`;
	const preview = await previewJudgeInvite(await getDb(), token);
	if (!preview.valid)
		return { token, next, invite: { valid: false as const, problem: preview.problem } };
	const locale = getLocale();
	return {
		token,
		next,
		// Sign-up keeps the invited address in its form and mails a confirmation link that comes
		// back here (`next`), where the new account accepts.
		signUpHref: locals.user
			? null
			: `/sign-up?${new URLSearchParams({ email: preview.email, next })}`,
		signedInAs: locals.user?.email ?? null,
		invite: {
			valid: true as const,
			challenge: localize(preview.challengeTitle, locale),
			expires: formatDate(preview.expiresAt, locale, locals.timeZone ?? 'UTC')
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	accept: async () => {
		const { db, actor } = await signedIn();
		return formAction(tokenSchema, 'accept', async (input) => {
			await acceptJudgeInvite(db, actor, { token: input.token });
			redirect(303, '/judge/profile?notice=welcome');
		});
	}
} satisfies Actions;
