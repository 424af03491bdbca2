import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, installAxe } from './support/axe';
import { demo, signIn } from './support/accounts';
import { createConfirmedAccount } from './support/http';
import { createTeamLead, inviteLink } from './support/team';

/**
 * axe on every page of the foundation, in both languages and both themes. Pages are visited as
 * the person who can see them; forms are also checked with their error messages showing.
 */
const publicPages = [
	'/',
	'/about',
	'/sign-in',
	'/sign-up',
	'/sign-up/check-inbox',
	'/forgot-password',
	'/forgot-password?sent=1',
	'/reset-password?token=not-a-real-token',
	'/verify-email?token=not-a-real-token',
	'/confirm-email-change?token=not-a-real-token',
	'/dev/mailbox',
	'/this-page-does-not-exist'
];
const entrantPages = [
	'/account',
	'/account/security',
	'/account/privacy',
	'/sign-out',
	'/verify-email'
];
const organizerPages = [
	'/admin',
	'/admin/accounts',
	'/admin/accounts?q=example',
	'/admin/judging',
	'/admin/judging/judges',
	'/admin/judging/rubrics/new',
	'/admin/judging/rounds/new'
];
const judgePages = ['/judge', '/judge/profile'];
const teamPages = [
	'/team',
	'/team/entry/basics',
	'/team/entry/story',
	'/team/entry/responsible-ai',
	'/team/entry/impact',
	'/team/entry/media',
	'/team/entry/review',
	'/team/feedback',
	'/consent?token=not-a-real-token'
];

async function usePreferences(page: Page, locale: string, theme: string) {
	await installAxe(page.context());
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: 'http://localhost:4173' },
		{ name: 'theme', value: theme, url: 'http://localhost:4173' }
	]);
}

// Every page in both languages and both themes: English light and Korean dark (contrast depends
// on the theme, not the language; the other two pairings add run time and nothing else).
for (const [locale, theme] of [
	['en', 'light'],
	['ko', 'dark']
] as const) {
	test.describe(`${locale}, ${theme} theme`, () => {
		test.use({ colorScheme: theme as 'light' | 'dark' });
		// axe takes about a second per page.
		test.describe.configure({ timeout: 180_000 });

		test('public pages', async ({ page }) => {
			await usePreferences(page, locale, theme);
			for (const path of publicPages) {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expectAccessible(page, `${path} (${locale}, ${theme})`);
			}
			// A mail in the mailbox, and forms showing their errors.
			await page.goto('/dev/mailbox');
			const firstMail = page.locator('tbody a').first();
			if (await firstMail.count()) {
				await firstMail.click();
				await expectAccessible(page, `mail (${locale}, ${theme})`);
			}
			for (const path of ['/sign-up', '/sign-in', '/forgot-password']) {
				await page.goto(path);
				await page.locator('main form button[type=submit]').last().click();
				await expect(page.locator('.field-error').first()).toBeVisible();
				await expectAccessible(page, `${path} with errors (${locale}, ${theme})`);
			}
		});

		test('account pages', async ({ page }) => {
			await signIn(page, demo.entrant);
			await usePreferences(page, locale, theme);
			for (const path of entrantPages) {
				await page.goto(path);
				await expectAccessible(page, `${path} (${locale}, ${theme})`);
			}
			await page.goto('/account/security');
			await page.locator('form[action="?/password"] button[type=submit]').click();
			await expect(page.locator('.field-error').first()).toBeVisible();
			await expectAccessible(page, `security with errors (${locale}, ${theme})`);
		});

		test('team and entry pages', async ({ browser }) => {
			// A fresh lead with a team and an invitation; a second account without a team.
			const lead = await createTeamLead();
			const link = await inviteLink(lead.request);
			const loner = await createConfirmedAccount();
			const check = async (
				storageState: Awaited<ReturnType<typeof lead.request.storageState>>,
				paths: string[]
			) => {
				const context = await browser.newContext({
					storageState,
					colorScheme: theme as 'light' | 'dark'
				});
				const page = await context.newPage();
				await usePreferences(page, locale, theme);
				for (const path of paths) {
					await page.goto(path);
					await expectAccessible(page, `${path} (${locale}, ${theme})`);
				}
				return { context, page };
			};
			const leadView = await check(await lead.request.storageState(), teamPages);
			// A step showing its errors.
			await leadView.page.goto('/team/entry/media');
			await leadView.page.locator('#q-videoUrl').fill('not a url');
			await leadView.page.locator('button[name=intent][value=stay]').click();
			await expect(leadView.page.locator('#q-videoUrl-error')).toBeVisible();
			await expectAccessible(leadView.page, `media with errors (${locale}, ${theme})`);
			await leadView.context.close();
			const lonerView = await check(await loner.request.storageState(), [
				'/team',
				new URL(link).pathname + new URL(link).search
			]);
			await lonerView.context.close();
		});

		test('judge pages', async ({ page }) => {
			await signIn(page, demo.judge);
			await usePreferences(page, locale, theme);
			for (const path of judgePages) {
				await page.goto(path);
				await expectAccessible(page, `${path} (${locale}, ${theme})`);
			}
		});

		test('organizer pages', async ({ page }) => {
			await signIn(page, demo.organizer);
			await usePreferences(page, locale, theme);
			for (const path of organizerPages) {
				await page.goto(path);
				await expectAccessible(page, `${path} (${locale}, ${theme})`);
			}
			// The seeded rubric and rounds, with a round's assignment and progress pages.
			await page.goto('/admin/judging');
			const uuid = '[0-9a-f-]{36}';
			const hrefs = await page
				.locator('main a')
				.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
			const rubric = hrefs.find((href) =>
				new RegExp(`^/admin/judging/rubrics/${uuid}$`).test(href)
			);
			const round = hrefs.find((href) => new RegExp(`^/admin/judging/rounds/${uuid}$`).test(href));
			expect(rubric, 'a rubric link').toBeTruthy();
			expect(round, 'a round link').toBeTruthy();
			for (const path of [rubric, round, `${round}/assignments`, `${round}/progress`]) {
				await page.goto(path as string);
				await expectAccessible(page, `${path} (${locale}, ${theme})`);
			}
		});
	});
}

test('the keyboard reaches the skip link, the navigation and the forms', async ({ page }) => {
	await page.goto('/sign-in');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to main content' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	// From the main landmark, Tab reaches the email field, then the password.
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Email address')).toBeFocused();
	await page.keyboard.type(demo.entrant);
	await page.keyboard.press('Tab');
	await page.keyboard.type('governance-demo-2026');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/account/);
});

test('tables wider than a phone scroll from the keyboard and pass axe', async ({ page }) => {
	// At 390 px the accounts table and the results page's calibration tables overflow: each
	// overflowing box is a named region with a tab stop (ScrollRegion), which axe's
	// scrollable-region-focusable asks for; a box whose table fits stays a plain box.
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, demo.organizer);
	await installAxe(page.context());
	for (const path of ['/admin/accounts', '/admin/results', '/admin/judging/judges']) {
		await page.goto(path);
		await expectAccessible(page, `${path} at 390 px`);
	}
	await page.goto('/admin/accounts');
	const region = page.getByRole('region', { name: 'Accounts', exact: true });
	await expect(region).toHaveAttribute('tabindex', '0');
	await region.focus();
	await expect(region).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => region.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
	await expectAccessible(page, '/admin/accounts at 390 px, table scrolled');
	// Wide enough for the whole table: no region, no extra tab stop.
	await page.setViewportSize({ width: 1920, height: 1080 });
	await expect(page.locator('main [role=region][tabindex="0"]')).toHaveCount(0);
});
