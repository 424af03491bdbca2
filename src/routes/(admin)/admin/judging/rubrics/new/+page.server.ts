import { redirect } from '@sveltejs/kit';
import { RUBRIC_LIMITS, rubricFormSchema } from '$lib/schemas/judging';
import { createRubric } from '$lib/server/services/rubrics';
import { formAction, organizer } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	await organizer();
	return { limits: { name: RUBRIC_LIMITS.name, description: RUBRIC_LIMITS.description } };
}) satisfies PageServerLoad;

export const actions = {
	create: async () => {
		const { db, challenge, actor } = await organizer();
		return formAction(rubricFormSchema, 'create', async (input) => {
			const result = await createRubric(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, `/admin/judging/rubrics/${result.rubricId}?notice=rubric_created`);
		});
	}
} satisfies Actions;
