import type { Handle, RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

/**
 * Bounds on what a request body may cost before any route reads it. adapter-node's own limit
 * (BODY_SIZE_LIMIT, set high in scripts/serve.js for pitch decks) applies to every route alike;
 * here every body is held to what a real form needs, and only the upload actions get more.
 *
 * The biggest real form is far below both bounds: a criterion with a descriptor for each of 101
 * scale points posts about 310 fields, an entry step at most ten thousand characters.
 */
export const FORM_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_BODY_LIMIT = 64 * 1024 * 1024;
export const MAX_FORM_FIELDS = 1000;
/**
 * The forms anyone may post without an account (signing up and in, links from mail, a
 * guardian's consent) read their fields before they know who asks, so their bodies are held to
 * what they need (a sign-up is under 4 KB even fully percent-encoded): the worst post a stranger
 * can make costs a node a few milliseconds. Every other route authorizes before it parses.
 */
export const ANONYMOUS_FORM_LIMIT = 64 * 1024;
const ANONYMOUS_FORMS = new Set([
	'/(auth)/sign-in',
	'/(auth)/sign-up',
	'/(auth)/forgot-password',
	'/(auth)/reset-password',
	'/(auth)/verify-email',
	'/(auth)/confirm-email-change',
	'/(auth)/consent'
]);

/**
 * The form actions that receive files, by route id. Every other body, anonymous or not, is
 * refused above FORM_BODY_LIMIT before a byte of it is parsed.
 */
const UPLOAD_ACTIONS: Record<string, string> = {
	'/(team)/team/entry/[step]': 'upload'
};

/** Why a body was refused: too many bytes or too many fields. */
export class RequestBodyError extends Error {
	override name = 'RequestBodyError';
	readonly status = 413;
	constructor(readonly reason: 'size' | 'fields') {
		super(reason === 'size' ? 'Request body too large' : 'Too many form fields');
	}
}

type BodyEvent = Pick<RequestEvent, 'request' | 'route' | 'url'>;

export function isUploadAction(event: Pick<RequestEvent, 'route' | 'url'>): boolean {
	const action = event.route.id ? UPLOAD_ACTIONS[event.route.id] : undefined;
	return action !== undefined && event.url.search === `?/${action}`;
}

export function bodyLimitOf(event: Pick<RequestEvent, 'route' | 'url'>): number {
	if (isUploadAction(event)) return UPLOAD_BODY_LIMIT;
	if (event.route.id && ANONYMOUS_FORMS.has(event.route.id)) return ANONYMOUS_FORM_LIMIT;
	return FORM_BODY_LIMIT;
}

const encoder = new TextEncoder();

/**
 * Counts the fields of a form body without parsing it: `&`-separated pairs, or multipart
 * delimiters. Callers stop at MAX_FORM_FIELDS, so the count never walks more than it must.
 */
export function createFieldCounter(contentType: string | null): (chunk: Uint8Array) => number {
	const type = (contentType ?? '').toLowerCase();
	if (type.startsWith('application/x-www-form-urlencoded')) {
		let fields = 0;
		let empty = true;
		return (chunk) => {
			if (chunk.byteLength > 0 && empty) {
				empty = false;
				fields = 1;
			}
			for (let index = chunk.indexOf(0x26); index !== -1; index = chunk.indexOf(0x26, index + 1))
				fields += 1;
			return fields;
		};
	}
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	if (type.startsWith('multipart/form-data') && boundary) {
		const delimiter = encoder.encode(`--${boundary[1] ?? boundary[2]}`);
		let delimiters = 0;
		// A delimiter can straddle two chunks: keep the tail of the previous one.
		let carry = new Uint8Array(0);
		return (chunk) => {
			const joined = new Uint8Array(carry.byteLength + chunk.byteLength);
			joined.set(carry);
			joined.set(chunk, carry.byteLength);
			const text = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength);
			let from = 0;
			for (let index = text.indexOf(delimiter, from); index !== -1;) {
				delimiters += 1;
				from = index + delimiter.byteLength;
				index = text.indexOf(delimiter, from);
			}
			const keep = Math.min(delimiter.byteLength - 1, joined.byteLength - from);
			carry = joined.slice(joined.byteLength - Math.max(0, keep));
			// n parts have n + 1 delimiters (the last one closes the body).
			return Math.max(0, delimiters - 1);
		};
	}
	return () => 0;
}

/**
 * The body as a stream that fails with RequestBodyError once it passes the byte limit or the
 * field limit, so even a body without Content-Length (chunked) is cut off while it arrives.
 */
export function limitBodyStream(
	body: ReadableStream<Uint8Array>,
	contentType: string | null,
	limit: number
): ReadableStream<Uint8Array> {
	const countFields = createFieldCounter(contentType);
	let bytes = 0;
	return body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				bytes += chunk.byteLength;
				if (bytes > limit) controller.error(new RequestBodyError('size'));
				else if (countFields(chunk) > MAX_FORM_FIELDS)
					controller.error(new RequestBodyError('fields'));
				else controller.enqueue(chunk);
			}
		})
	);
}

/** Reads a whole (small) body, refusing it as soon as it breaks a limit. */
async function readLimited(
	body: ReadableStream<Uint8Array>,
	contentType: string | null,
	limit: number
): Promise<Uint8Array<ArrayBuffer>> {
	const reader = limitBodyStream(body, contentType, limit).getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			chunks.push(value);
			total += value.byteLength;
		}
	} catch (error) {
		await reader.cancel().catch(() => {});
		throw error;
	}
	const whole = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		whole.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return whole;
}

function tooLarge(reason: RequestBodyError['reason']): Response {
	const message = reason === 'size' ? m.error_body_too_large() : m.error_too_many_fields();
	return new Response(message, {
		status: 413,
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store',
			// The rest of the body is not wanted: close rather than read it to the end.
			connection: 'close'
		}
	});
}

/**
 * Before any route runs: a declared length over the limit is refused at once; a form body is
 * read (at most FORM_BODY_LIMIT) and its fields counted before anything parses it; an upload's
 * body stays a stream, cut off by the same checks while it arrives (the upload action turns
 * that into a message on its form).
 */
export const limitRequestBodies: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return resolve(event);
	const limit = bodyLimitOf(event);
	const declared = Number(request.headers.get('content-length') ?? Number.NaN);
	if (declared > limit) return tooLarge('size');
	const contentType = request.headers.get('content-type');
	if (limit === UPLOAD_BODY_LIMIT) {
		replaceBody(event, limitBodyStream(request.body, contentType, limit));
		return resolve(event);
	}
	let body: Uint8Array<ArrayBuffer>;
	try {
		body = await readLimited(request.body, contentType, limit);
	} catch (error) {
		if (error instanceof RequestBodyError) return tooLarge(error.reason);
		throw error;
	}
	replaceBody(event, body);
	return resolve(event);
};

function replaceBody(event: BodyEvent, body: BodyInit): void {
	const { request } = event;
	event.request = new Request(request.url, {
		method: request.method,
		headers: request.headers,
		body,
		signal: request.signal,
		// Required by Node's fetch for a stream body.
		duplex: 'half'
	} as RequestInit);
}
