import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` handlers. SvelteKit resets a form after submitting; ours keep what was typed
 * (a failed submit must never lose work) and can disable the button while a request is out.
 */
export const keepValues: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });

export function submission() {
	let pending = $state(false);
	const enhance: SubmitFunction = () => {
		pending = true;
		return async ({ update }) => {
			await update({ reset: false });
			pending = false;
		};
	};
	return {
		get pending() {
			return pending;
		},
		enhance
	};
}
