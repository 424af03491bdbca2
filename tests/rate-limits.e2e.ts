import { randomBytes } from 'node:crypto';
import { expect, test, type APIResponse } from '@playwright/test';
import { mailLink, newRequestContext, postForm } from './support/http';

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

test('sign-up: a class of 40 behind one school address signs up and confirms; a script is stopped at 60', async () => {
	const school = await newRequestContext(STRICT);
	const classmates = Array.from({ length: 40 }, (_, index) => `class-${index}-${tag}@example.org`);
	// Eight at a time, as a class does when told "sign up now".
	for (let start = 0; start < classmates.length; start += 8)
		await Promise.all(
			classmates.slice(start, start + 8).map(async (email) => {
				const response = await postForm(school, '/sign-up', signUpFields(email));
				expect(response.status(), `sign-up of ${email}`).toBe(303);
			})
		);
	for (const email of classmates) {
		const token = (await mailLink(school, email, 'Confirm your email address')).searchParams.get(
			'token'
		) as string;
		const confirmed = await postForm(school, '/verify-email?/confirm', { token });
		expect(confirmed.status(), `confirmation of ${email}`).toBe(303);
	}
	// Beyond a class: the address's hourly limit (the first test spent some attempts already).
	let refusedAt = 0;
	for (let attempt = 1; attempt <= 25; attempt++) {
		const response = await postForm(
			school,
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
	expect(refusedAt).toBeGreaterThan(0);
	await school.dispose();
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
