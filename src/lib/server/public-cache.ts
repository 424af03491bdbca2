import type { Handle } from '@sveltejs/kit';
import { sessionCookieName } from './auth/cookies';
import { getConfig } from './config';
import { etagMatches } from './http-cache';

/**
 * A short-lived in-process copy of what anonymous visitors get from public pages and the
 * Showcase API: the responses that declared themselves shareable (`Cache-Control: public`, set by
 * setPageCache or the API) and set no cookie. At a symposium many people open the same gallery
 * page at once; each node renders it once per few seconds instead of once per visitor.
 *
 * It promises no more than the `Cache-Control: public, max-age=60` those responses already carry:
 * a copy lives at most PUBLIC_CACHE_SECONDS (default 10), and any write by a signed-in person
 * handled by this node (every non-GET request with a session: a publication, a vote, a settings
 * change) empties it at once. Other nodes catch up within the lifetime. Signed-in people (a session cookie) are never served from
 * it. The key holds everything such a response varies on: the URL, the language, theme and time
 * zone cookies, and Accept-Language.
 */

type Stored = {
	status: number;
	headers: [string, string][];
	body: Uint8Array;
	etag: string | null;
	storedAt: number;
};

const MAX_ENTRIES = 1000;
const MAX_BODY_BYTES = 1024 * 1024;
const store = new Map<string, Stored>();

/** Empties the cache (after a write, and for tests). */
export function clearPublicCache(): void {
	store.clear();
}

function keyOf(request: Request, url: URL, cookies: { get(name: string): string | undefined }) {
	return [
		url.pathname + url.search,
		cookies.get('PARAGLIDE_LOCALE') ?? '',
		cookies.get('theme') ?? '',
		cookies.get('tz') ?? '',
		request.headers.get('accept-language') ?? ''
	].join('\n');
}

function replay(stored: Stored, ifNoneMatch: string | null): Response {
	const headers = new Headers(stored.headers);
	if (stored.etag && etagMatches(ifNoneMatch, stored.etag)) {
		for (const name of ['content-length', 'content-encoding', 'content-type']) headers.delete(name);
		return new Response(null, { status: 304, headers });
	}
	return new Response(stored.body.slice(), { status: stored.status, headers });
}

export const publicCache: Handle = async ({ event, resolve }) => {
	const seconds = getConfig().publicCacheSeconds;
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD') {
		try {
			return await resolve(event);
		} finally {
			// Whatever a signed-in person's write changed, no copy made before it is served again.
			// Requests without a session (sign-in, sign-up, password reset) change nothing a public
			// page shows, and a flood of them must not turn every gallery view into a fresh render.
			if (event.locals.user) store.clear();
		}
	}
	if (seconds === 0 || event.cookies.get(sessionCookieName()) !== undefined) return resolve(event);

	const key = keyOf(event.request, event.url, event.cookies);
	const now = Date.now();
	const stored = store.get(key);
	if (stored && now - stored.storedAt < seconds * 1000)
		return replay(stored, event.request.headers.get('if-none-match'));
	if (stored) store.delete(key);

	const response = await resolve(event);
	const cacheControl = response.headers.get('cache-control') ?? '';
	if (
		method !== 'GET' ||
		response.status !== 200 ||
		!/\bpublic\b/.test(cacheControl) ||
		response.headers.has('set-cookie')
	)
		return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = [...response.headers];
	if (body.byteLength <= MAX_BODY_BYTES) {
		if (store.size >= MAX_ENTRIES) store.delete(store.keys().next().value as string);
		store.set(key, {
			status: response.status,
			headers,
			body,
			etag: response.headers.get('etag'),
			storedAt: now
		});
	}
	return new Response(body, { status: response.status, headers: new Headers(headers) });
};
