import type { Handle, RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { canonicalTimeZone } from '$lib/domain/zoned-time';
import { extractLocaleFromRequest } from '$lib/paraglide/runtime';
import {
	galleryQuerySchema,
	showcaseApiQuerySchema,
	showcaseEntryQuerySchema,
	symposiumQuerySchema
} from '$lib/schemas/showcase';
import { randomUUID } from 'node:crypto';
import { sessionCookieName } from './auth/cookies';
import { getConfig } from './config';
import { getDb, notify, type Database, type DatabaseHandle } from './db';
import {
	compressBody,
	compressible,
	encodedHeaders,
	preferredEncoding,
	type Encoding
} from './compression';
import { etagMatches } from './http-cache';

/**
 * A short-lived in-process copy of what anonymous visitors get from public pages and the
 * Showcase API: the responses that declared themselves shareable (`Cache-Control: public`, set by
 * setPageCache or the API) and set no cookie. At a symposium many people open the same gallery
 * page at once; each node renders it once per few seconds instead of once per visitor.
 *
 * It promises no more than the `Cache-Control: public, max-age=60` those responses already carry:
 * a copy lives at most PUBLIC_CACHE_SECONDS (default 10), and a write by a signed-in person that
 * may change what public pages show (a publication, a vote, a settings change, a name: every
 * non-GET request with a session outside the private routes below) empties it at once, on this
 * node and, through PostgreSQL's NOTIFY, on every other node sharing the database. A judge's score,
 * a team's draft or an organizer's round settings change nothing public, and a busy judging day
 * must not turn every gallery view into a fresh render. Signed-in people (a session cookie) are
 * never served from it.
 *
 * A copy past its lifetime is still served, for up to STALE_SECONDS more, while a single request
 * renders the next one in the background; when there is no copy, concurrent requests for the same
 * key wait for one render (single flight). So a slow database (a flood elsewhere, a slow query)
 * delays one background render, not every visitor, and an expiry costs one render per node.
 *
 * Only the routes below are kept, and the key holds only what their answer varies on, each
 * normalized: the path, the query parameters the route reads (as its own schema reads them), the
 * language the visitor will get, the theme and a real time zone. A request carrying any other
 * parameter, or a search, is rendered afresh and not kept, so junk query strings, cookies or Host
 * headers can neither fill the cache nor push the popular pages out; the copies are capped in
 * bytes and the least recently used goes first.
 */

type Stored = {
	status: number;
	headers: [string, string][];
	body: Uint8Array;
	etag: string | null;
	storedAt: number;
	/** The body compressed, made at the first request that accepts each encoding. */
	encoded: Partial<Record<Encoding, Uint8Array>>;
};

type CachedRoute = {
	/** The query the route reads; without one, any parameter makes the request uncached. */
	query?: z.ZodObject;
};

/** Route ids whose anonymous answers are kept. */
const CACHED_ROUTES: Record<string, CachedRoute> = {
	'/(public)/gallery': { query: galleryQuerySchema },
	'/(public)/gallery/[slug]': {},
	'/(public)/symposium': { query: symposiumQuerySchema },
	'/api/v1/showcase': { query: showcaseApiQuerySchema },
	'/api/v1/showcase/[slug]': { query: showcaseEntryQuerySchema },
	'/api/v1/openapi.json': {}
};

const MAX_BODY_BYTES = 1024 * 1024;
/** Matches `stale-while-revalidate` of PUBLIC_CACHE: what shared caches may do, this node does. */
const STALE_SECONDS = 60;
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
const THEMES = new Set(['light', 'dark', 'system']);
const store = new Map<string, Stored>();
let storedBytes = 0;
/** Renders under way, by key: later requests for the key wait for this one. */
const rendering = new Map<string, Promise<Stored | null>>();
/** Bumped by every clear: a render that began before a write must not keep its copy. */
let generation = 0;

/**
 * Route ids whose writes change nothing a public page shows: scoring and judge profiles, a team's
 * entry drafts and submission (the gallery shows what was published, not the latest version),
 * judging set-up, decisions before they are published, passwords and signing out. Anything else
 * a signed-in person posts empties the cache (the safe default for a route added later).
 */
const PRIVATE_WRITES = [
	'/(judge)/',
	'/(team)/team/entry/',
	'/(admin)/admin/judging/',
	'/(admin)/admin/results/rounds/',
	'/(account)/account/security',
	'/(auth)/sign-out'
];
/** The results page itself: decisions and score bases, published only by /admin/results/publish. */
const PRIVATE_PAGES = new Set(['/(admin)/admin/results']);

/** Whether a signed-in write to this route may change what public pages show. */
export function changesPublicContent(routeId: string | null): boolean {
	if (!routeId) return true;
	if (PRIVATE_PAGES.has(routeId)) return false;
	return !PRIVATE_WRITES.some((prefix) => routeId.startsWith(prefix));
}

/** The channel on which nodes tell each other that public content changed. */
const CHANNEL = 'public_content_changed';
/** This process, so that it does not empty its cache twice for its own announcement. */
const NODE_ID = randomUUID();

/**
 * Empties this node's copies and tells the other nodes to empty theirs. A failed announcement is
 * logged, not thrown: the write it follows has succeeded, and other nodes' copies still expire.
 */
export async function publicContentChanged(db: Database): Promise<void> {
	clearPublicCache();
	try {
		await notify(db, CHANNEL, NODE_ID);
	} catch (error) {
		console.error('public cache: could not tell other nodes of a change', error);
	}
}

/**
 * Empties this node's copies whenever another node announces a change (called at start). Behind a
 * transaction pooler without DATABASE_LISTEN_URL no node can listen: it says so once.
 */
export async function listenForPublicChanges(handle: DatabaseHandle): Promise<void> {
	const stop = await handle.listen?.(CHANNEL, (payload) => {
		if (payload !== NODE_ID) clearPublicCache();
	});
	if (stop === null && handle.kind === 'postgres')
		console.warn(
			"public cache: no DATABASE_LISTEN_URL for LISTEN behind a transaction pooler; other nodes' " +
				'writes reach this node within PUBLIC_CACHE_SECONDS'
		);
}

/** Empties the cache (after a write, and for tests). */
export function clearPublicCache(): void {
	store.clear();
	storedBytes = 0;
	generation += 1;
}

/** What the copies hold now (for tests and benchmarks). */
export function publicCacheSize(): { entries: number; bytes: number } {
	return { entries: store.size, bytes: storedBytes };
}

/** The bytes a copy holds, its compressed bodies included. */
function sizeOf(stored: Stored): number {
	return Object.values(stored.encoded).reduce(
		(sum, body) => sum + body.byteLength,
		stored.body.byteLength
	);
}

function remove(key: string): void {
	const stored = store.get(key);
	if (!stored) return;
	store.delete(key);
	storedBytes -= sizeOf(stored);
}

/** The normalized query of a cached route, or null when the request must not use the cache. */
function queryKey(route: CachedRoute, params: URLSearchParams): string | null {
	const known = new Set(route.query ? Object.keys(route.query.shape) : []);
	for (const name of params.keys()) if (!known.has(name)) return null;
	if (!route.query) return '';
	const raw = Object.fromEntries([...known].map((name) => [name, params.get(name)]));
	const parsed = route.query.safeParse(raw);
	if (!parsed.success) return null;
	const data = parsed.data as Record<string, unknown>;
	// A search is unique to its visitor: never worth a copy.
	if (typeof data.q === 'string' && data.q !== '') return null;
	return JSON.stringify(
		Object.keys(data)
			.sort()
			.map((name) => [name, data[name] ?? null])
	);
}

function keyOf(event: RequestEvent): string | null {
	const route = event.route.id ? CACHED_ROUTES[event.route.id] : undefined;
	if (!route || event.isDataRequest) return null;
	const query = queryKey(route, event.url.searchParams);
	if (query === null) return null;
	const theme = event.cookies.get('theme') ?? '';
	return [
		event.url.pathname,
		query,
		extractLocaleFromRequest(event.request),
		THEMES.has(theme) ? theme : 'system',
		canonicalTimeZone(event.cookies.get('tz')) ?? ''
	].join('\n');
}

/**
 * The answer from a copy: a 304 when the validator matches, else the body in the best encoding
 * the request accepts, compressed once per copy and encoding (a cached page costs no compression
 * per visitor). `stored` is in the store when `counted`: its compressed bodies count towards the cap.
 */
function replay(stored: Stored, request: Request, counted: boolean): Response {
	const identityHeaders = new Headers(stored.headers);
	const encoding = preferredEncoding(request.headers.get('accept-encoding'));
	const compress = encoding !== null && compressible(stored.status, identityHeaders);
	const headers = compress ? encodedHeaders(identityHeaders, encoding) : identityHeaders;
	if (stored.etag && etagMatches(request.headers.get('if-none-match'), stored.etag)) {
		for (const name of ['content-length', 'content-encoding', 'content-type']) headers.delete(name);
		return new Response(null, { status: 304, headers });
	}
	if (!compress) return new Response(stored.body.slice(), { status: stored.status, headers });
	let body = stored.encoded[encoding];
	if (!body) {
		body = compressBody(stored.body, encoding);
		stored.encoded[encoding] = body;
		if (counted) storedBytes += body.byteLength;
	}
	return new Response(body.slice(), { status: stored.status, headers });
}

function keep(key: string, stored: Stored): void {
	const size = stored.body.byteLength;
	if (size > MAX_BODY_BYTES) return;
	remove(key);
	while (storedBytes + size > MAX_CACHE_BYTES && store.size > 0)
		remove(store.keys().next().value as string);
	store.set(key, stored);
	storedBytes += size;
}

type Resolve = Parameters<Handle>[0]['resolve'];

/**
 * Renders the page and keeps a shareable answer. Requests for the same key that arrive meanwhile
 * share the result (single flight); the caller gets its own Response either way.
 */
function render(key: string, event: RequestEvent, resolve: Resolve): Promise<Response> {
	const started = generation;
	const work = (async () => {
		const response = await resolve(event);
		const cacheControl = response.headers.get('cache-control') ?? '';
		if (
			event.request.method !== 'GET' ||
			response.status !== 200 ||
			!/\bpublic\b/.test(cacheControl) ||
			response.headers.has('set-cookie')
		)
			return { response, stored: null };
		const body = new Uint8Array(await response.arrayBuffer());
		const stored: Stored = {
			status: response.status,
			headers: [...response.headers],
			body,
			etag: response.headers.get('etag'),
			storedAt: Date.now(),
			encoded: {}
		};
		if (started === generation) keep(key, stored);
		return {
			response: new Response(body, { status: stored.status, headers: new Headers(stored.headers) }),
			stored
		};
	})();
	rendering.set(
		key,
		work.then(
			(result) => result.stored,
			() => null
		)
	);
	void work.finally(() => rendering.delete(key)).catch(() => {});
	return work.then((result) => result.response);
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
			if (event.locals.user && changesPublicContent(event.route.id))
				await publicContentChanged(await getDb());
		}
	}
	if (seconds === 0 || event.cookies.get(sessionCookieName()) !== undefined) return resolve(event);
	const key = keyOf(event);
	if (key === null) return resolve(event);

	const age = (stored: Stored) => Date.now() - stored.storedAt;
	const stored = store.get(key);
	if (stored && age(stored) < (seconds + STALE_SECONDS) * 1000) {
		// Most recently used last: eviction takes from the front.
		store.delete(key);
		store.set(key, stored);
		// Past its lifetime: one request renders the next copy in the background.
		if (age(stored) >= seconds * 1000 && !rendering.has(key))
			void render(key, event, resolve).catch(() => {});
		return replay(stored, event.request, true);
	}
	if (stored) remove(key);

	const under = rendering.get(key);
	if (under) {
		const shared = await under;
		if (shared) return replay(shared, event.request, store.get(key) === shared);
	}
	return render(key, event, resolve);
};
