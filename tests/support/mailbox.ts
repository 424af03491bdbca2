import { expect, type Page } from '@playwright/test';

/**
 * Opens the newest mail to `to` with `subject` in the developer mailbox and returns the first
 * link in it. Mail is written in the same transaction as the change, so it is there at once;
 * polling only covers the page load.
 */
export async function openMailLink(page: Page, to: string, subject: string): Promise<string> {
	let href: string | null = null;
	await expect(async () => {
		await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
		const row = page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject }).first();
		await row.getByRole('link').click();
		await expect(page.getByTestId('mail-to')).toHaveText(to);
		href = await page.getByTestId('mail-body').getByRole('link').first().getAttribute('href');
		expect(href).toBeTruthy();
	}).toPass({ timeout: 15_000 });
	return href as unknown as string;
}
