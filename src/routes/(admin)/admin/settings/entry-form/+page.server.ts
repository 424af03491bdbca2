import { questionsOfStep } from '$lib/domain/entry-fields';
import { m } from '$lib/paraglide/messages';
import { EDITABLE_STEPS, entryHelpSchema, HELP_MAX } from '$lib/schemas/challenge-settings';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { updateEntryHelp } from '$lib/server/services/challenge-settings';
import { requireCurrentChallenge } from '../current-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const challenge = await requireCurrentChallenge(await getDb());
	const values: Record<string, string> = {};
	for (const step of EDITABLE_STEPS)
		for (const key of questionsOfStep(step)) {
			values[`${key}En`] = challenge.entryHelp[key]?.en ?? '';
			values[`${key}Ko`] = challenge.entryHelp[key]?.ko ?? '';
		}
	return {
		steps: EDITABLE_STEPS.map((step) => ({ step, questions: questionsOfStep(step) })),
		values,
		max: HELP_MAX
	};
}) satisfies PageServerLoad;

export const actions = {
	help: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, entryHelpSchema, 'help');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'help', () =>
			updateEntryHelp(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		// The confirmation shows beside the form just saved (the page is long).
		return {
			form: 'help',
			step: parsed.data.step,
			done: result.value.fields.length > 0 ? m.settings_saved() : m.settings_unchanged()
		};
	}
} satisfies Actions;
