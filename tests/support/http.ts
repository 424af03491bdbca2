import {
	expect,
	request as playwrightRequest,
	type APIRequestContext,
	type Page
} from '@playwright/test';
import { DEMO_PASSWORD, uniqueEmail } from './accounts';

export const BASE_URL = 'http://localhost:4173';

export type FormFields = Record<string, string | string[]>;

/** The origin of each request context made by newRequestContext (it sends it as `Origin`). */
const origins = new WeakMap<APIRequestContext, string>();

/** A request context with its own cookie jar, on one of the test servers. */
export async function newRequestContext(baseURL = BASE_URL): Promise<APIRequestContext> {
	const context = await playwrightRequest.newContext({ baseURL });
	origins.set(context, new URL(baseURL).origin);
	return context;
}

/** The server a request context was made for, when newRequestContext made it. */
export const originOf = (request: APIRequestContext) => origins.get(request);

/** A form POST as a browser without JavaScript sends it (same-origin, urlencoded, no redirects). */
export function postForm(
	request: APIRequestContext,
	path: string,
	fields: FormFields,
	origin = originOf(request) ?? new URL(path, BASE_URL).origin
) {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields))
		for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
	return request.post(path, {
		headers: {
			origin,
			accept: 'text/html,application/xhtml+xml',
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: body.toString(),
		maxRedirects: 0,
		failOnStatusCode: false
	});
}

/** A request context with its own cookie jar, signed in as `email`. */
export async function signedInRequest(email: string, password = DEMO_PASSWORD, baseURL = BASE_URL) {
	const context = await newRequestContext(baseURL);
	const response = await postForm(context, '/sign-in', { email, password }, baseURL);
	expect(response.status(), `sign-in of ${email}`).toBe(303);
	return context;
}

/** The newest developer-mailbox link sent to an address (read over HTTP). */
export async function mailLink(request: APIRequestContext, to: string, subject: string) {
	const list = await (await request.get(`/dev/mailbox?to=${encodeURIComponent(to)}`)).text();
	const rows = [...list.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => match[1]);
	const row = rows.find((html) => html.includes(to) && html.includes(subject));
	expect(row, `mail "${subject}" to ${to}`).toBeTruthy();
	const id = /\/dev\/mailbox\/([0-9a-f-]{36})/.exec(row as string)?.[1];
	const message = await (await request.get(`/dev/mailbox/${id}`)).text();
	const link = /href="(http[^"]+token=[a-z0-9]+)"/.exec(message)?.[1];
	expect(link).toBeTruthy();
	return new URL(link as string);
}

/** Signs up and confirms a fresh account over HTTP; returns a signed-in request context. */
export async function createConfirmedAccount(
	password = 'a fresh account passphrase',
	options: { baseURL?: string; name?: string; dateOfBirth?: string } = {}
) {
	const email = uniqueEmail('http');
	const baseURL = options.baseURL ?? BASE_URL;
	const anonymous = await newRequestContext(baseURL);
	const signUp = await postForm(
		anonymous,
		'/sign-up',
		{
			name: options.name ?? 'Fresh Account',
			email,
			password,
			country: 'KR',
			dateOfBirth: options.dateOfBirth ?? '2002-02-02'
		},
		baseURL
	);
	expect(signUp.status()).toBe(303);
	const link = await mailLink(anonymous, email, 'Confirm your email address');
	const token = link.searchParams.get('token') as string;
	const confirm = await postForm(anonymous, '/verify-email?/confirm', { token }, baseURL);
	expect(confirm.status()).toBe(303);
	return { email, password, request: anonymous };
}

/** Subjects of the mail sent to an address, newest first (developer mailbox). */
export async function mailSubjects(request: APIRequestContext, to: string): Promise<string[]> {
	const list = await (await request.get(`/dev/mailbox?to=${encodeURIComponent(to)}`)).text();
	return [...list.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
		.map((match) => match[1])
		.filter((row) => row.includes(to))
		.map((row) => /<a [^>]*>([^<]*)<\/a>/.exec(row)?.[1] ?? '');
}

/** Moves the test server's clock (APP_ENV=test only). */
export async function setClockOffset(baseURL: string, offsetMs: number) {
	const context = await playwrightRequest.newContext({ baseURL });
	const response = await context.post('/dev/clock', {
		headers: { 'x-test-clock': '1' },
		data: { offsetMs }
	});
	expect(response.status()).toBe(200);
	await context.dispose();
}

/** Loads a response's HTML into a page (without running its scripts) to inspect the form. */
export async function showHtml(page: Page, html: string) {
	await page.setContent(html.replace(/<script[\s\S]*?<\/script>/g, ''), {
		waitUntil: 'domcontentloaded'
	});
}
