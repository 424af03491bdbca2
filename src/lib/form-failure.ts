/**
 * The one client-side reading of a refused form: what an action returned with
 * `fail(status, { form, values, errors, message })` (see $lib/server/forms), typed once so pages
 * do not cast `form` themselves.
 */
export type FormFailure = {
	/** Which form on a page with several. */
	form?: string;
	values: Record<string, string | string[]>;
	errors: Record<string, string>;
	message?: string;
};

/** The failure an action returned, or null after a success or on a first visit. */
export function failureOf(form: unknown): FormFailure | null {
	return form && typeof form === 'object' && 'errors' in form ? (form as FormFailure) : null;
}

/** The failure of one named form on a page with several. */
export function failureFor(failure: FormFailure | null, name: string): FormFailure | null {
	return failure?.form === name ? failure : null;
}

/** Errors of one form by field (none when the form was not refused). */
export function errorsOf(failure: FormFailure | null, name?: string): Record<string, string> {
	return (name === undefined ? failure : failureFor(failure, name))?.errors ?? {};
}

/** The message of one named form's failure (a refusal not tied to a field). */
export function messageOf(failure: FormFailure | null, name: string): string | undefined {
	return failureFor(failure, name)?.message;
}

/** Text values of a refused form (a repeated field keeps its first value). */
export function textValues(failure: FormFailure | null): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(failure?.values ?? {}))
		values[key] = Array.isArray(value) ? (value[0] ?? '') : value;
	return values;
}

/** What a form shows: the stored values, or what was typed when it was refused. */
export function shownValues<T extends Record<string, string>>(
	failure: FormFailure | null,
	stored: T
): T & Record<string, string> {
	return failure ? { ...stored, ...textValues(failure) } : stored;
}

/** shownValues for one named form on a page with several. */
export function valuesOf<T extends Record<string, string>>(
	failure: FormFailure | null,
	name: string,
	stored: T
): T & Record<string, string> {
	return shownValues(failureFor(failure, name), stored);
}
