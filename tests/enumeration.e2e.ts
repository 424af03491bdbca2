import { expect, test } from '@playwright/test';
import { demo } from './support/accounts';
import { newRequestContext, postForm } from './support/http';

/**
 * No account enumeration over HTTP: sign-in, sign-up and password reset answer a known address
 * exactly as they answer an unknown one (status, redirect and the page's message).
 */
const unknown = () => `nobody-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;

/** The visible message of a refused form, without per-request noise (ids, hashes). */
const message = (html: string) =>
	[
		...html.matchAll(
			/<(?:p|div)[^>]*class="[^"]*(?:field-error|alert)[^"]*"[^>]*>([\s\S]*?)<\/(?:p|div)>/g
		)
	]
		.map((match) => match[1].replace(/<[^>]+>/g, '').trim())
		.join(' | ');

test('sign-in: a wrong password and an unknown address get the same answer', async () => {
	const request = await newRequestContext();
	const known = await postForm(request, '/sign-in', {
		email: demo.otherJudge,
		password: 'not the right password at all'
	});
	const stranger = await postForm(request, '/sign-in', {
		email: unknown(),
		password: 'not the right password at all'
	});
	expect(known.status()).toBe(400);
	expect(stranger.status()).toBe(known.status());
	const knownMessage = message(await known.text());
	expect(knownMessage).not.toBe('');
	expect(message(await stranger.text())).toBe(knownMessage);
	await request.dispose();
});

test('password reset: a known and an unknown address get the same redirect', async () => {
	const request = await newRequestContext();
	const known = await postForm(request, '/forgot-password', { email: demo.otherJudge });
	const stranger = await postForm(request, '/forgot-password', { email: unknown() });
	expect(known.status()).toBe(303);
	expect(stranger.status()).toBe(303);
	expect(stranger.headers().location).toBe(known.headers().location);
	await request.dispose();
});

test('sign-up: a taken address gets the same redirect as a new one', async () => {
	const request = await newRequestContext();
	const fields = (email: string) => ({
		name: 'Enumeration Check',
		email,
		password: 'a long enough passphrase here',
		country: 'KR',
		dateOfBirth: '2001-01-01'
	});
	const taken = await postForm(request, '/sign-up', fields(demo.otherJudge));
	const fresh = await postForm(request, '/sign-up', fields(unknown()));
	expect(taken.status()).toBe(303);
	expect(fresh.status()).toBe(303);
	expect(taken.headers().location).toBe(fresh.headers().location);
	await request.dispose();
});
