import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isServiceError } from './errors';

export type FieldErrors = Record<string, string>;
export type FormFailure = {
	form?: string;
	values: Record<string, string | string[]>;
	errors: FieldErrors;
	message?: string;
};

// Never echo secrets back into the page.
const SECRET_FIELDS = /password|token|confirmation/i;

export function formValues(formData: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(formData.keys())) {
		if (SECRET_FIELDS.test(key)) continue;
		const all = formData.getAll(key).filter((value): value is string => typeof value === 'string');
		values[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}

/** Plain object of the form's text fields (files are ignored here). */
export function formObject(formData: FormData): Record<string, string> {
	const object: Record<string, string> = {};
	for (const [key, value] of formData.entries()) {
		if (typeof value === 'string' && !(key in object)) object[key] = value;
	}
	return object;
}

export type Parsed<T> =
	{ ok: true; data: T; formData: FormData } | { ok: false; failure: ActionFailure<FormFailure> };

/**
 * Reads and validates a form. On failure: HTTP 400, a message per field, and the typed values
 * (except secrets) so nothing the person typed is lost.
 */
export async function parseForm<Schema extends z.ZodType>(
	request: Request,
	schema: Schema,
	formName?: string
): Promise<Parsed<z.output<Schema>>> {
	let formData: FormData;
	try {
		formData = await request.formData();
	} catch {
		return {
			ok: false,
			failure: fail(400, { form: formName, values: {}, errors: {}, message: m.form_has_errors() })
		};
	}
	const result = schema.safeParse(formObject(formData));
	if (result.success) return { ok: true, data: result.data, formData };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return {
		ok: false,
		failure: fail(400, {
			form: formName,
			values: formValues(formData),
			errors,
			message: m.form_has_errors()
		})
	};
}

/**
 * Runs a service call from a form action; a ServiceError becomes a failure on its field
 * (429 also sets Retry-After). Anything else is a bug and propagates to the error page.
 */
export async function runAction<T>(
	event: Pick<RequestEvent, 'setHeaders'>,
	formData: FormData,
	formName: string | undefined,
	action: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<FormFailure> }> {
	try {
		return { ok: true, value: await action() };
	} catch (error) {
		if (!isServiceError(error)) throw error;
		if (error.status === 429 && error.retryAfterSeconds)
			event.setHeaders({ 'retry-after': String(error.retryAfterSeconds) });
		return {
			ok: false,
			failure: fail(error.status, {
				form: formName,
				values: formValues(formData),
				errors: error.field ? { [error.field]: error.message } : {},
				message: error.message
			})
		};
	}
}
