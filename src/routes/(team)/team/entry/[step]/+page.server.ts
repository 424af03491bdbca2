import { fail, redirect } from '@sveltejs/kit';
import { missingAnswers } from '$lib/domain/entry-checklist';
import type { FieldValue } from '$lib/domain/entry-merge';
import { ENTRY_STEPS, stepOf } from '$lib/domain/entry-fields';
import { m } from '$lib/paraglide/messages';
import { entryStepSchema, formQuestionsOfStep } from '$lib/schemas/entry';
import {
	choices,
	isReadOnly,
	organizerHelp,
	parseStep,
	readStepForm,
	stepFormKeys
} from '$lib/server/entry-form';
import { echoOnly, formValues, readFormData } from '$lib/server/forms';
import { getFileStore } from '$lib/server/files';
import { serviceAction, teamMember } from '$lib/server/guards';
import {
	getTeamEntry,
	saveEntryStep,
	stepFingerprints,
	stepValues,
	uploadEntryFile
} from '$lib/server/services/entries';
import { entryMedia, teamStorageUsed } from '$lib/server/services/files';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const step = parseStep(event.params.step);
	const { db, challenge, membership } = await teamMember();
	const entry = await getTeamEntry(db, membership.teamId);
	const media =
		step === 'media'
			? {
					...(await entryMedia(db, entry)),
					// In bytes: the page shows them with formatFileSize (69 KB, not "0.0 MB").
					usedBytes: await teamStorageUsed(db, membership.teamId),
					quotaBytes: challenge.teamStorageQuotaBytes,
					maxBytes: { cover: challenge.maxCoverBytes, deck: challenge.maxDeckBytes }
				}
			: null;
	const missing = missingAnswers(entry);
	return {
		step,
		steps: ENTRY_STEPS,
		incompleteSteps: [...new Set(missing.map((key) => stepOf(key)))],
		questions: formQuestionsOfStep(step),
		values: stepValues(entry, step),
		fingerprints: stepFingerprints(entry, step),
		readOnly: isReadOnly(challenge),
		help: organizerHelp(challenge),
		choices: choices(challenge),
		media
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const step = parseStep(event.params.step);
		const { db, challenge, actor } = await teamMember();
		const read = await readFormData(event.request);
		if (!read.ok) return fail(read.status, { values: {}, errors: {}, message: read.message });
		const { formData } = read;
		const { answers, base } = readStepForm(formData, step);
		echoOnly(formData, stepFormKeys(step));
		const trackIds = challenge.tracks.map((track) => track.id);
		const parsed = entryStepSchema(step, trackIds).safeParse(answers);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { values: formValues(formData), errors, message: m.form_has_errors() });
		}
		return serviceAction(formData, undefined, async () => {
			const saved = await saveEntryStep(db, actor, {
				challenge,
				step,
				values: parsed.data as Record<string, FieldValue>,
				base
			});
			if (!saved.saved)
				return fail(409, {
					conflict: true,
					conflicts: saved.conflicts,
					theirs: saved.theirs,
					fingerprints: saved.fingerprints,
					values: formValues(formData),
					errors: {},
					message: m.entry_conflict()
				});
			const intent = formData.get('intent');
			if (intent === 'autosave') return { autosaved: true, fingerprints: saved.fingerprints };
			if (intent === 'next') {
				const next = ENTRY_STEPS[ENTRY_STEPS.indexOf(step) + 1] ?? 'review';
				redirect(303, `/team/entry/${next}`);
			}
			redirect(303, `/team/entry/${step}?notice=entry_saved`);
		});
	},
	upload: async (event) => {
		const step = parseStep(event.params.step);
		const { db, challenge, actor } = await teamMember();
		const read = await readFormData(event.request);
		if (!read.ok)
			return fail(read.status, { form: 'upload', values: {}, errors: {}, message: read.message });
		const { formData } = read;
		const kind = formData.get('kind');
		const file = formData.get('file');
		if (step !== 'media' || (kind !== 'cover' && kind !== 'deck'))
			return fail(400, {
				form: 'upload',
				values: {},
				errors: {},
				message: m.error_invalid_request()
			});
		// The kind goes back with a refusal, so the page shows it beside that upload's control.
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				form: 'upload',
				values: { kind },
				errors: { [kind]: m.error_required() },
				message: m.form_has_errors()
			});
		if (isReadOnly(challenge))
			return fail(409, {
				form: 'upload',
				values: { kind },
				errors: { [kind]: m.entry_error_deadline_passed() },
				message: m.entry_error_deadline_passed()
			});
		// Stored and linked in one go: a refusal (the deadline passed meanwhile, the quota) keeps
		// the file it would have replaced.
		return serviceAction(formData, 'upload', async () => {
			await uploadEntryFile(db, getFileStore(), actor, {
				challenge,
				kind,
				data: new Uint8Array(await file.arrayBuffer())
			});
			// Back to the upload itself, which says what was stored (not a notice at the page's top).
			redirect(303, `/team/entry/media?uploaded=${kind}#${kind}-heading`);
		});
	}
} satisfies Actions;
