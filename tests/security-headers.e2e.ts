import { expect, test } from '@playwright/test';
import { demo, DEMO_PASSWORD } from './support/accounts';
import { postForm } from './support/http';

test('HTML pages carry a strict CSP and the other security headers', async ({ request }) => {
	for (const path of ['/', '/sign-in', '/about', '/no-such-page']) {
		const response = await request.get(path, { failOnStatusCode: false });
		const headers = response.headers();
		const csp = headers['content-security-policy'] ?? '';
		expect(csp, path).toContain("default-src 'self'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'self'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self'/);
		expect(csp).not.toContain('unsafe-inline');
		expect(csp).not.toContain('unsafe-eval');
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('same-origin');
		expect(headers['x-frame-options']).toBe('DENY');
	}
});

test('the session cookie is HttpOnly and SameSite=Lax, with a 30-day expiry', async ({
	request
}) => {
	const response = await postForm(request, '/sign-in', {
		email: demo.entrant,
		password: DEMO_PASSWORD
	});
	expect(response.status()).toBe(303);
	const cookie = response
		.headersArray()
		.filter((header) => header.name.toLowerCase() === 'set-cookie')
		.map((header) => header.value)
		.find((value) => value.startsWith('session='));
	expect(cookie).toBeTruthy();
	expect(cookie).toMatch(/HttpOnly/i);
	expect(cookie).toMatch(/SameSite=Lax/i);
	expect(cookie).toMatch(/Path=\//);
	const expires = new Date(/Expires=([^;]+)/i.exec(cookie as string)?.[1] ?? '');
	const days = (expires.getTime() - Date.now()) / 86_400_000;
	expect(days).toBeGreaterThan(29);
	expect(days).toBeLessThan(31);
});

test('a form posted from another site is refused', async ({ request }) => {
	const response = await postForm(
		request,
		'/sign-in',
		{ email: demo.entrant, password: DEMO_PASSWORD },
		'https://evil.example'
	);
	expect(response.status()).toBe(403);
});

test('the developer mailbox and test clock answer only outside production', async ({ request }) => {
	// The e2e servers run with APP_ENV=test; production is covered by the config unit tests.
	expect((await request.get('/dev/mailbox')).status()).toBe(200);
	expect((await request.get('/health')).status()).toBe(200);
});
