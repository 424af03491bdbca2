import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isServiceError } from './errors';
import { RequestBodyError } from './request-body';

export type FieldErrors = Record<string, string>;
export type FormFailure = {
	form?: string;
	values: Record<string, string | string[]>;
	errors: FieldErrors;
	message?: string;
};

// Never echo secrets back into the page.
const SECRET_FIELDS = /password|token|confirmation/i;

/**
 * The keys a form's schema reads, remembered per parsed form so that a later failure (a service
 * refusing the action) echoes the same keys as a validation failure does.
 */
const echoedKeys = new WeakMap<FormData, ReadonlySet<string>>();

/** Limits what failures of this form show again to these keys (parseForm does it by schema). */
export function echoOnly(formData: FormData, keys: ReadonlySet<string>): void {
	echoedKeys.set(formData, keys);
}

/**
 * The typed values to show again after a failure, in one pass over the form: only the given keys
 * (the schema's, when the form was read by parseForm), never secrets, never files.
 */
export function formValues(
	formData: FormData,
	keys: ReadonlySet<string> | undefined = echoedKeys.get(formData)
): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const [key, value] of formData.entries()) {
		if (typeof value !== 'string' || SECRET_FIELDS.test(key)) continue;
		if (keys && !keys.has(key)) continue;
		const previous = values[key];
		if (previous === undefined) values[key] = value;
		else if (Array.isArray(previous)) previous.push(value);
		else values[key] = [previous, value];
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

type SchemaDefinition = { shape?: object; in?: unknown; catchall?: { def?: { type?: string } } };

/**
 * The field names of an object schema (also behind a transform); undefined for any other, and
 * for a loose object, whose other fields are read too (their names depend on its own fields).
 */
function schemaKeys(schema: z.ZodType): ReadonlySet<string> | undefined {
	let current: unknown = schema;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const definition = (current as { def?: SchemaDefinition }).def;
		if (definition?.shape) {
			const catchall = definition.catchall?.def?.type;
			if (catchall && catchall !== 'never') return undefined;
			return new Set(Object.keys(definition.shape));
		}
		current = definition?.in;
	}
	return undefined;
}

/**
 * Reads a request's form. The body has already been bounded by the request-body hook (size and
 * number of fields); what is refused here is a body that cannot be read as a form, or an upload
 * cut off while it arrived.
 */
export async function readFormData(
	request: Request
): Promise<{ ok: true; formData: FormData } | { ok: false; status: 400 | 413; message: string }> {
	try {
		return { ok: true, formData: await request.formData() };
	} catch (error) {
		if (error instanceof RequestBodyError)
			return {
				ok: false,
				status: 413,
				message: error.reason === 'size' ? m.error_body_too_large() : m.error_too_many_fields()
			};
		return { ok: false, status: 400, message: m.form_has_errors() };
	}
}

/**
 * The form of an action that validates its fields itself, or an empty form when the body is not
 * one (its fields are then missing and refused as such).
 */
export async function formDataOf(request: Request): Promise<FormData> {
	const read = await readFormData(request);
	return read.ok ? read.formData : new FormData();
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
	const read = await readFormData(request);
	if (!read.ok)
		return {
			ok: false,
			failure: fail(read.status, { form: formName, values: {}, errors: {}, message: read.message })
		};
	const { formData } = read;
	const keys = schemaKeys(schema);
	if (keys) echoOnly(formData, keys);
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
 * Routes call it through `formAction` / `serviceAction` (guards.ts).
 */
export async function runAction<T>(
	event: Pick<RequestEvent, 'setHeaders'> & Partial<Pick<RequestEvent, 'locals'>>,
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
	} finally {
		// The action may have changed the challenge: the load that follows it reads it again.
		if (event.locals) delete event.locals.challenge;
	}
}
