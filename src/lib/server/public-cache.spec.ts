import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./config', () => ({
	getConfig: () => ({ production: false, publicCacheSeconds: 10 })
}));
/** What this node announced to the others (NOTIFY), as channel and payload. */
const announced: [string, string][] = [];
vi.mock('./db', () => ({
	getDb: async () => ({}),
	notify: async (_db: unknown, channel: string, payload: string) => {
		announced.push([channel, payload]);
	}
}));
const {
	changesPublicContent,
	clearPublicCache,
	listenForPublicChanges,
	MAX_CACHE_BYTES,
	publicCache,
	publicCacheSize
} = await import('./public-cache');

/** The route ids of the paths these tests use, as SvelteKit resolves them. */
function routeIdOf(pathname: string): string | null {
	if (pathname === '/gallery') return '/(public)/gallery';
	if (/^\/gallery\/[^/]+$/.test(pathname)) return '/(public)/gallery/[slug]';
	if (pathname === '/api/v1/showcase') return '/api/v1/showcase';
	if (pathname === '/account') return '/(account)/account';
	if (/^\/judge\/score\/[^/]+$/.test(pathname)) return '/(judge)/judge/score/[assignmentId]';
	if (/^\/team\/entry\/[^/]+$/.test(pathname)) return '/(team)/team/entry/[step]';
	if (pathname === '/admin/results/publish') return '/(admin)/admin/results/publish';
	return null;
}

function eventFor(
	path: string,
	options: {
		method?: string;
		cookies?: Record<string, string>;
		headers?: Record<string, string>;
		/** Who the session hook found (it runs after the cache, inside `resolve`). */
		user?: { id: string } | null;
	} = {}
) {
	const url = new URL(path, 'http://portal.test');
	const cookies = options.cookies ?? {};
	const cookieHeader = Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');
	return {
		url,
		route: { id: routeIdOf(url.pathname) },
		isDataRequest: false,
		request: new Request(url, {
			method: options.method ?? 'GET',
			headers: { ...options.headers, ...(cookieHeader ? { cookie: cookieHeader } : {}) }
		}),
		cookies: { get: (name: string) => cookies[name] },
		locals: { user: options.user ?? null }
	} as unknown as RequestEvent;
}

let renders = 0;
const page = (headers: Record<string, string> = {}) =>
	vi.fn(async () => {
		renders++;
		return new Response(`page ${renders}`, {
			status: 200,
			headers: {
				'content-type': 'text/html',
				'cache-control': 'public, max-age=60',
				etag: `W/"v${renders}"`,
				...headers
			}
		});
	});

const run = async (event: RequestEvent, resolve = page()) =>
	(await publicCache({ event, resolve: resolve as never })) as Response;

/** A form post by a signed-in person, answered with a page that is never kept. */
const signedInPost = (path: string, userId: string) =>
	run(
		eventFor(path, { method: 'POST', cookies: { session: 'token' }, user: { id: userId } }),
		page({ 'cache-control': 'no-store' })
	);

beforeEach(() => {
	renders = 0;
	clearPublicCache();
	vi.useFakeTimers({ now: new Date('2026-09-20T00:00:00Z') });
});
afterEach(() => vi.useRealTimers());

