import { randomBytes } from 'node:crypto';
import { expect, test, type APIResponse } from '@playwright/test';
import { newRequestContext, postForm } from './support/http';

/**
 * The limits on sign-up, password reset and email verification (sign-in has its own file), on
 * the strict server (production limits, its own database). Each refusal is a 429 that says how
 * long to wait and carries Retry-After.
 */
const STRICT = 'http://localhost:4174';
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(3).toString('hex');
const signUpFields = (email: string) => ({
	name: 'Rate Limited',
	email,
	password: 'a long enough passphrase here',
	country: 'KR',
	dateOfBirth: '2001-01-01'
});

async function expectRefused(response: APIResponse) {
	expect(response.status()).toBe(429);
	expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await response.text()).toMatch(/Too many attempts\. Please wait \d+ minutes/);
}

test('sign-up: the 4th attempt for one address in an hour is refused', async () => {
	const request = await newRequestContext(STRICT);
	const email = `limit-signup-${tag}@example.org`;
	for (let attempt = 1; attempt <= 3; attempt++)
		expect((await postForm(request, '/sign-up', signUpFields(email))).status()).toBe(303);
	await expectRefused(await postForm(request, '/sign-up', signUpFields(email)));
	await request.dispose();
});

test('sign-up: one address (IP) gets at most 10 attempts an hour, whatever the emails', async () => {
	const request = await newRequestContext(STRICT);
	let refusedAt = 0;
	for (let attempt = 1; attempt <= 11; attempt++) {
		const response = await postForm(
			request,
			'/sign-up',
			signUpFields(`limit-ip-${attempt}-${tag}@example.org`)
		);
		if (response.status() === 429) {
			refusedAt = attempt;
			await expectRefused(response);
			break;
		}
		expect(response.status(), `sign-up ${attempt}`).toBe(303);
	}
	// The first test spent some of this address's attempts already.
	expect(refusedAt).toBeGreaterThan(0);
	expect(refusedAt).toBeLessThanOrEqual(11);
	await request.dispose();
});

test('password reset: the 4th request for one address in an hour is refused', async () => {
	const request = await newRequestContext(STRICT);
	const email = `limit-reset-${tag}@example.org`;
	for (let attempt = 1; attempt <= 3; attempt++)
		expect((await postForm(request, '/forgot-password', { email })).status()).toBe(303);
	await expectRefused(await postForm(request, '/forgot-password', { email }));
	await request.dispose();
});

test('email verification: guessing links is refused after 20 wrong tokens', async () => {
	const request = await newRequestContext(STRICT);
	let refusedAt = 0;
	for (let attempt = 1; attempt <= 21; attempt++) {
		const response = await postForm(request, '/verify-email?/confirm', {
			token: randomBytes(20).toString('hex')
		});
		if (response.status() === 429) {
			refusedAt = attempt;
			await expectRefused(response);
			break;
		}
		expect(response.status(), `guess ${attempt}`).toBe(400);
	}
	expect(refusedAt).toBe(21);
	await request.dispose();
});
