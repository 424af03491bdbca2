import { expect, test } from '@playwright/test';
import { whenInteractive } from './support/accounts';
import { BASE_URL } from './support/http';
import { createTeamLead } from './support/team';

/**
 * "Countries of implementation" on a phone, by keyboard: a filter narrows 250 countries, Space
 * ticks one, the chosen ones are named, and the draft keeps them (no Ctrl/⌘-click anywhere).
 */
test('countries are chosen by keyboard on a phone: filter, Space, named, saved', async ({
	browser
}) => {
	const lead = await createTeamLead();
	const context = await browser.newContext({
		baseURL: BASE_URL,
		viewport: { width: 390, height: 844 },
		storageState: await lead.request.storageState()
	});
	const page = await context.newPage();
	await page.goto('/team/entry/basics');
	await whenInteractive(page);
	const countries = page.getByRole('group', { name: 'Countries of implementation' });
	await expect(countries).toContainText('No country chosen yet.');

	for (const [typed, name] of [
		['south kor', 'South Korea'],
		['curacao', 'Curaçao']
	] as const) {
		const filter = countries.getByRole('searchbox', { name: 'Filter countries' });
		await filter.fill('');
		await filter.pressSequentially(typed, { delay: 40 });
		await expect(countries.getByRole('checkbox')).toHaveCount(1);
		await page.keyboard.press('Tab');
		await expect(countries.getByRole('checkbox', { name })).toBeFocused();
		await page.keyboard.press('Space');
		await expect(countries.getByRole('checkbox', { name })).toBeChecked();
	}
	await expect(countries).toContainText('2 countries chosen: Curaçao, South Korea');
	// The filter hides, it does not forget: cleared, the list is whole and both stay ticked.
	await countries.getByRole('searchbox', { name: 'Filter countries' }).fill('');
	expect(await countries.getByRole('checkbox').count()).toBeGreaterThan(240);

	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Draft saved.')).toBeVisible();
	await page.reload();
	await expect(countries.getByRole('checkbox', { name: 'South Korea' })).toBeChecked();
	await expect(countries.getByRole('checkbox', { checked: true })).toHaveCount(2);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await countries.screenshot({ path: 'test-results/shots/entry-countries-phone.png' });
	await context.close();
});
