import { redirect } from '@sveltejs/kit';
import { roundSettingsSchema } from '$lib/schemas/judging';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { createRound, listRounds } from '$lib/server/services/rounds';
import { actorOf } from '../../judging.server';
import { roundFormContext, roundFormValues } from '../../round-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const zone = event.locals.timeZone ?? challenge.timeZone;
	const [context, rounds] = await Promise.all([
		roundFormContext(db, challenge.id, zone),
		listRounds(db, challenge.id)
	]);
	// A new round starts where the last one ends (or with judging), until the results.
	const last = rounds.at(-1);
	const opensAt =
		last && last.closesAt < challenge.resultsAt ? last.closesAt : challenge.judgingStartsAt;
	const closesAt =
		challenge.resultsAt > opensAt
			? challenge.resultsAt
			: new Date(opensAt.getTime() + 7 * 86_400_000);
	return {
		context,
		position: (last?.position ?? 0) + 1,
		values: roundFormValues(
			{
				name: '',
				// The previous round's rubric, else the first one.
				rubricId: last?.rubricId ?? context.rubrics.find((rubric) => rubric.latest)?.id ?? '',
				opensAt,
				closesAt,
				judgesPerEntry: 3,
				blind: true,
				peerScores: 'never'
			},
			zone
		)
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const zone = event.locals.timeZone ?? challenge.timeZone;
		const parsed = await parseForm(event.request, roundSettingsSchema(zone), 'create');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'create', () =>
			createRound(db, actorOf(event, user.id), challenge.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/admin/judging/rounds/${result.value.roundId}?notice=round_created`);
	}
} satisfies Actions;
