import zlib from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { compressResponses, preferredEncoding } from './compression';

const page = '<!doctype html><main>' + 'A gallery of youth solutions. '.repeat(200) + '</main>';

async function through(
	response: Response,
	request: { method?: string; acceptEncoding?: string } = {}
): Promise<Response> {
	const headers: Record<string, string> = request.acceptEncoding
		? { 'accept-encoding': request.acceptEncoding }
		: {};
	const event = {
		request: new Request('http://portal.test/gallery', { method: request.method ?? 'GET', headers })
	} as unknown as RequestEvent;
	return (await compressResponses({ event, resolve: async () => response })) as Response;
}

const html = (body: string = page, headers: Record<string, string> = {}) =>
	new Response(body, {
		headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"', ...headers }
	});

describe('preferredEncoding', () => {
	it.each([
		['gzip, deflate, br, zstd', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip;q=0.5', 'gzip'],
		['BR', 'br'],
		['*', 'br'],
		['identity', null],
		['gzip;q=0', null],
		['', null]
	])('%j gives %j', (header, expected) => {
		expect(preferredEncoding(header)).toBe(expected);
	});

	it('gives none without the header', () => {
		expect(preferredEncoding(null)).toBeNull();
	});
});

describe('compressResponses', () => {
	it('sends a page in brotli when accepted, the same page once decoded', async () => {
		const response = await through(html(), { acceptEncoding: 'gzip, br' });
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(response.headers.get('etag')).toBe('W/"abc"');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(page.length / 5);
		expect(zlib.brotliDecompressSync(bytes).toString()).toBe(page);
	});

	it('sends gzip to a client without brotli, keeping the other Vary names', async () => {
		const response = await through(html(page, { vary: 'Cookie, Accept-Language' }), {
			acceptEncoding: 'gzip'
		});
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toBe('Cookie, Accept-Language, Accept-Encoding');
		expect(zlib.gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(page);
	});

	it('streams: each chunk of a streamed page arrives before the page ends', async () => {
		let push: (text: string) => void = () => {};
		let end: () => void = () => {};
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				push = (text) => controller.enqueue(new TextEncoder().encode(text));
				end = () => controller.close();
			}
		});
		const response = await through(
			new Response(body, { headers: { 'content-type': 'text/html' } }),
			{
				acceptEncoding: 'gzip'
			}
		);
		const reader = response.body!.getReader();
		const inflate = zlib.createGunzip();
		const received: string[] = [];
		inflate.on('data', (chunk: Buffer) => received.push(chunk.toString()));
		push(page);
		const first = await reader.read();
		inflate.write(first.value);
		await expect.poll(() => received.join('')).toBe(page);
		push('<p>later</p>');
		end();
		for (let next = await reader.read(); !next.done; next = await reader.read())
			inflate.write(next.value);
		await expect.poll(() => received.join('')).toBe(page + '<p>later</p>');
	});

	it('leaves alone what compression cannot help or must not touch', async () => {
		const cases: [Response, { method?: string }][] = [
			[html('<p>short</p>', { 'content-length': '12' }), {}],
			[new Response(new Uint8Array(4096), { headers: { 'content-type': 'image/png' } }), {}],
			[html(page, { 'content-encoding': 'br' }), {}],
			[html(page, { 'cache-control': 'no-transform' }), {}],
			[new Response(null, { status: 304 }), {}],
			[html(), { method: 'HEAD' }]
		];
		for (const [response, request] of cases) {
			const answered = await through(response, { ...request, acceptEncoding: 'br' });
			expect(answered).toBe(response);
		}
	});

	it('names Accept-Encoding in Vary on an identity answer a cache could share', async () => {
		const response = await through(html());
		expect(response.headers.get('content-encoding')).toBeNull();
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(await response.text()).toBe(page);
	});
});
