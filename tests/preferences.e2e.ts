import { expect, test } from '@playwright/test';

for (const javaScriptEnabled of [true, false]) {
	test(`language and theme switch by link (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		await page.goto('/about');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.getByRole('link', { name: /한국어/ }).click();
		await expect(page).toHaveURL(/\/about$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('챌린지 소개');
		await page.getByRole('link', { name: /English/ }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');

		await page.getByRole('link', { name: 'Dark' }).click();
		await expect(page.locator('html')).toHaveClass(/dark/);
		await expect(page.getByRole('link', { name: 'Dark' })).toHaveAttribute('aria-current', 'true');
		await page.getByRole('link', { name: 'System' }).click();
		await expect(page.locator('html')).not.toHaveClass(/dark/);
		await context.close();
	});
}

test('the browser language is used until a language is chosen', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'ko-KR' });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
	await context.close();
});
