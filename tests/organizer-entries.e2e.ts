import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { demo, signIn } from './support/accounts';
import { expectAccessible, installAxe } from './support/axe';
import { BASE_URL, createConfirmedAccount, postForm, signedInRequest } from './support/http';

/**
 * The organizer's view of teams and entries and the audit log: list, filters, detail, CSV
 * export; nobody else reaches any of it. Data is made over HTTP as a team would make it.
 */
type TeamFixture = { tag: string; name: string; title: string; email: string; entryId: string };

async function createTeamWithEntry(): Promise<TeamFixture> {
	const tag = randomBytes(4).toString('hex');
	const name = `Riverside ${tag}`;
	const title = `한강 홍수 조기 경보 ${tag}`;
	const { email, request } = await createConfirmedAccount();
	expect((await postForm(request, '/team?/create', { name })).status()).toBe(303);
	const basics = await postForm(request, '/team/entry/basics?/save', {
		title,
		tagline: 'Early flood warnings for riverside districts',
		countries: ['KR', 'VN'],
		sdgs: ['11', '13']
	});
	expect(basics.status()).toBe(303);
	const story = await postForm(request, '/team/entry/story?/save', {
		problem: 'Floods reach **riverside districts** before the warnings do.\n\n- Seoul\n- Hanoi',
		stage: 'prototype'
	});
	expect(story.status()).toBe(303);
	const cover = await sharp({
		create: { width: 320, height: 180, channels: 3, background: '#0b5394' }
	})
		.png()
		.toBuffer();
	const upload = await request.post('/team/entry/media?/upload', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		multipart: {
			kind: 'cover',
			file: { name: 'cover.png', mimeType: 'image/png', buffer: cover }
		},
		maxRedirects: 0
	});
	expect(upload.status()).toBe(303);
	await request.dispose();
	// The organizer's list finds it; its link gives the entry id.
	const organizer = await signedInRequest(demo.organizer);
	const list = await (await organizer.get(`/admin/entries?q=${tag}`)).text();
	await organizer.dispose();
	const entryId = /href="\/admin\/entries\/([0-9a-f-]{36})"/.exec(list)?.[1];
	expect(entryId, 'entry link in the list').toBeTruthy();
	return { tag, name, title, email, entryId: entryId as string };
}

test('an organizer lists, filters and opens entries, downloads the CSV and reads the audit log', async ({
	page
}) => {
	const team = await createTeamWithEntry();
	await signIn(page, demo.organizer);
	await page.goto('/admin');
	await page
		.getByRole('navigation', { name: 'Organizer sections' })
		.getByRole('link', { name: 'Entries', exact: true })
		.click();
	await expect(page).toHaveURL(/\/admin\/entries$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Teams and entries' })).toBeVisible();

	// Search by team name; the filters stay in the URL.
	await page.getByLabel('Search by team or title').fill(team.tag);
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(new RegExp(`q=${team.tag}`));
	const row = page.getByRole('row').filter({ hasText: team.name });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Draft');
	await expect(row).toContainText('Not submitted');

	// By status: a draft is there for "Draft" and gone for "Submitted".
	await page.getByLabel('Status').selectOption('draft');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/status=draft/);
	await expect(page.getByLabel('Search by team or title')).toHaveValue(team.tag);
	await expect(row).toHaveCount(1);
	await page.getByLabel('Status').selectOption('submitted');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByText('No entries match these filters.')).toBeVisible();

	// Search by the (Korean) title, any status.
	await page.goto(`/admin/entries?${new URLSearchParams({ q: team.title })}`);
	await expect(page.getByRole('row').filter({ hasText: team.name })).toHaveCount(1);

	// Open the entry.
	await page.getByRole('link', { name: team.name }).click();
	await expect(page).toHaveURL(`/admin/entries/${team.entryId}`);
	await expect(page.getByRole('heading', { level: 1, name: team.title })).toBeVisible();
	await expect(page.locator('.prose-entry strong')).toHaveText('riverside districts');
	await expect(page.getByText('11. Sustainable cities and communities')).toBeVisible();
	const cover = page.locator(`img[src$="?w=960"]`);
	await expect(cover).toHaveCount(1);
	// Loaded and decoded (read at once, the image may still be on its way).
	await expect
		.poll(() => cover.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
		.toBeGreaterThan(0);
	const teamPanel = page.getByRole('region', { name: 'Team', exact: true });
	await expect(teamPanel).toContainText(team.email);
	await expect(teamPanel).toContainText('Team lead');
	await expect(page.getByRole('region', { name: 'Submitted versions' })).toContainText(
		'Not submitted yet.'
	);
	const history = page.getByRole('region', { name: 'History', exact: true });
	await expect(history).toContainText('Created the team');
	await expect(history).toContainText('Edited the entry');
	await expect(history).toContainText('Uploaded a file');

	// The CSV: every entry, whatever the filters.
	await page.goto(`/admin/entries?q=${team.tag}&status=draft`);
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download CSV' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^entries-\d{4}-\d{2}-\d{2}\.csv$/);
	const bytes = readFileSync((await download.path()) as string);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = bytes.toString('utf8').slice(1).split('\r\n');
	// Every text cell quoted (numbers bare, missing values empty).
	expect(lines[0]).toMatch(
		/^"team","status","latestVersion","submittedAt","track","countries","sdgs","stage","title","tagline","partner","problem",/
	);
	expect(lines[0]).toMatch(/,"memberCount","memberNames","memberEmails","createdAt","updatedAt"$/);
	const line = lines.find((text) => text.startsWith(`"${team.name}",`));
	expect(line, 'the team’s row').toBeTruthy();
	expect(line).toContain(`,"draft",,,,"KR;VN","11;13","prototype","${team.title}",`);
	// A line of a multi-line answer that starts like a formula ("- ") is neutralized.
	expect(line).toContain(`\n'- Seoul\n'- Hanoi",`);
	// The member count is a number; the one member's name, then address.
	expect(line).toContain(`,1,"`);
	expect(line).toContain(`","${team.email}",`);

	const response = await page.request.get('/admin/entries/export.csv');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(response.headers()['content-disposition']).toMatch(
		/^attachment; filename="entries-\d{4}-\d{2}-\d{2}\.csv"$/
	);
	expect(response.headers()['cache-control']).toBe('no-store');

	// The audit log: the team's creation, found by kind of change and by who made it.
	await page.goto('/admin');
	await page
		.getByRole('navigation', { name: 'Organizer sections' })
		.getByRole('link', { name: 'Audit log', exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
	await page.getByLabel('Kind of change').selectOption('team');
	await page.getByLabel('Who made the change (name or email)').fill(team.email);
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/action=team/);
	const line2 = page.getByRole('row').filter({ hasText: 'team.create' });
	await expect(line2).toHaveCount(1);
	await expect(line2).toContainText('Created the team');
	await expect(line2).toContainText(team.email);
	await expect(line2.getByRole('link', { name: team.name })).toHaveAttribute(
		'href',
		`/admin/entries/${team.entryId}`
	);
	await page.getByLabel('Kind of change').selectOption('entry');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByRole('row').filter({ hasText: 'team.create' })).toHaveCount(0);
	await expect(page.getByRole('row').filter({ hasText: 'entry.upload' })).toHaveCount(1);
});

