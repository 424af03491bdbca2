import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` handlers. SvelteKit resets a form after submitting; ours keep what was typed
 * (a failed submit must never lose work) and can disable the button while a request is out.
 */
export const keepValues: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });

/**
 * Like keepValues, but clears the form once the action succeeded (a redirect or a success): a
 * selection that was applied should not stay selected for the next action.
 */
export const clearAfterSuccess: SubmitFunction =
	({ formElement }) =>
	async ({ result, update }) => {
		await update({ reset: false });
		if (result.type === 'redirect' || result.type === 'success') formElement.reset();
	};

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
