import { questionsOfStep } from '$lib/domain/entry-fields';
import { m } from '$lib/paraglide/messages';
import { EDITABLE_STEPS, entryHelpSchema, HELP_MAX } from '$lib/schemas/challenge-settings';
import { updateEntryHelp } from '$lib/server/services/challenge-settings';
import { formAction, organizer } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	const { challenge } = await organizer(m.settings_error_no_challenge);
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
	help: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(entryHelpSchema, 'help', async (input) => {
			const result = await updateEntryHelp(db, actor, { ...input, challengeId: challenge.id });
			// The confirmation shows beside the form just saved (the page is long).
			return {
				form: 'help',
				step: input.step,
				done: result.fields.length > 0 ? m.settings_saved() : m.settings_unchanged()
			};
		});
	}
} satisfies Actions;
