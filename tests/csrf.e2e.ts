import { expect, test } from '@playwright/test';
import { demo } from './support/accounts';
import { BASE_URL, newRequestContext, signedInRequest } from './support/http';
import { listRoutes } from './support/routes';

/**
 * Cross-site request forgery: every form action of the app (from the route tree) and every
 * mutating endpoint refuses a request from another site — urlencoded, multipart and text/plain
 * bodies with a foreign Origin, a form post without any Origin, and a JSON write with a foreign
 * Origin — even for a signed-in organizer, and nothing changes.
 */
const EVIL = 'https://evil.example';
const actions = listRoutes().flatMap((route) =>
	route.actions.map((action) =>
		action === 'default' ? route.path : `${route.path}?/${action}`.replace(/\[[^\]]+\]/g, 'x')
	)
);
const writes = listRoutes().flatMap((route) =>
	route.methods.filter((method) => method !== 'GET').map((method) => ({ method, path: route.path }))
);

test('the route walk finds form actions and mutating endpoints', () => {
	expect(actions.length).toBeGreaterThan(50);
	expect(actions).toContain('/admin/accounts?/grant');
	expect(writes).toContainEqual({ method: 'POST', path: '/dev/clock' });
});

test('every form action refuses foreign and missing origins, whatever the body', async () => {
	test.setTimeout(120_000);
	const organizer = await signedInRequest(demo.organizer);
	const refusals: string[] = [];
	for (const path of actions) {
		const variants: { label: string; headers: Record<string, string>; data: string }[] = [
			{
				label: 'urlencoded, foreign Origin',
				headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
				data: 'role=organizer'
			},
			{
				label: 'text/plain, foreign Origin',
				headers: { origin: EVIL, 'content-type': 'text/plain' },
				data: 'role=organizer'
			},
			{
				label: 'urlencoded, no Origin',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				data: 'role=organizer'
			}
		];
		for (const variant of variants) {
			const response = await organizer.post(path, {
				headers: variant.headers,
				data: variant.data,
				maxRedirects: 0,
				failOnStatusCode: false
			});
			if (response.status() !== 403)
				refusals.push(`${variant.label} ${path}: ${response.status()}`);
		}
		const multipart = await organizer.post(path, {
			headers: { origin: EVIL },
			multipart: { role: 'organizer' },
			maxRedirects: 0,
			failOnStatusCode: false
		});
		if (multipart.status() !== 403)
			refusals.push(`multipart, foreign Origin ${path}: ${multipart.status()}`);
	}
	expect(refusals).toEqual([]);
	await organizer.dispose();
});

test('a forged role grant changes nothing', async () => {
	const organizer = await signedInRequest(demo.organizer);
	const accounts = await (
		await organizer.get(`/admin/accounts?q=${encodeURIComponent(demo.entrant)}`)
	).text();
	const userId = /name="userId" value="([0-9a-f-]{36})"/.exec(accounts)?.[1] as string;
	expect(userId).toBeTruthy();
	const forged = await organizer.post('/admin/accounts?/grant', {
		headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
		data: new URLSearchParams({ userId, role: 'organizer' }).toString(),
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(forged.status()).toBe(403);
	const entrant = await signedInRequest(demo.entrant);
	expect((await entrant.get('/admin', { failOnStatusCode: false })).status()).toBe(404);
	await entrant.dispose();
	await organizer.dispose();
});

test('mutating JSON endpoints refuse another site too', async () => {
	const request = await newRequestContext(BASE_URL);
	for (const { method, path } of writes) {
		const response = await request.fetch(path, {
			method,
			headers: { origin: EVIL, 'content-type': 'application/json', 'x-test-clock': '1' },
			data: JSON.stringify({ offsetMs: 0 }),
			failOnStatusCode: false
		});
		expect(response.status(), `${method} ${path}`).toBe(403);
		const fetchMetadata = await request.fetch(path, {
			method,
			headers: {
				'sec-fetch-site': 'cross-site',
				'content-type': 'application/json',
				'x-test-clock': '1'
			},
			data: JSON.stringify({ offsetMs: 0 }),
			failOnStatusCode: false
		});
		expect(fetchMetadata.status(), `${method} ${path} (Sec-Fetch-Site)`).toBe(403);
	}
	await request.dispose();
});
