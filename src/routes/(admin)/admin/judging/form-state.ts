/** The failure an action returned (`fail(status, { form, values, errors, message })`). */
export type JudgingFailure = {
	form?: string;
	values: Record<string, string | string[]>;
	errors: Record<string, string>;
	message?: string;
};

export function failureOf(form: unknown): JudgingFailure | null {
	return form && typeof form === 'object' && 'errors' in form ? (form as JudgingFailure) : null;
}

/** The failure of one named form on a page with several. */
export function failureFor(failure: JudgingFailure | null, name: string): JudgingFailure | null {
	return failure?.form === name ? failure : null;
}

/** Text values of a refused form (a repeated field keeps its first value). */
export function textValues(failure: JudgingFailure | null): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(failure?.values ?? {}))
		values[key] = Array.isArray(value) ? (value[0] ?? '') : value;
	return values;
}

/** What a form shows: the stored values, or what was typed when it was refused. */
export function shownValues<T extends Record<string, string>>(
	failure: JudgingFailure | null,
	stored: T
): T & Record<string, string> {
	return failure ? { ...stored, ...textValues(failure) } : stored;
}
