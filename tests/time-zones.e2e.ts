import { expect, test, type Page } from '@playwright/test';
import { whenInteractive } from './support/accounts';
import { BASE_URL } from './support/http';
import { createTeamLead } from './support/team';

/**
 * A team lead in New York reads the deadline of a challenge run from Seoul. Each page must show
 * the same instant the same way, naming its zone: the challenge's (GMT+9) as the reference, and
 * the viewer's own beside it once the browser has told the server its zone.
 */
async function deadlineOn(page: Page, path: string): Promise<string> {
	await page.goto(path);
	const card = page.getByRole('complementary').filter({
		has: page.getByRole('heading', { name: 'Submission deadline' })
	});
	return (await card.locator('time').first().innerText()).trim();
}

/** A page with scripts tells the server the browser's zone (a cookie) once interactive. */
async function toldItsZone(page: Page) {
	await whenInteractive(page);
	await expect
		.poll(async () => (await page.context().cookies()).some((cookie) => cookie.name === 'tz'))
		.toBe(true);
}

test('every page names the zone of the deadline: the challenge’s, and the viewer’s where it differs', async ({
	browser
}) => {
	const lead = await createTeamLead();
	const context = await browser.newContext({
		baseURL: BASE_URL,
		timezoneId: 'America/New_York',
		storageState: await lead.request.storageState()
	});
	const page = await context.newPage();

	// Until the browser has told the server its zone (public pages run no script), the challenge's
	// is named.
	const first = await deadlineOn(page, '/');
	expect(first).toMatch(/\d{2}:\d{2} GMT\+9$/);
	expect(await deadlineOn(page, '/team')).toBe(first);
	await toldItsZone(page);

	// From then on the viewer's own zone is added, on every page alike.
	const home = await deadlineOn(page, '/');
	expect(home.startsWith(first)).toBe(true);
	expect(home).toMatch(/GMT\+9 \(.*\d{2}:\d{2} GMT-5 your time\)$/);
	expect(await deadlineOn(page, '/team')).toBe(home);

	// A browser in the challenge's own zone gets the reference alone.
	const seoul = await browser.newContext({
		baseURL: BASE_URL,
		timezoneId: 'Asia/Seoul',
		storageState: await lead.request.storageState()
	});
	const inSeoul = await seoul.newPage();
	await deadlineOn(inSeoul, '/team');
	await toldItsZone(inSeoul);
	expect(await deadlineOn(inSeoul, '/team')).toBe(first);
	await seoul.close();
	await context.close();
});
