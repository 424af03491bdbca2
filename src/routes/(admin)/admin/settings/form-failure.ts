/** The failure a settings action returned (`fail(400, { form, values, errors, message })`). */
export type SettingsFailure = {
	form?: string;
	values: Record<string, string>;
	errors: Record<string, string>;
	message?: string;
};

export function failureOf(form: unknown): SettingsFailure | null {
	return form && typeof form === 'object' && 'errors' in form ? (form as SettingsFailure) : null;
}

/** Errors of one form on a page with several. */
export function errorsOf(failure: SettingsFailure | null, name: string): Record<string, string> {
	return failure?.form === name ? failure.errors : {};
}

/** What the form shows: the stored values, or what was typed when it was refused. */
export function valuesOf<T extends Record<string, string>>(
	failure: SettingsFailure | null,
	name: string,
	stored: T
): T {
	return failure?.form === name ? { ...stored, ...failure.values } : stored;
}
