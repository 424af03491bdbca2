import { expect, request as playwrightRequest, test } from '@playwright/test';
import { demo } from './support/accounts';
import { postForm } from './support/http';

// Against the strict server: production rate limits, its own database.
const STRICT = 'http://localhost:4174';

test.describe.configure({ mode: 'serial' });

test('the 11th wrong password in a row for one account gets 429 with a clear message', async () => {
	const context = await playwrightRequest.newContext({ baseURL: STRICT });
	for (let attempt = 1; attempt <= 10; attempt++) {
		const response = await postForm(
			context,
			'/sign-in',
			{ email: demo.judge, password: `wrong guess number ${attempt}` },
			STRICT
		);
		expect(response.status(), `attempt ${attempt}`).toBe(400);
	}
	const eleventh = await postForm(
		context,
		'/sign-in',
		{ email: demo.judge, password: 'governance-demo-2026' },
		STRICT
	);
	expect(eleventh.status()).toBe(429);
	expect(Number(eleventh.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await eleventh.text()).toMatch(/Too many attempts\. Please wait \d+ minutes/);
	await context.dispose();
});

test('rotating X-Forwarded-For does not escape the per-address limit', async () => {
	const context = await playwrightRequest.newContext({ baseURL: STRICT });
	let refusedAt = 0;
	for (let attempt = 1; attempt <= 60; attempt++) {
		const response = await context.post('/sign-in', {
			headers: {
				origin: STRICT,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				'x-forwarded-for': `203.0.113.${attempt}`,
				'x-real-ip': `198.51.100.${attempt}`
			},
			// A different account each time, so only the per-address limit can apply.
			data: new URLSearchParams({
				email: `spray-${attempt}@example.org`,
				password: 'password spraying attempt'
			}).toString(),
			maxRedirects: 0,
			failOnStatusCode: false
		});
		if (response.status() === 429) {
			refusedAt = attempt;
			break;
		}
		expect(response.status()).toBe(400);
	}
	expect(refusedAt).toBeGreaterThan(0);
	// Even the right password for an untouched account is refused from this address now.
	const honest = await postForm(
		context,
		'/sign-in',
		{ email: demo.entrant, password: 'governance-demo-2026' },
		STRICT
	);
	expect(honest.status()).toBe(429);
	await context.dispose();
});
