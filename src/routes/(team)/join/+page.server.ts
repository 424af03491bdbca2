import { redirect } from '@sveltejs/kit';
import { tokenSchema } from '$lib/schemas/account';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { acceptInvite, findMembership, previewInvite } from '$lib/server/services/teams';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const next = `/join?token=${encodeURIComponent(token)}`;
	if (!locals.user) return { token, next, signedIn: false as const };
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const membership = await findMembership(db, locals.user.id, challenge.id);
	const preview =
		token && token.length <= 200
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
	accept: async (event) => {
		const { user } = requireUser(event);
		const parsed = await parseForm(event.request, tokenSchema, 'accept');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const result = await runAction(event, parsed.formData, 'accept', () =>
			acceptInvite(db, user.id, challenge, parsed.data.token, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=joined');
	}
} satisfies Actions;
