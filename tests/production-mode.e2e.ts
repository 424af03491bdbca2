import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { demo, DEMO_PASSWORD } from './support/accounts';
import { postForm } from './support/http';

// The production server answers on plain http here, as behind a TLS-terminating proxy.
const PRODUCTION = 'http://localhost:4175';
const PUBLIC_ORIGIN = 'https://portal.test';

test('in production there is no developer mailbox and no test clock', async () => {
	const context = await playwrightRequest.newContext({ baseURL: PRODUCTION });
	expect((await context.get('/dev/mailbox')).status()).toBe(404);
	expect((await context.get('/dev/clock')).status()).toBe(404);
	const home = await context.get('/');
	expect(home.status()).toBe(200);
	expect(await home.text()).not.toContain('/dev/mailbox');
	await context.dispose();
});

test.describe('the operator’s first organizer, from admin:create on an unseeded database', () => {
	test.describe.configure({ mode: 'serial' });
	const OPERATOR = 'operator@portal.test';
	const PASSWORD = 'operator chose this passphrase';

	test('no demo account exists: the demo password opens nothing', async () => {
		const context = await playwrightRequest.newContext({ baseURL: PRODUCTION });
		for (const email of [demo.organizer, demo.entrant]) {
			const response = await postForm(
				context,
				'/sign-in',
				{ email, password: DEMO_PASSWORD },
				PUBLIC_ORIGIN
			);
			expect(response.status(), email).toBe(400);
		}
		await context.dispose();
	});

	test('the printed link sets the password; the organizer reaches the challenge settings', async () => {
		const link = new URL(readFileSync('.data-e2e-production/admin-link.txt', 'utf8').trim());
		// Links are built from ORIGIN (the public https address), never from the request.
		expect(link.origin).toBe(PUBLIC_ORIGIN);
		const context = await playwrightRequest.newContext({ baseURL: PRODUCTION });
		const response = await postForm(
			context,
			'/reset-password',
			{ token: link.searchParams.get('token') as string, password: PASSWORD },
			PUBLIC_ORIGIN
		);
		expect(response.status()).toBe(303);
		const settings = await context.get('/admin/settings');
		expect(settings.status()).toBe(200);
		expect(await (await context.get('/')).text()).toContain('Youth innovation challenge');
		await context.dispose();
	});

	test('in production HTML carries HSTS and the session cookie is __Host- and Secure', async () => {
		const context = await playwrightRequest.newContext({ baseURL: PRODUCTION });
		const home = await context.get('/');
		expect(home.headers()['strict-transport-security']).toMatch(/max-age=\d{8,}/);
		const response = await postForm(
			context,
			'/sign-in',
			{ email: OPERATOR, password: PASSWORD },
			PUBLIC_ORIGIN
		);
		expect(response.status()).toBe(303);
		const cookie = response
			.headersArray()
			.filter((header) => header.name.toLowerCase() === 'set-cookie')
			.map((header) => header.value)
			.find((value) => value.startsWith('__Host-session='));
		expect(cookie).toBeTruthy();
		expect(cookie).toMatch(/;\s*Secure/i);
		expect(cookie).toMatch(/;\s*HttpOnly/i);
		expect(cookie).toMatch(/;\s*Path=\//i);
		expect(cookie).not.toMatch(/Domain=/i);
		await context.dispose();
	});
});
