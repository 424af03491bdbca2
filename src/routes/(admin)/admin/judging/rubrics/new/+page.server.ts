import { redirect } from '@sveltejs/kit';
import { RUBRIC_LIMITS, rubricFormSchema } from '$lib/schemas/judging';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { createRubric } from '$lib/server/services/rubrics';
import { actorOf } from '../../judging.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	await requireChallenge(await getDb());
	return { limits: { name: RUBRIC_LIMITS.name, description: RUBRIC_LIMITS.description } };
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, rubricFormSchema, 'create');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const result = await runAction(event, parsed.formData, 'create', () =>
			createRubric(db, actorOf(event, user.id), challenge.id, parsed.data)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/admin/judging/rubrics/${result.value.rubricId}?notice=rubric_created`);
	}
} satisfies Actions;
