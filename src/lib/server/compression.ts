import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';
import type { Handle } from '@sveltejs/kit';

/**
 * Compressed answers when the portal is reached directly (no proxy compressing in front of it):
 * HTML pages, JSON and CSV shrink five- to tenfold. Brotli where the client accepts it, gzip
 * otherwise. The built assets under /_app are precompressed at build time and served by
 * adapter-node as they are; this covers what the app renders. A proxy that compresses itself
 * still gets a compressed body, which it passes through (nginx does not compress twice).
 */
export type Encoding = 'br' | 'gzip';

/** Below this a compressed body saves less than its headers and the CPU cost. */
const MIN_BYTES = 1024;
const COMPRESSIBLE =
	/^(text\/|application\/(json|javascript|xml|manifest\+json|problem\+json)|image\/svg\+xml)/;
/**
 * Brotli quality 4 and gzip level 6: about as fast as each other, and within a few per cent of
 * their best ratio on HTML; higher brotli qualities cost many times the CPU per page.
 */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;

/** The encoding to use for a request's Accept-Encoding, or null for none (q=0 honoured). */
export function preferredEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.toLowerCase().split(',')) {
		const [name, ...parameters] = part.trim().split(';');
		const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		accepted.set(name.trim(), q === undefined ? 1 : Number(q));
	}
	const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
	if (weight('br') > 0) return 'br';
	if (weight('gzip') > 0) return 'gzip';
	return null;
}

/** Whether a response is worth compressing (a body of a compressible type, not yet encoded). */
export function isCompressible(response: Response): boolean {
	return response.body !== null && compressible(response.status, response.headers);
}

/** The same, from a body's status and headers (a cached copy, before any Response is made). */
export function compressible(status: number, headers: Headers): boolean {
	if (status === 204 || status === 304) return false;
	if (
		headers.has('content-encoding') ||
		/\bno-transform\b/.test(headers.get('cache-control') ?? '')
	)
		return false;
	if (!COMPRESSIBLE.test(headers.get('content-type') ?? '')) return false;
	const length = headers.get('content-length');
	return length === null || Number(length) >= MIN_BYTES;
}

/** A whole body compressed at once (a public cache copy, compressed once for all its visitors). */
export function compressBody(body: Uint8Array, encoding: Encoding): Uint8Array {
	return encoding === 'br'
		? zlib.brotliCompressSync(body, {
				params: {
					[zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
					[zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength
				}
			})
		: zlib.gzipSync(body, { level: GZIP_LEVEL });
}

/**
 * The headers of the encoded representation: its encoding, no length (streamed), `Vary` naming
 * Accept-Encoding, and a weak validator (the bytes differ from the identity body's).
 */
export function encodedHeaders(source: Headers, encoding: Encoding): Headers {
	const headers = new Headers(source);
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	varyOnEncoding(headers);
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return headers;
}

function varyOnEncoding(headers: Headers): void {
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
		headers.set('vary', `${vary}, Accept-Encoding`);
}

/**
 * A streaming compressor that flushes what it has after every chunk: a streamed page (its
 * promises resolving later) reaches the browser piece by piece, as without compression.
 */
function compressor(encoding: Encoding) {
	return encoding === 'br'
		? zlib.createBrotliCompress({
				flush: zlib.constants.BROTLI_OPERATION_FLUSH,
				params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY }
			})
		: zlib.createGzip({ level: GZIP_LEVEL, flush: zlib.constants.Z_SYNC_FLUSH });
}

export const compressResponses: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.request.method === 'HEAD' || !isCompressible(response)) return response;
	const encoding = preferredEncoding(event.request.headers.get('accept-encoding'));
	if (!encoding) {
		// A cache in between must not hand this identity body to a client that asked for br.
		try {
			varyOnEncoding(response.headers);
		} catch {
			// Immutable headers (a fetched response): left as they are.
		}
		return response;
	}
	const source = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
	// pipeline, not pipe: a body that fails half-way ends the compressed stream with its error.
	const compressed = compressor(encoding);
	pipeline(source, compressed, () => {});
	const body = Readable.toWeb(compressed) as unknown as ReadableStream;
	return new Response(body, {
		status: response.status,
		statusText: response.statusText,
		headers: encodedHeaders(response.headers, encoding)
	});
};
