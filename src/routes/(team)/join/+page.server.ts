import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { acceptInvite, findMembership, previewInvite } from '$lib/server/services/teams';
import { formAction, participant } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const readable = (token: string) => token.length > 0 && token.length <= 200;

// Signed out, the page names the team and who invited, and its sign-in and sign-up links carry
// the invitation (`next`) through sign-up and the confirmation mail back here.
export const load = (async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const next = `/join?token=${encodeURIComponent(token)}`;
	const db = await getDb();
	if (!locals.user) {
		const preview = readable(token)
			? await previewInvite(db, token, null)
			: { valid: false as const, problem: null };
		const signUp = new URLSearchParams({ next });
		if (preview.valid && preview.forEmail) signUp.set('email', preview.forEmail);
		return {
			token,
			next,
			signedIn: false as const,
			preview,
			signInHref: `/sign-in?${new URLSearchParams({ next })}`,
			signUpHref: `/sign-up?${signUp}`
		};
	}
	const challenge = await requireChallenge();
	const membership = await findMembership(db, locals.user.id, challenge.id);
	const preview = readable(token)
		? await previewInvite(db, token, locals.user.email)
		: { valid: false as const, problem: null };
	return {
		token,
		next,
		signedIn: true as const,
		alreadyIn: membership?.teamName ?? null,
		preview
	};
}) satisfies PageServerLoad;

export const actions = {
	accept: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(tokenSchema, 'accept', async (input) => {
			await acceptInvite(db, actor, { challenge, token: input.token });
			redirect(303, '/team?notice=joined');
		});
	}
} satisfies Actions;
