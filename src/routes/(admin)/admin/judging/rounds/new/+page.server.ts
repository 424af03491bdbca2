import { redirect } from '@sveltejs/kit';
import { roundSettingsSchema } from '$lib/schemas/judging';
import { createRound, listRounds } from '$lib/server/services/rounds';
import { formAction, organizer } from '$lib/server/guards';
import { roundFormContext, roundFormValues } from '../../round-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
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
		const { db, challenge, actor } = await organizer();
		const zone = event.locals.timeZone ?? challenge.timeZone;
		return formAction(roundSettingsSchema(zone), 'create', async (input) => {
			const result = await createRound(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, `/admin/judging/rounds/${result.roundId}?notice=round_created`);
		});
	}
} satisfies Actions;
