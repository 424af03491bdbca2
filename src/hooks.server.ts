import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionToken } from '$lib/server/auth/session';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { canonicalTimeZone } from '$lib/domain/zoned-time';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { developerTools } from '$lib/server/dev-tools';
import { compressResponses } from '$lib/server/compression';
import { conditionalPages } from '$lib/server/http-cache';
import { publicCache } from '$lib/server/public-cache';
import { limitRequestBodies } from '$lib/server/request-body';
import { refuseBlockedAddresses } from '$lib/server/address-limits';
import { startServer, stopServer } from '$lib/server/startup';

export const init: ServerInit = async () => {
	getConfig();
	await startServer();
	// postgres.js keeps the process alive: close the pool when adapter-node shuts down.
	process.once('sveltekit:shutdown', () => void stopServer());
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	const set = (name: string, value: string) => {
		if (!headers.has(name)) headers.set(name, value);
	};
	try {
		set('x-content-type-options', 'nosniff');
		set('referrer-policy', 'same-origin');
		set('x-frame-options', 'DENY');
		set('cross-origin-opener-policy', 'same-origin');
		set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
		if (getConfig().production)
			set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	} catch {
		// Some responses (e.g. from fetch) have immutable headers; they are not ours to change.
	}
	return response;
};

/**
 * The answer while the database is unreachable (e.g. PostgreSQL restarting): a plain, translated
 * 503 page with Retry-After. The pool reconnects by itself, so the next request can succeed.
 */
function unavailablePage(): Response {
	const lang = getLocale();
	const escape = (text: string) =>
		text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
	const title = escape(m.error_503_title());
	const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><p>503</p><h1>${title}</h1><p>${escape(m.error_503_body())}</p></main></body></html>`;
	return new Response(body, {
		status: 503,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'retry-after': '10',
			'cache-control': 'no-store',
			'content-security-policy':
				"default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		}
	});
}

/**
 * A database outage is a 503, not a 500: a page whose load failed for that reason keeps its
 * rendered error page (which says so) with the right status, and anything else that failed on it
 * gets the plain 503 page.
 */
const databaseOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (isDatabaseUnavailable(error)) return unavailablePage();
		throw error;
	}
	if (!event.locals.databaseUnavailable || response.status < 500) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', '10');
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, headers });
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A page whose load refused its query (a search form with bad input) is still rendered, with its
 * message and the typed value, but answers 400 like a refused form post. Client-side navigation
 * (`__data.json`) keeps its 200: the client would otherwise drop the page for an error.
 */
const badRequestPages: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (
		!event.locals.badRequest ||
		event.isDataRequest ||
		(event.request.method !== 'GET' && event.request.method !== 'HEAD') ||
		response.status !== 200
	)
		return response;
	const headers = new Headers(response.headers);
	headers.delete('etag');
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 400, headers });
};

/**
 * SvelteKit refuses cross-site form posts; this refuses every other cross-site write too (JSON
 * endpoints included): a request that changes something must come from our own pages. Clients
 * that send no Origin (scripts, curl) are not browsers acting for someone else; form posts
 * without one are still refused by SvelteKit's own check.
 */
const sameOriginWrites: Handle = ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		const site = event.request.headers.get('sec-fetch-site');
		if ((origin !== null && origin !== event.url.origin) || site === 'cross-site')
			return new Response('Cross-site request refused', {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
	}
	return resolve(event);
};

const THEMES = new Set(['light', 'dark', 'system']);

const locale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const themeCookie = event.cookies.get('theme') ?? 'system';
		const theme = (THEMES.has(themeCookie) ? themeCookie : 'system') as App.Locals['theme'];
		event.locals.theme = theme;
		event.locals.timeZone = canonicalTimeZone(event.cookies.get('tz'));
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
					.replace('%theme.class%', theme === 'system' ? '' : theme)
					.replace('%theme.scheme%', theme === 'system' ? 'light dark' : theme)
		});
	});

const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(sessionCookieName());
	if (token) {
		const result = await validateSessionToken(await getDb(), token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			setSessionCookie(event.cookies, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

export const handle = sequence(
	securityHeaders,
	// Outside the public cache, which hands out its copies already compressed.
	compressResponses,
	developerTools,
	sameOriginWrites,
	publicCache,
	locale,
	// Before anything reads a body; inside `locale`, so refusals are in the visitor's language.
	refuseBlockedAddresses,
	limitRequestBodies,
	// Inside `locale`, so the 503 page is in the visitor's language.
	databaseOutage,
	session,
	badRequestPages,
	conditionalPages
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		console.error(`${event.request.method} ${event.url.pathname}: database unavailable`);
		return { message: m.error_503_title(), unavailable: true };
	}
	const errorId = crypto.randomUUID();
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status >= 500 ? 'Internal Error' : message, errorId };
};
