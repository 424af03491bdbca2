import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./config', () => ({
	getConfig: () => ({ production: false, publicCacheSeconds: 10 })
}));
const { clearPublicCache, publicCache } = await import('./public-cache');

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
	return {
		url,
		request: new Request(url, { method: options.method ?? 'GET', headers: options.headers }),
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
		expect(await (await run(eventFor('/gallery?q=flood'))).text()).toBe('page 4');
		vi.advanceTimersByTime(10_001);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 5');
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

	it('is emptied by any write of a signed-in person on this node', async () => {
		await run(eventFor('/gallery'));
		await run(
			eventFor('/admin/results/publish?/publish', {
				method: 'POST',
				cookies: { session: 'token' },
				user: { id: 'organizer' }
			}),
			page({ 'cache-control': 'no-store' })
		);
		expect(await (await run(eventFor('/gallery'))).text()).toBe('page 3');
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
});