test('bad filters and page links show a message, never an error page', async ({ page }) => {
	await signIn(page, demo.organizer);
	await page.goto('/admin/entries?status=archived&track=nope&after=%25%25');
	await expect(page.locator('#entries-status-error')).toHaveText('Choose a status from the list.');
	await expect(page.locator('#entries-track-error')).toHaveText('Choose a track from the list.');
	await expect(page.getByLabel('Status')).toHaveAttribute('aria-invalid', 'true');
	await page.goto('/admin/entries?track=00000000-0000-4000-8000-000000000000');
	await expect(page.locator('#entries-track-error')).toHaveText('Choose a track from the list.');
	await page.goto(`/admin/entries?after=${Buffer.from('["x",1]').toString('base64url')}`);
	await expect(page.getByRole('alert')).toContainText('This page link is not valid any more.');
	await expect(page.getByRole('link', { name: 'First page' })).toHaveAttribute(
		'href',
		'/admin/entries'
	);
	await page.goto(`/admin/entries?q=${'x'.repeat(101)}`);
	await expect(page.locator('#entries-q-error')).toBeVisible();

	await page.goto('/admin/audit?action=everything&after=bad!');
	await expect(page.locator('#audit-action-error')).toHaveText(
		'Choose a kind of change from the list.'
	);
	await page.goto(`/admin/audit?after=${Buffer.from('[1,2]').toString('base64url')}`);
	await expect(page.getByRole('alert')).toContainText('This page link is not valid any more.');

	for (const path of [
		'/admin/entries/not-a-uuid',
		'/admin/entries/00000000-0000-4000-8000-000000000000'
	]) {
		const response = await page.request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(404);
	}
});

test('entrants, judges and visitors cannot reach entries, the export or the audit log', async () => {
	const team = await createTeamWithEntry();
	const paths = [
		'/admin/entries',
		`/admin/entries?q=${team.tag}`,
		`/admin/entries/${team.entryId}`,
		'/admin/entries/export.csv',
		'/admin/audit',
		'/admin/audit?action=team'
	];
	for (const email of [demo.entrant, demo.judge, team.email]) {
		const context = await signedInRequest(
			email,
			email === team.email ? 'a fresh account passphrase' : undefined
		);
		for (const path of paths) {
			const response = await context.get(path, { maxRedirects: 0 });
			expect(response.status(), `${email} GET ${path}`).toBe(404);
			expect(await response.text()).not.toContain(team.title);
		}
		await context.dispose();
	}
	const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
	for (const path of paths) {
		const response = await anonymous.get(path, { maxRedirects: 0 });
		expect(response.status(), `anonymous GET ${path}`).toBe(303);
		expect(response.headers().location).toMatch(/^\/sign-in\?next=/);
	}
	await anonymous.dispose();
});

async function usePreferences(page: Page, locale: string, theme: string) {
	await installAxe(page.context());
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: BASE_URL },
		{ name: 'theme', value: theme, url: BASE_URL }
	]);
}

test.describe('accessibility of the organizer entry and audit pages', () => {
	// axe takes about a second per page.
	test.describe.configure({ timeout: 180_000 });
	let team: TeamFixture;
	test.beforeAll(async () => {
		team = await createTeamWithEntry();
	});

	for (const locale of ['en', 'ko'])
		for (const theme of ['light', 'dark'])
			test(`${locale}, ${theme} theme`, async ({ browser }) => {
				const context = await browser.newContext({ colorScheme: theme as 'light' | 'dark' });
				const page = await context.newPage();
				await signIn(page, demo.organizer);
				await usePreferences(page, locale, theme);
				for (const path of [
					'/admin',
					'/admin/entries',
					`/admin/entries?q=${team.tag}`,
					'/admin/entries?status=archived&track=nope',
					`/admin/entries/${team.entryId}`,
					'/admin/audit',
					'/admin/audit?action=everything'
				]) {
					await page.goto(path);
					await expect(page.locator('html')).toHaveAttribute('lang', locale);
					await expectAccessible(page, `${path} (${locale}, ${theme})`);
				}
				await context.close();
			});
});