describe('publicCache', () => {
	it('renders a public page once within its lifetime, per language and theme', async () => {
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
		expect(
			await (await run(eventFor('/gallery', { cookies: { PARAGLIDE_LOCALE: 'ko' } }))).text()
		).toBe('page 2');
		expect(await (await run(eventFor('/gallery', { cookies: { theme: 'dark' } }))).text()).toBe(
			'page 3'
		);
		expect(await (await run(eventFor('/gallery?track=transport'))).text()).toBe('page 4');
		expect(await (await run(eventFor('/gallery?track=transport'))).text()).toBe('page 4');
		// Past its lifetime: the old copy still answers at once while page 5 renders behind it.
		vi.advanceTimersByTime(10_001);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
		await vi.waitFor(() => expect(renders).toBe(5));
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 5');
		// Past the stale window too: rendered before answering.
		vi.advanceTimersByTime(71_000);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 6');
	});

	it('hands its copy out compressed, compressing it once per encoding', async () => {
		const long = '<main>' + 'gallery card '.repeat(500) + '</main>';
		const resolve = vi.fn(
			async () =>
				new Response(long, {
					headers: {
						'content-type': 'text/html',
						'cache-control': 'public, max-age=60',
						etag: 'W/"long"'
					}
				})
		);
		const br = { headers: { 'accept-encoding': 'gzip, br' } };
		await run(eventFor('/gallery', br), resolve);
		const first = await run(eventFor('/gallery', br), resolve);
		expect(first.headers.get('content-encoding')).toBe('br');
		expect(first.headers.get('vary')).toContain('Accept-Encoding');
		const bytes = Buffer.from(await first.arrayBuffer());
		expect(brotliDecompressSync(bytes).toString()).toBe(long);
		const size = publicCacheSize().bytes;
		expect(size).toBe(long.length + bytes.byteLength);
		const again = await run(eventFor('/gallery', br), resolve);
		expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
		expect(publicCacheSize().bytes).toBe(size);
		const gzip = await run(
			eventFor('/gallery', { headers: { 'accept-encoding': 'gzip' } }),
			resolve
		);
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(long);
		const plain = await run(eventFor('/gallery'), resolve);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(long);
		expect(resolve).toHaveBeenCalledTimes(1);
	});

	it('answers 304 from the copy when the validator matches', async () => {
		await run(eventFor('/gallery'));
		const response = await run(eventFor('/gallery', { headers: { 'if-none-match': 'W/"v1"' } }));
		expect(response.status).toBe(304);
		expect(renders).toBe(1);
	});

	it('never serves or keeps a signed-in response, a private one or one that sets a cookie', async () => {
		await run(eventFor('/gallery', { cookies: { session: 'token' } }));
		await run(eventFor('/gallery', { cookies: { session: 'token' } }));
		expect(renders).toBe(2);
		await run(eventFor('/account'), page({ 'cache-control': 'private, no-cache' }));
		await run(eventFor('/account'), page({ 'cache-control': 'private, no-cache' }));
		expect(renders).toBe(4);
		await run(eventFor('/x'), page({ 'set-cookie': 'a=b' }));
		await run(eventFor('/x'), page({ 'set-cookie': 'a=b' }));
		expect(renders).toBe(6);
	});

	it('is emptied by a signed-in write that may change public pages, and tells the other nodes', async () => {
		announced.length = 0;
		await run(eventFor('/gallery'));
		await signedInPost('/admin/results/publish?/publish', 'organizer');
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 3');
		expect(announced).toEqual([['public_content_changed', expect.any(String)]]);
		// A route not known to be private (an account's name is shown in the gallery) empties it.
		await signedInPost('/account?/profile', 'entrant');
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 5');
		expect(announced).toHaveLength(2);
	});

	it("keeps its copies through judges' scores and teams' drafts (they change nothing public)", async () => {
		announced.length = 0;
		await run(eventFor('/gallery'));
		for (const path of ['/judge/score/a1?/save', '/team/entry/solution?/save'])
			await signedInPost(path, 'someone');
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
		expect(announced).toEqual([]);
	});

	it('is emptied when another node announces a change, not by its own announcement', async () => {
		let deliver: (payload: string) => void = () => {};
		await listenForPublicChanges({
			kind: 'postgres',
			listen: async (channel: string, onPayload: (payload: string) => void) => {
				expect(channel).toBe('public_content_changed');
				deliver = onPayload;
				return async () => {};
			}
		} as never);
		announced.length = 0;
		await run(eventFor('/gallery'));
		await signedInPost('/admin/results/publish?/publish', 'organizer');
		await run(eventFor('/gallery'));
		// Its own announcement comes back to it: the copy made after the write stays.
		deliver(announced[0][1]);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 3');
		deliver('another-node');
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 4');
	});

	it('counts a route as private only where its writes cannot reach a public page', () => {
		expect(changesPublicContent('/(judge)/judge/score/[assignmentId]')).toBe(false);
		expect(changesPublicContent('/(team)/team/entry/[step]')).toBe(false);
		expect(changesPublicContent('/(admin)/admin/judging/rounds/[id]')).toBe(false);
		expect(changesPublicContent('/(admin)/admin/results')).toBe(false);
		expect(changesPublicContent('/(admin)/admin/results/publish')).toBe(true);
		expect(changesPublicContent('/(admin)/admin/settings')).toBe(true);
		expect(changesPublicContent('/(team)/team')).toBe(true);
		expect(changesPublicContent('/(public)/gallery/[slug]')).toBe(true);
		expect(changesPublicContent(null)).toBe(true);
	});

	it('keeps its copies through requests without a session (a flood of wrong passwords)', async () => {
		await run(eventFor('/gallery'));
		for (let attempt = 0; attempt < 3; attempt++)
			await run(
				eventFor('/sign-in', { method: 'POST', cookies: { session: 'expired' } }),
				page({ 'cache-control': 'no-store' })
			);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
	});

	it('keys only on what the page reads: junk parameters, cookies, headers and hosts add nothing', async () => {
		await run(eventFor('/gallery'));
		for (let index = 0; index < 1200; index++) {
			await run(eventFor(`/gallery?junk${index}=${'x'.repeat(60)}`));
			await run(eventFor(`/gallery?q=flood${index}`));
			await run(eventFor(`/gallery?track=transport&utm=${index}`));
			await run(eventFor('/gallery', { cookies: { theme: `t${index}`, tz: `Zone/${index}` } }));
			await run(eventFor('/gallery', { headers: { 'accept-language': `en;q=0.${index % 9}` } }));
			await run(eventFor(`http://evil${index}.example/gallery`));
		}
		// One copy: /gallery for English visitors with the default theme and no time zone.
		expect(publicCacheSize().entries).toBe(1);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 1');
	});

	it('normalizes the parameters it keys on, as the page’s own schema reads them', async () => {
		await run(eventFor('/gallery?country=kr&sdg=11'));
		expect(await (await run(eventFor('/gallery?sdg=11&country=KR'))).text()).toBe('page 1');
		expect(await (await run(eventFor('/gallery', { cookies: { tz: 'Asia/Seoul' } }))).text()).toBe(
			'page 2'
		);
		expect(await (await run(eventFor('/gallery', { cookies: { tz: 'Asia/Seoul' } }))).text()).toBe(
			'page 2'
		);
		// Not a query the page accepts (it answers 400): not kept.
		await run(eventFor('/gallery?sdg=99'));
		expect(publicCacheSize().entries).toBe(2);
	});

	it('keeps only the routes it knows', async () => {
		await run(eventFor('/elsewhere'));
		await run(eventFor('/elsewhere'));
		expect(renders).toBe(2);
	});

	it('holds at most MAX_CACHE_BYTES, dropping the least recently used first', async () => {
		const big = 'x'.repeat(900 * 1024);
		const bigPage = () =>
			vi.fn(async () => {
				renders++;
				return new Response(`${renders}${big}`, {
					headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' }
				});
			});
		await run(eventFor('/gallery/popular'), bigPage());
		const slots = Math.floor(MAX_CACHE_BYTES / (900 * 1024));
		for (let index = 0; index < slots * 2; index++) {
			await run(eventFor(`/gallery/entry-${index}`), bigPage());
			// The popular page is read between others: it stays.
			await run(eventFor('/gallery/popular'), bigPage());
		}
		expect(publicCacheSize().bytes).toBeLessThanOrEqual(MAX_CACHE_BYTES);
		expect(
			(await (await run(eventFor('/gallery/popular'), bigPage())).text()).startsWith('1x')
		).toBe(true);
	});

	it('renders once for concurrent misses of one key (single flight)', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const slow = vi.fn(async () => {
			renders++;
			await gate;
			return new Response('slow page', {
				headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' }
			});
		});
		const answers = Array.from({ length: 25 }, () => run(eventFor('/gallery'), slow));
		release();
		const texts = await Promise.all(answers.map(async (answer) => (await answer).text()));
		expect(new Set(texts)).toEqual(new Set(['slow page']));
		expect(renders).toBe(1);
	});

	it('does not keep a copy rendered across a write', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const slow = vi.fn(async () => {
			renders++;
			await gate;
			return new Response('before the write', {
				headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' }
			});
		});
		const answer = run(eventFor('/gallery'), slow);
		clearPublicCache();
		release();
		expect(await (await answer).text()).toBe('before the write');
		expect(publicCacheSize().entries).toBe(0);
	});
});
