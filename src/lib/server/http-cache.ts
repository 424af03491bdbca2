import { createHash } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { sessionCookieName } from './auth/cookies';

/**
 * HTTP caching of the public pages (gallery, entry pages, symposium) and the Showcase API.
 * What an anonymous visitor gets may be kept by shared caches for a minute (and served stale for
 * one more while revalidating: a publication or a takedown reaches everyone within two minutes);
 * what a signed-in person gets — their name in the header, their vote — is theirs only. Every
 * such response carries an ETag, so a revalidation costs a 304.
 */
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=60';
export const PRIVATE_CACHE = 'private, no-cache';
/**
 * Published covers. Their URL holds their content hash, so a copy is never wrong, but a cover can
 * be taken down (unpublished, or a minor's face): caches keep it ten minutes, then ask again
 * (a 304 while it is still published), and never serve it stale.
 */
export const PUBLISHED_FILE_CACHE = 'public, max-age=600, must-revalidate';

/**
 * Cache headers of a public page, by who is asking. Call it in the page's load. A session cookie,
 * even an expired one (its response clears it), makes the response private.
 */
export function setPageCache(event: Pick<RequestEvent, 'locals' | 'setHeaders' | 'cookies'>): void {
	const personal =
		event.locals.user !== null || event.cookies.get(sessionCookieName()) !== undefined;
	event.setHeaders({
		'cache-control': personal ? PRIVATE_CACHE : PUBLIC_CACHE,
		// Language, theme and session come from cookies (and Accept-Language before a choice).
		vary: 'Cookie, Accept-Language'
	});
}

/** A weak validator of a body: equal bodies, equal tags (hash CSP keeps pages deterministic). */
export function bodyEtag(body: string | Uint8Array, weak = true): string {
	const digest = createHash('sha256').update(body).digest('base64url').slice(0, 32);
	return weak ? `W/"${digest}"` : `"${digest}"`;
}

/** Whether If-None-Match names this tag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	const wanted = opaque(etag);
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/** The 304 for a matching validator: the same caching headers, no body. */
export function notModified(headers: Headers): Response {
	const kept = new Headers(headers);
	for (const name of ['content-length', 'content-encoding', 'content-type']) kept.delete(name);
	return new Response(null, { status: 304, headers: kept });
}

/**
 * Adds an ETag to HTML pages that chose a cache policy (setPageCache) and answers 304 when the
 * browser or a cache already has that body. A page that sets a cookie is never shared.
 */
export const conditionalPages: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.request.method !== 'GET' || response.status !== 200) return response;
	const cacheControl = response.headers.get('cache-control');
	if (!cacheControl || cacheControl.includes('no-store') || response.headers.has('etag'))
		return response;
	if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
	const headers = new Headers(response.headers);
	if (headers.has('set-cookie') && cacheControl.includes('public'))
		headers.set('cache-control', PRIVATE_CACHE);
	const body = await response.text();
	const etag = bodyEtag(body);
	headers.set('etag', etag);
	if (etagMatches(event.request.headers.get('if-none-match'), etag)) return notModified(headers);
	return new Response(body, { status: 200, headers });
};
