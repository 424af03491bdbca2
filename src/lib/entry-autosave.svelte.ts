import { applyAction, deserialize } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

/** What the entry form shows beside its buttons while it saves by itself. */
export type AutosaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * The entry form's autosave (with JavaScript): the form is posted as an `autosave` intent a
 * moment after the last keystroke, so a draft is never lost. A success hands back the
 * fingerprints of the saved answers (the base of the next three-way merge); a refusal is applied
 * like a submitted form's (its errors and a conflict's "theirs" show); anything else says the
 * save failed. Pressing a button of the form cancels the pending autosave.
 */
export function createAutosave(options: {
	form: () => HTMLFormElement | undefined;
	readOnly: () => boolean;
	saved: (fingerprints: Record<string, string>) => void;
	delay?: number;
}) {
	let status = $state<AutosaveStatus>('idle');
	let savedAt = $state('');
	let timer: ReturnType<typeof setTimeout> | undefined;

	async function save() {
		const form = options.form();
		if (!form || options.readOnly()) return;
		status = 'saving';
		const body = new FormData(form);
		body.set('intent', 'autosave');
		try {
			const response = await fetch(form.action, {
				method: 'POST',
				body,
				headers: { 'x-sveltekit-action': 'true' }
			});
			const outcome = deserialize(await response.text());
			if (outcome.type === 'success') {
				options.saved((outcome.data as { fingerprints: Record<string, string> }).fingerprints);
				savedAt = new Intl.DateTimeFormat([], {
					hour: '2-digit',
					minute: '2-digit',
					timeZoneName: 'short'
				}).format(Date.now());
				status = 'saved';
			} else if (outcome.type === 'failure') {
				await applyAction(outcome);
				status = 'idle';
			} else status = 'failed';
		} catch {
			status = 'failed';
		}
	}

	return {
		get status() {
			return status;
		},
		/** The local time of the last autosave, for "Saved at …". */
		get savedAt() {
			return savedAt;
		},
		/** For the form's input and change events. */
		schedule() {
			clearTimeout(timer);
			timer = setTimeout(save, options.delay ?? 2000);
		},
		/** For `use:enhance` on the form: a submit replaces the pending autosave. */
		submit: (() => {
			clearTimeout(timer);
			return ({ update }) => update({ reset: false });
		}) satisfies SubmitFunction
	};
}
