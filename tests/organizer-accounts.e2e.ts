import { expect, test } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import { randomBytes } from 'node:crypto';
import { createConfirmedAccount, postForm } from './support/http';

test('an organizer finds an account, makes it a judge, and takes the role back', async ({
	page
}) => {
	const { email } = await createConfirmedAccount();
	await signIn(page, demo.organizer);
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Accounts' }).first().click();
	await page.getByLabel('Search by name or email').fill(email);
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace('.', '\\.')}`));
	const row = page.getByRole('row').filter({ hasText: email });
	await expect(row).toHaveCount(1);
	await row.getByRole('button', { name: /Make Judge/ }).click();
	await expect(page.getByRole('status')).toContainText('is now Judge');
	await expect(row.getByRole('listitem').filter({ hasText: 'Judge' })).toBeVisible();
	await row.getByRole('button', { name: /Remove Judge/ }).click();
	await expect(page.getByRole('status')).toContainText('is no longer Judge');
	await expect(row.getByRole('button', { name: /Make Judge/ })).toBeVisible();
});

test('accounts are paged by keyset, 25 to a page', async ({ page, request }) => {
	const tag = randomBytes(4).toString('hex');
	const signUps = Array.from({ length: 26 }, (_, index) =>
		postForm(request, '/sign-up', {
			name: `Paging Person ${index}`,
			email: `paging-${tag}-${String(index).padStart(2, '0')}@example.org`,
			password: 'paging test passphrase',
			country: 'KR',
			dateOfBirth: '2001-01-01'
		})
	);
	for (const response of await Promise.all(signUps)) expect(response.status()).toBe(303);

	await signIn(page, demo.organizer);
	await page.goto(`/admin/accounts?q=paging-${tag}`);
	await expect(page.locator('tbody tr')).toHaveCount(25);
	await expect(page.locator('tbody tr').first()).toContainText(`paging-${tag}-00@`);
	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page).toHaveURL(/after=/);
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await expect(page.locator('tbody tr').first()).toContainText(`paging-${tag}-25@`);
	await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
	await page.getByRole('link', { name: 'First page' }).click();
	await expect(page.locator('tbody tr')).toHaveCount(25);
});
