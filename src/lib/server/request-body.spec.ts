import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import {
	ANONYMOUS_FORM_LIMIT,
	createFieldCounter,
	FORM_BODY_LIMIT,
	limitBodyStream,
	limitRequestBodies,
	MAX_FORM_FIELDS,
	RequestBodyError
} from './request-body';

const encoder = new TextEncoder();
const URLENCODED = 'application/x-www-form-urlencoded';

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
	return new ReadableStream({
		start(controller) {
			for (const chunk of chunks)
				controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
			controller.close();
		}
	});
}

function multipart(boundary: string, fields: number): string {
	const parts = Array.from(
		{ length: fields },
		(_, index) => `--${boundary}\r\nContent-Disposition: form-data; name="f${index}"\r\n\r\nv\r\n`
	);
	return `${parts.join('')}--${boundary}--\r\n`;
}

/** Splits text into chunks of a few bytes, so delimiters straddle chunk ends. */
function chopped(text: string, size: number): Uint8Array[] {
	const bytes = encoder.encode(text);
	const chunks: Uint8Array[] = [];
	for (let index = 0; index < bytes.byteLength; index += size)
		chunks.push(bytes.slice(index, index + size));
	return chunks;
}

describe('createFieldCounter', () => {
	it('counts url-encoded pairs across chunks', () => {
		const count = createFieldCounter(URLENCODED);
		count(encoder.encode('a=1&b='));
		expect(count(encoder.encode('2&c=3'))).toBe(3);
		expect(createFieldCounter(URLENCODED)(new Uint8Array(0))).toBe(0);
	});

	it('counts multipart parts whatever the chunking', () => {
		const boundary = '----WebKitFormBoundaryAbC123';
		const body = multipart(boundary, 37);
		for (const size of [1, 3, 7, 64, 100_000]) {
			const count = createFieldCounter(`multipart/form-data; boundary=${boundary}`);
			let fields = 0;
			for (const chunk of chopped(body, size)) fields = count(chunk);
			expect(fields, `chunks of ${size}`).toBe(37);
		}
	});

	it('reads a quoted boundary', () => {
		const count = createFieldCounter('multipart/form-data; boundary="a b"');
		expect(count(encoder.encode(multipart('a b', 4)))).toBe(4);
	});
});

describe('limitBodyStream', () => {
	async function drain(stream: ReadableStream<Uint8Array>) {
		const reader = stream.getReader();
		for (;;) if ((await reader.read()).done) return;
	}

	it('passes a body within the limits unchanged', async () => {
		const text = await new Response(
			limitBodyStream(streamOf(['a=1&', 'b=2']), URLENCODED, 100)
		).text();
		expect(text).toBe('a=1&b=2');
	});

	it('fails once the bytes pass the limit', async () => {
		const stream = limitBodyStream(streamOf(['a'.repeat(60), 'b'.repeat(60)]), URLENCODED, 100);
		await expect(drain(stream)).rejects.toMatchObject({ name: 'RequestBodyError', reason: 'size' });
	});

	it('fails once the fields pass the limit', async () => {
		const body = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, index) => `f${index}=`).join('&');
		const stream = limitBodyStream(streamOf([body]), URLENCODED, FORM_BODY_LIMIT);
		await expect(drain(stream)).rejects.toBeInstanceOf(RequestBodyError);
	});
});

describe('limitRequestBodies', () => {
	function eventFor(
		body: BodyInit,
		headers: Record<string, string>,
		route = '/(auth)/forgot-password',
		search = ''
	) {
		return {
			request: new Request(`http://localhost/forgot-password${search}`, {
				method: 'POST',
				body,
				headers,
				duplex: 'half'
			} as RequestInit),
			route: { id: route },
			url: new URL(`http://localhost/forgot-password${search}`)
		} as unknown as RequestEvent;
	}

	async function run(event: RequestEvent) {
		let reached = false;
		let formKeys = 0;
		const response = await limitRequestBodies({
			event,
			resolve: async (resolved) => {
				reached = true;
				formKeys = [...(await resolved.request.formData()).keys()].length;
				return new Response('ok');
			}
		});
		return { status: response.status, reached, formKeys };
	}

	it('lets an ordinary form through, readable by the route', async () => {
		const result = await run(eventFor('email=a%40b.org&x=1', { 'content-type': URLENCODED }));
		expect(result).toEqual({ status: 200, reached: true, formKeys: 2 });
	});

	it('refuses a declared length over the form limit without reading it', async () => {
		const event = eventFor('a=1', {
			'content-type': URLENCODED,
			'content-length': String(FORM_BODY_LIMIT + 1)
		});
		expect(await run(event)).toMatchObject({ status: 413, reached: false });
	});

	it('refuses a chunked body that grows past the form limit', async () => {
		const chunk = 'a'.repeat(256 * 1024);
		const body = streamOf([chunk, chunk, chunk, chunk, chunk]);
		expect(await run(eventFor(body, { 'content-type': URLENCODED }))).toMatchObject({
			status: 413,
			reached: false
		});
	});

	it('refuses 40,000 url-encoded fields before any route parses them', async () => {
		const body = Array.from({ length: 40_000 }, (_, index) => `f${index}=`).join('&');
		// A signed-in form: within its byte limit, refused for its fields.
		expect(await run(eventFor(body, { 'content-type': URLENCODED }, '/(team)/team'))).toMatchObject(
			{
				status: 413,
				reached: false
			}
		);
	});

	it('refuses 20,000 multipart fields', async () => {
		const boundary = 'xYz';
		const event = eventFor(
			multipart(boundary, 20_000),
			{ 'content-type': `multipart/form-data; boundary=${boundary}` },
			'/(team)/team'
		);
		expect(await run(event)).toMatchObject({ status: 413, reached: false });
	});

	it('lets an upload action take more than the form limit, as a stream', async () => {
		const boundary = 'up';
		const file = 'x'.repeat(2 * FORM_BODY_LIMIT);
		const body = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncover\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${file}\r\n--${boundary}--\r\n`;
		const event = eventFor(
			body,
			{ 'content-type': `multipart/form-data; boundary=${boundary}` },
			'/(team)/team/entry/[step]',
			'?/upload'
		);
		expect(await run(event)).toEqual({ status: 200, reached: true, formKeys: 2 });
	});

	it('holds the forms anyone may post to a small body (they parse before knowing who asks)', async () => {
		const body = `email=${'a'.repeat(ANONYMOUS_FORM_LIMIT)}`;
		expect(await run(eventFor(body, { 'content-type': URLENCODED }))).toMatchObject({
			status: 413,
			reached: false
		});
		const signedInForm = eventFor(body, { 'content-type': URLENCODED }, '/(team)/team');
		expect(await run(signedInForm)).toMatchObject({ status: 200, reached: true });
	});

	it('holds another action of the upload route to the form limit', async () => {
		const event = eventFor(
			'a'.repeat(FORM_BODY_LIMIT + 10),
			{ 'content-type': URLENCODED },
			'/(team)/team/entry/[step]',
			'?/save'
		);
		expect(await run(event)).toMatchObject({ status: 413, reached: false });
	});
});
