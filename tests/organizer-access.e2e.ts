import { expect, request as playwrightRequest, test } from '@playwright/test';
import { demo } from './support/accounts';
import { BASE_URL, postForm, signedInRequest } from './support/http';
import { listRoutes } from './support/routes';

/**
 * Every organizer route and action, found by walking src/routes/(admin), requested by people
 * who are not organizers: 404 for signed-in non-organizers, a redirect to sign-in for anonymous
 * visitors, and never a change.
 */
const organizerRoutes = listRoutes().filter((route) => route.id.startsWith('/(admin)'));

test('the route walk finds the organizer pages and actions', () => {
	expect(organizerRoutes.map((route) => route.path)).toEqual(
		expect.arrayContaining(['/admin', '/admin/accounts'])
	);
	expect(organizerRoutes.flatMap((route) => route.actions)).toEqual(
		expect.arrayContaining(['grant', 'revoke'])
	);
});

for (const role of ['entrant', 'judge'] as const) {
	test(`a ${role} gets 404 for every organizer page and action`, async () => {
		const context = await signedInRequest(demo[role]);
		for (const route of organizerRoutes) {
			if (route.hasPage) {
				const response = await context.get(route.path, { maxRedirects: 0 });
				expect([403, 404], `GET ${route.path}`).toContain(response.status());
			}
			for (const method of route.methods) {
				const response = await context.fetch(route.path, { method, maxRedirects: 0 });
				expect([403, 404], `${method} ${route.path}`).toContain(response.status());
			}
			for (const action of route.actions) {
				const response = await postForm(context, `${route.path}?/${action}`, {
					userId: '00000000-0000-4000-8000-000000000000',
					role: 'organizer'
				});
				expect([403, 404], `POST ${route.path}?/${action}`).toContain(response.status());
			}
		}
		// And the attempt to self-promote changed nothing.
		const account = await (await context.get('/account')).text();
		expect(account).not.toContain('>Organizer<');
		await context.dispose();
	});
}

test('an anonymous visitor is sent to sign-in for every organizer page and action', async () => {
	const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
	for (const route of organizerRoutes) {
		if (route.hasPage) {
			const response = await context.get(route.path, { maxRedirects: 0 });
			expect(response.status(), `GET ${route.path}`).toBe(303);
			expect(response.headers().location).toMatch(/^\/sign-in\?next=/);
		}
		for (const action of route.actions) {
			const response = await postForm(context, `${route.path}?/${action}`, { role: 'organizer' });
			expect([303, 401, 403, 404], `POST ${route.path}?/${action}`).toContain(response.status());
		}
	}
	await context.dispose();
});

test('an organizer reaches every organizer page', async () => {
	const context = await signedInRequest(demo.organizer);
	for (const route of organizerRoutes.filter((entry) => entry.hasPage)) {
		const response = await context.get(route.path, { maxRedirects: 0 });
		// A page with a parameter gets an id that does not exist: a clean 404, never an error.
		expect(response.status(), `GET ${route.path}`).toBe(route.dynamic ? 404 : 200);
	}
	await context.dispose();
});
