import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

/** Demo accounts from the seed (src/lib/server/seed/seed-data.ts). */
export const DEMO_PASSWORD = 'governance-demo-2026';
export const demo = {
	organizer: 'organizer@example.org',
	judge: 'judge.amara@example.org',
	otherJudge: 'judge.lucas@example.org',
	entrant: 'entrant@example.org'
} as const;

export function uniqueEmail(prefix = 'e2e'): string {
	return `${prefix}-${randomBytes(5).toString('hex')}@example.org`;
}

/**
 * Waits until the page is interactive when JavaScript runs, for what needs JavaScript (typing
 * before it is kept: typing-before-hydration.e2e.ts). Without JavaScript the mark never comes,
 * and a short wait is all it costs.
 */
export async function whenInteractive(page: Page) {
	await page
		.locator('html[data-hydrated]')
		.waitFor({ state: 'attached', timeout: 3_000 })
		.catch(() => undefined);
}

/** Signs in; each person lands where their work is (organizer, judge, team or account page). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await page.goto('/sign-in');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/(admin|judge|team|account)(\?|$)/);
}

export async function signOut(page: Page) {
	await page.goto('/sign-out');
	await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/sign-in\?notice=signed_out/);
}

export type NewAccount = {
	name: string;
	email: string;
	password: string;
	country: string;
	dateOfBirth: string;
};

export function newAccount(overrides: Partial<NewAccount> = {}): NewAccount {
	return {
		name: 'Seo-yeon Choi',
		email: uniqueEmail('signup'),
		password: 'my civic tech passphrase',
		country: 'KR',
		dateOfBirth: '2003-04-05',
		...overrides
	};
}

export async function fillSignUp(page: Page, account: NewAccount) {
	await page.goto('/sign-up');
	await page.getByLabel('Full name').fill(account.name);
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByLabel('Country of residence').selectOption(account.country);
	await page.getByLabel('Date of birth').fill(account.dateOfBirth);
	await page.getByRole('button', { name: 'Create account' }).last().click();
}
