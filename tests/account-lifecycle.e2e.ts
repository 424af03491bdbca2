import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fillSignUp, newAccount, signIn, signOut } from './support/accounts';
import { openMailLink } from './support/mailbox';

for (const javaScriptEnabled of [true, false]) {
	test.describe(`account lifecycle (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
		test.use({ javaScriptEnabled });

		test('sign up, verify, sign out, sign in, change password, reset it by mail, delete', async ({
			page,
			browser
		}) => {
			const account = newAccount();

			// Sign up; the answer does not say whether the address was new.
			await fillSignUp(page, account);
			await expect(page).toHaveURL(/\/sign-up\/check-inbox$/);
			await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();

			// The confirmation mail arrives in the developer mailbox; its link confirms and signs in.
			const verifyLink = await openMailLink(page, account.email, 'Confirm your email address');
			expect(verifyLink).toMatch(/\/verify-email\?token=[a-z2-7]{32}$/);
			await page.goto(verifyLink);
			await page.getByRole('button', { name: 'Confirm my email address' }).click();
			await expect(page).toHaveURL(/\/account\?notice=verified/);
			await expect(
				page.getByRole('status').filter({ hasText: 'Your email address is confirmed' })
			).toBeVisible();

			await signOut(page);
			await signIn(page, account.email, account.password);

			// A second device signed in to the same account.
			const other = await browser.newContext({ javaScriptEnabled });
			const otherPage = await other.newPage();
			await signIn(otherPage, account.email, account.password);

			// Change the password here: the other device is signed out.
			const newPassword = 'an even better passphrase';
			await page.goto('/account/security');
			const passwordForm = page.locator('form[action="?/password"]');
			await passwordForm.getByLabel('Current password').fill(account.password);
			await passwordForm.getByLabel('New password').fill(newPassword);
			await passwordForm.getByRole('button', { name: 'Change password' }).click();
			await expect(page).toHaveURL(/notice=password_changed/);
			await otherPage.goto('/account');
			await expect(otherPage).toHaveURL(/\/sign-in\?next=%2Faccount/);
			await other.close();

			// Forgot it anyway: reset by mail.
			await signOut(page);
			await page.goto('/forgot-password');
			await page.getByLabel('Email address').fill(account.email);
			await page.getByRole('button', { name: 'Send reset link' }).click();
			await expect(page.getByText('If an account uses this address')).toBeVisible();
			const resetLink = await openMailLink(page, account.email, 'Reset your password');
			await page.goto(resetLink);
			const resetPassword = 'reset by mail passphrase';
			await page.getByLabel('New password').fill(resetPassword);
			await page.getByRole('button', { name: 'Save new password' }).click();
			await expect(page).toHaveURL(/\/account\?notice=reset_done/);
			// The link works once only.
			await page.goto(resetLink);
			await expect(page.getByText('This link is invalid or has expired')).toBeVisible();

			// Download my data: a JSON file with the account, and no secrets.
			await page.goto('/account/privacy');
			const downloading = page.waitForEvent('download');
			await page.getByRole('link', { name: 'Download my data (JSON)' }).click();
			const download = await downloading;
			expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
			const exported = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
			expect(exported.account.email).toBe(account.email);
			expect(exported.account.name).toBe(account.name);
			expect(JSON.stringify(exported)).not.toMatch(/argon2|passwordHash/);

			// Delete the account.
			await page.getByLabel('Current password').fill(resetPassword);
			await page.getByLabel('Type DELETE to confirm').fill('DELETE');
			await page.getByRole('button', { name: 'Delete my account permanently' }).click();
			await expect(page).toHaveURL(/\/\?notice=account_deleted/);
			await expect(page.getByText('Your account was deleted.')).toBeVisible();

			await page.goto('/sign-in');
			await page.getByLabel('Email address').fill(account.email);
			await page.getByLabel('Password', { exact: true }).fill(resetPassword);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await expect(
				page.getByText('The email address or password is not correct.').first()
			).toBeVisible();
		});
	});
}
