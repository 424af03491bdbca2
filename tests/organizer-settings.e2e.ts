import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { fromZonedInputValue } from '../src/lib/domain/zoned-time';
import { expectAccessible, installAxe } from './support/axe';
import { demo, signIn, whenInteractive } from './support/accounts';
import { postForm, showHtml, signedInRequest, type FormFields } from './support/http';

/**
 * Challenge settings: an organizer changes what the public sees, bad input on every settings
 * form is refused with the field named, other roles never see the pages, and axe finds nothing
 * serious. The end-to-end servers share one database and other tests read the demo challenge:
 * every change made here is put back, and no change narrows what other tests rely on.
 */

const SETTINGS_PAGES = [
	'/admin/settings',
	'/admin/settings/schedule',
	'/admin/settings/tracks',
	'/admin/settings/entry-form',
	'/admin/settings/uploads'
];
const SETTINGS_ACTIONS = [
	'/admin/settings?/texts',
	'/admin/settings?/organizer',
	'/admin/settings/schedule?/dates',
	'/admin/settings/schedule?/eligibility',
	'/admin/settings/entry-form?/help',
	'/admin/settings/uploads?/limits',
	'/admin/settings/tracks?/create',
	'/admin/settings/tracks?/update',
	'/admin/settings/tracks?/move',
	'/admin/settings/tracks?/delete'
];
const ZONE = 'Asia/Seoul';

/** The fields a form on the current page would send (hidden ones included). */
async function formFields(page: Page, action: string): Promise<Record<string, string>> {
	return page
		.locator(`form[action="${action}"]`)
		.first()
		.evaluate((form) => {
			const fields: Record<string, string> = {};
			for (const [name, value] of new FormData(form as HTMLFormElement))
				if (typeof value === 'string') fields[name] = value;
			return fields;
		});
}

/** Fields of a settings form as the server renders it (read over HTTP, without a browser). */
async function serverFormFields(
	page: Page,
	request: APIRequestContext,
	path: string,
	action: string
) {
	const html = await (await request.get(path)).text();
	await showHtml(page, html);
	return formFields(page, action);
}

/** The id of the track with this slug in the tracks page's HTML. */
function trackIdOf(html: string, slug: string): string | undefined {
	const item = html.split('<li').find((part) => part.includes(`>${slug}</code>`));
	return item ? /name="trackId" value="([0-9a-f-]{36})"/.exec(item)?.[1] : undefined;
}

let pendingRestore: (() => Promise<void>) | null = null;

test.afterEach(async () => {
	const restore = pendingRestore;
	pendingRestore = null;
	await restore?.();
});

async function expectSaved(request: APIRequestContext, path: string, fields: FormFields) {
	const response = await postForm(request, path, fields);
	expect(response.status(), `${path} restored`).toBe(303);
}

test.describe('organizer settings', () => {
	test.use({ timezoneId: ZONE });

	test('an organizer changes texts, a deadline, team size, a limit and tracks; the home page follows', async ({
		page
	}) => {
		test.setTimeout(120_000);
		const organizer = await signedInRequest(demo.organizer);
		const marker = randomBytes(3).toString('hex');
		const title = { en: `Civic AI Challenge ${marker}`, ko: `시민 AI 챌린지 ${marker}` };
		const trackSlug = `open-data-${marker}`;
		const trackName = `Open data ${marker}`;

		// What was there before, to put it back whatever happens.
		const original = {
			texts: await serverFormFields(page, organizer, '/admin/settings', '?/texts'),
			dates: await serverFormFields(page, organizer, '/admin/settings/schedule', '?/dates'),
			eligibility: await serverFormFields(
				page,
				organizer,
				'/admin/settings/schedule',
				'?/eligibility'
			),
			limits: await serverFormFields(page, organizer, '/admin/settings/uploads', '?/limits')
		};
		expect(original.dates.zone).toBe(ZONE);

		// Put back even when a step fails (afterEach runs after a timeout too).
		const restore = async () => {
			await expectSaved(organizer, '/admin/settings?/texts', original.texts);
			await expectSaved(organizer, '/admin/settings/schedule?/dates', original.dates);
			await expectSaved(organizer, '/admin/settings/schedule?/eligibility', original.eligibility);
			await expectSaved(organizer, '/admin/settings/uploads?/limits', original.limits);
			const tracksHtml = await (await organizer.get('/admin/settings/tracks')).text();
			const trackId = trackIdOf(tracksHtml, trackSlug);
			if (trackId) await expectSaved(organizer, '/admin/settings/tracks?/delete', { trackId });
			await organizer.dispose();
		};
		pendingRestore = restore;

		await signIn(page, demo.organizer);
		// Texts, in both languages.
		await page.goto('/admin/settings');
		// Typing before hydration can be lost (issue 13 fixes that and tests it on its own).
		await whenInteractive(page);
		await page.locator('#texts-titleEn').fill(title.en);
		await page.locator('#texts-titleKo').fill(title.ko);
		await page.getByRole('button', { name: 'Save texts' }).click();
		await expect(page).toHaveURL(/\/admin\/settings\?notice=saved$/);
		await expect(
			page.getByRole('status').filter({ hasText: 'Your changes are saved.' })
		).toBeVisible();
		await expect(page.locator('#texts-titleEn')).toHaveValue(title.en);

		// A later deadline on the same day (still before judging), and larger teams.
		await page.goto('/admin/settings/schedule');
		await whenInteractive(page);
		await expect(page.getByText('Times are in Korean Standard Time')).toBeVisible();
		const deadlineField = page.locator('#dates-submissionDeadlineAt');
		const deadlineBefore = await deadlineField.inputValue();
		expect(deadlineBefore).toMatch(/T23:59$/);
		const deadline = deadlineBefore.replace(/T23:59$/, 'T23:30');
		await deadlineField.fill(deadline);
		await page.getByRole('button', { name: 'Save dates' }).click();
		await expect(page).toHaveURL(/notice=saved/);
		await expect(deadlineField).toHaveValue(deadline);
		const teamMaxSize = String(Number(original.eligibility.teamMaxSize) + 1);
		await page.locator('#eligibility-teamMaxSize').fill(teamMaxSize);
		await page.getByRole('button', { name: 'Save eligibility' }).click();
		await expect(page).toHaveURL(/notice=saved/);
		await expect(page.locator('#eligibility-teamMaxSize')).toHaveValue(teamMaxSize);

		// A larger cover image.
		await page.goto('/admin/settings/uploads');
		await whenInteractive(page);
		const coverMb = String(Number(original.limits.coverMb) + 1);
		await page.locator('#uploads-coverMb').fill(coverMb);
		await page.getByRole('button', { name: 'Save limits' }).click();
		await expect(page).toHaveURL(/notice=saved/);
		await expect(page.locator('#uploads-coverMb')).toHaveValue(coverMb);

		// A new track, added last, then moved up one place.
		await page.goto('/admin/settings/tracks');
		await whenInteractive(page);
		const names = page.locator('ol > li h3');
		const countBefore = await names.count();
		await page.locator('#create-slug').fill(trackSlug);
		await page.locator('#create-nameEn').fill(trackName);
		await page.locator('#create-nameKo').fill(`공공 데이터 ${marker}`);
		await page.locator('#create-descriptionEn').fill('Open government data that people use.');
		await page.getByRole('button', { name: 'Add track' }).click();
		await expect(page).toHaveURL(/notice=track_created/);
		await expect(names).toHaveCount(countBefore + 1);
		await expect(names.last()).toContainText(trackName);
		// The form is empty again for the next track.
		await expect(page.locator('#create-slug')).toHaveValue('');
		// The hidden part of the button's name is a separate box: Chrome adds a space before it.
		await page.getByRole('button', { name: new RegExp(`^Move up\\s*: ${trackName}$`) }).click();
		await expect(page.getByRole('status').filter({ hasText: 'moved' })).toContainText(
			`“${trackName}” moved.`
		);
		await expect(names.nth(countBefore - 1)).toContainText(trackName);
		await expect(names.last()).not.toContainText(trackName);

		// The public home page shows all of it.
		await page.goto('/');
		await expect(page.locator('h1')).toHaveText(title.en);
		const instant = fromZonedInputValue(deadline, ZONE) as Date;
		const shown = new Intl.DateTimeFormat('en-GB', {
			dateStyle: 'long',
			timeStyle: 'short',
			hourCycle: 'h23',
			timeZone: ZONE
		}).format(instant);
		const deadlineBox = page.locator('aside[aria-labelledby="deadline-heading"]');
		// In the challenge's zone, named (the browser's own may follow).
		await expect(deadlineBox.locator(`time[datetime="${instant.toISOString()}"]`)).toContainText(
			`${shown} GMT+9`
		);
		const trackNames = page.locator('section[aria-labelledby="tracks-heading"] h3');
		await expect(trackNames.nth(countBefore - 1)).toHaveText(trackName);
		await expect(page.getByText(`Teams of 1 to ${teamMaxSize} people`)).toBeVisible();
		await page
			.context()
			.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ko', url: 'http://localhost:4173' }]);
		await page.goto('/');
		await expect(page.locator('h1')).toHaveText(title.ko);
		await expect(trackNames.nth(countBefore - 1)).toHaveText(`공공 데이터 ${marker}`);

		pendingRestore = null;
		await restore();
		// Everything is back.
		await page.context().clearCookies({ name: 'PARAGLIDE_LOCALE' });
		const check = await signedInRequest(demo.organizer);
		expect(await serverFormFields(page, check, '/admin/settings', '?/texts')).toEqual(
			original.texts
		);
		expect(await serverFormFields(page, check, '/admin/settings/schedule', '?/dates')).toEqual(
			original.dates
		);
		await check.dispose();
	});

	/** One bad submission: HTTP 400, the message on the field, and the typed values kept. */
	type Case = { label: string; path: string; prefix: string; fields: FormFields; field: string };

	async function expectBadInput(page: Page, request: APIRequestContext, testCase: Case) {
		const response = await postForm(request, testCase.path, testCase.fields);
		expect(response.status(), testCase.label).toBe(400);
		await showHtml(page, await response.text());
		const id = `${testCase.prefix}-${testCase.field}`;
		const message = page.locator(`#${id}-error`);
		await expect(message, `${testCase.label}: message on ${testCase.field}`).toHaveCount(1);
		await expect(message).not.toBeEmpty();
		await expect(page.locator(`#${id}`), testCase.label).toHaveAttribute('aria-invalid', 'true');
		const normalize = (text: string | null) =>
			(text ?? '').replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '\uFFFD');
		for (const [name, value] of Object.entries(testCase.fields)) {
			if (Array.isArray(value)) continue;
			const control = page.locator(`#${testCase.prefix}-${name}`);
			if ((await control.count()) !== 1) continue;
			const tag = await control.evaluate((element) => element.tagName);
			if (tag === 'SELECT' && value === '') continue;
			const kept =
				tag === 'TEXTAREA'
					? await control.textContent()
					: tag === 'SELECT'
						? await control.locator('option[selected]').getAttribute('value')
						: await control.getAttribute('value');
			expect(normalize(kept), `${testCase.label}: ${name} kept`).toBe(normalize(value));
		}
	}

	test('bad input on every settings form gives 400 with the field named and values kept', async ({
		page
	}) => {
		test.setTimeout(180_000);
		const organizer = await signedInRequest(demo.organizer);
		// Valid forms as they stand: each case breaks one thing, so nothing else could change.
		const texts = await serverFormFields(page, organizer, '/admin/settings', '?/texts');
		const organizerForm = await serverFormFields(page, organizer, '/admin/settings', '?/organizer');
		const dates = await serverFormFields(page, organizer, '/admin/settings/schedule', '?/dates');
		const eligibility = await serverFormFields(
			page,
			organizer,
			'/admin/settings/schedule',
			'?/eligibility'
		);
		const limits = await serverFormFields(page, organizer, '/admin/settings/uploads', '?/limits');
		const tracksHtml = await (await organizer.get('/admin/settings/tracks')).text();
		await showHtml(page, tracksHtml);
		const trackIds = await page
			.locator('form[action="?/update"] input[name=trackId]')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		const slugs = await page.locator('ol > li code').allTextContents();
		expect(trackIds.length).toBeGreaterThanOrEqual(2);
		const firstTrack = await formFields(page, '?/update');

		const NUL = 'a\u0000b';
		const BIDI = 'evil\u202Etxt';
		const long = (length: number) => 'x'.repeat(length);
		const without = (fields: Record<string, string>, name: string) => {
			const copy = { ...fields };
			delete copy[name];
			return copy;
		};
		const on = (
			path: string,
			prefix: string,
			base: Record<string, string>
		): ((label: string, change: FormFields, field: string) => Case) => {
			return (label, change, field) => ({
				label,
				path,
				prefix,
				fields: { ...base, ...change },
				field
			});
		};
		const textCase = on('/admin/settings?/texts', 'texts', texts);
		const organizerCase = on('/admin/settings?/organizer', 'organizer', organizerForm);
		const dateCase = on('/admin/settings/schedule?/dates', 'dates', dates);
		const eligibilityCase = on('/admin/settings/schedule?/eligibility', 'eligibility', eligibility);
		const limitCase = on('/admin/settings/uploads?/limits', 'uploads', limits);
		const helpCase = on('/admin/settings/entry-form?/help', 'help', { step: 'story' });
		const basicsHelpCase = on('/admin/settings/entry-form?/help', 'help', { step: 'basics' });
		const createCase = on('/admin/settings/tracks?/create', 'create', {
			slug: 'valid-new-track',
			nameEn: 'Valid track',
			nameKo: '',
			descriptionEn: '',
			descriptionKo: ''
		});
		const updateCase = on('/admin/settings/tracks?/update', `track-${trackIds[0]}`, firstTrack);

		const cases: Case[] = [
			textCase('title empty', { titleEn: '' }, 'titleEn'),
			textCase('title only spaces', { titleEn: '    ' }, 'titleEn'),
			textCase('title too long', { titleEn: long(121) }, 'titleEn'),
			textCase('title with NUL', { titleEn: NUL }, 'titleEn'),
			textCase('Korean title with bidi override', { titleKo: BIDI }, 'titleKo'),
			textCase('summary too long', { summaryEn: long(401) }, 'summaryEn'),
			textCase(
				'description with a control character',
				{ descriptionEn: 'a\u0007b' },
				'descriptionEn'
			),
			{ ...textCase('theme missing', {}, 'themeEn'), fields: without(texts, 'themeEn') },
			organizerCase(
				'website with javascript:',
				{ organizerUrl: 'javascript:alert(1)' },
				'organizerUrl'
			),
			organizerCase('website over ftp', { organizerUrl: 'ftp://example.org' }, 'organizerUrl'),
			organizerCase('website without scheme', { organizerUrl: 'example.org' }, 'organizerUrl'),
			organizerCase('contact email invalid', { contactEmail: 'not-an-email' }, 'contactEmail'),
			organizerCase('unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'),
			organizerCase('time zone empty', { timeZone: '' }, 'timeZone'),
			organizerCase('event name empty', { eventNameEn: '' }, 'eventNameEn'),
			organizerCase(
				'organizer about too long',
				{ organizerAboutEn: long(3001) },
				'organizerAboutEn'
			),
			dateCase('deadline empty', { submissionDeadlineAt: '' }, 'submissionDeadlineAt'),
			dateCase(
				'impossible deadline',
				{ submissionDeadlineAt: '2027-02-30T10:00' },
				'submissionDeadlineAt'
			),
			dateCase(
				'deadline in another format',
				{ submissionDeadlineAt: '30/01/2027 10:00' },
				'submissionDeadlineAt'
			),
			dateCase(
				'deadline before opening',
				{ submissionDeadlineAt: dates.submissionsOpenAt },
				'submissionDeadlineAt'
			),
			dateCase(
				'judging before deadline',
				{ judgingStartsAt: dates.submissionsOpenAt },
				'judgingStartsAt'
			),
			dateCase(
				'results before judging',
				{ resultsAt: dates.submissionDeadlineAt.replace(/T.*/, 'T00:00') },
				'resultsAt'
			),
			dateCase('event before results', { eventAt: dates.judgingStartsAt }, 'eventAt'),
			dateCase('results as a word', { resultsAt: 'tomorrow' }, 'resultsAt'),
			dateCase('opening in 1999', { submissionsOpenAt: '1999-01-01T00:00' }, 'submissionsOpenAt'),
			eligibilityCase('minimum age not a number', { minAge: 'abc' }, 'minAge'),
			eligibilityCase('minimum age too low', { minAge: '9' }, 'minAge'),
			eligibilityCase('maximum age below minimum', { minAge: '30', maxAge: '20' }, 'maxAge'),
			eligibilityCase('largest team too large', { teamMaxSize: '21' }, 'teamMaxSize'),
			eligibilityCase('smallest team zero', { teamMinSize: '0' }, 'teamMinSize'),
			eligibilityCase('team size not whole', { teamMinSize: '2.5' }, 'teamMinSize'),
			eligibilityCase(
				'largest team below smallest',
				{ teamMinSize: '4', teamMaxSize: '2' },
				'teamMaxSize'
			),
			limitCase('cover limit zero', { coverMb: '0' }, 'coverMb'),
			limitCase('cover limit empty', { coverMb: '' }, 'coverMb'),
			limitCase('deck limit too large', { deckMb: '51' }, 'deckMb'),
			limitCase(
				'quota below both files',
				{ coverMb: '40', deckMb: '40', quotaMb: '60' },
				'quotaMb'
			),
			limitCase('quota too large', { quotaMb: '501' }, 'quotaMb'),
			limitCase('quota negative', { quotaMb: '-5' }, 'quotaMb'),
			helpCase('help text too long', { problemEn: long(501) }, 'problemEn'),
			helpCase(
				'Korean help without English',
				{ solutionKo: '해결 방안을 설명합니다.' },
				'solutionEn'
			),
			basicsHelpCase('help text with NUL', { titleEn: NUL }, 'titleEn'),
			createCase('slug with a space', { slug: 'bad slug' }, 'slug'),
			createCase('slug starting with a hyphen', { slug: '-x' }, 'slug'),
			createCase('slug with Hangul', { slug: '교통' }, 'slug'),
			createCase('slug already used', { slug: slugs[1] }, 'slug'),
			createCase('track name empty', { nameEn: '' }, 'nameEn'),
			createCase('Korean description alone', { descriptionKo: '설명' }, 'descriptionEn'),
			updateCase('renamed to another track’s slug', { slug: slugs[1] }, 'slug'),
			updateCase('slug with an underscore', { slug: 'a_b' }, 'slug'),
			updateCase('track name too long', { nameEn: long(81) }, 'nameEn')
		];
		expect(cases.length).toBeGreaterThanOrEqual(20);
		for (const testCase of cases) await expectBadInput(page, organizer, testCase);

		// Malformed requests: 400 (or 404 for a track that does not exist), never a 500.
		const malformed: FormFields[] = [
			{},
			{ trackId: 'not-a-uuid', direction: 'up' },
			{ trackId: trackIds[0], direction: 'sideways' }
		];
		for (const fields of malformed) {
			const response = await postForm(organizer, '/admin/settings/tracks?/move', fields);
			expect(response.status(), JSON.stringify(fields)).toBe(400);
		}
		const unknown = await postForm(organizer, '/admin/settings/tracks?/delete', {
			trackId: '00000000-0000-4000-8000-000000000000'
		});
		expect(unknown.status()).toBe(404);
		const unknownStep = await postForm(organizer, '/admin/settings/entry-form?/help', {
			step: 'review',
			titleEn: 'x'
		});
		expect(unknownStep.status()).toBe(400);

		// Nothing was created (the other settings may be changing under the flow test meanwhile).
		const after = await (await organizer.get('/admin/settings/tracks')).text();
		expect(after).not.toContain('valid-new-track');
		await organizer.dispose();
	});

	for (const role of ['entrant', 'judge'] as const) {
		test(`${role === 'entrant' ? 'an' : 'a'} ${role} gets 404 for every settings page and action`, async () => {
			const context = await signedInRequest(demo[role]);
			for (const path of SETTINGS_PAGES) {
				const response = await context.get(path, { maxRedirects: 0 });
				expect(response.status(), `GET ${path}`).toBe(404);
			}
			for (const path of SETTINGS_ACTIONS) {
				const response = await postForm(context, path, {
					titleEn: 'Taken over',
					minAge: '10',
					trackId: '00000000-0000-4000-8000-000000000000',
					direction: 'up'
				});
				expect(response.status(), `POST ${path}`).toBe(404);
			}
			await context.dispose();
		});
	}

	test('the route walk finds every settings page and action', async () => {
		const { listRoutes } = await import('./support/routes');
		const routes = listRoutes().filter((route) => route.path.startsWith('/admin/settings'));
		expect(routes.map((route) => route.path).sort()).toEqual([...SETTINGS_PAGES].sort());
		const found = routes.flatMap((route) =>
			route.actions.map((action) => `${route.path}?/${action}`)
		);
		expect(found.sort()).toEqual([...SETTINGS_ACTIONS].sort());
	});
});

for (const locale of ['en', 'ko']) {
	for (const theme of ['light', 'dark'] as const) {
		test.describe(`settings pages, ${locale}, ${theme} theme`, () => {
			test.use({ colorScheme: theme });
			test.describe.configure({ timeout: 120_000 });

			test('have no serious accessibility violation', async ({ page }) => {
				await signIn(page, demo.organizer);
				await installAxe(page.context());
				await page.context().addCookies([
					{ name: 'PARAGLIDE_LOCALE', value: locale, url: 'http://localhost:4173' },
					{ name: 'theme', value: theme, url: 'http://localhost:4173' }
				]);
				for (const path of SETTINGS_PAGES) {
					await page.goto(path);
					await expect(page.locator('html')).toHaveAttribute('lang', locale);
					await expectAccessible(page, `${path} (${locale}, ${theme})`);
				}
				// With error messages showing, and a track's edit form open.
				await page.goto('/admin/settings');
				await page.locator('#texts-titleEn').fill('');
				await page.locator('form[action="?/texts"] button[type=submit]').click();
				await expect(page.locator('#texts-titleEn-error')).toBeVisible();
				await expectAccessible(page, `settings with errors (${locale}, ${theme})`);
				await page.goto('/admin/settings/uploads');
				await page.locator('#uploads-quotaMb').fill('1');
				await page.locator('form[action="?/limits"] button[type=submit]').click();
				await expect(page.locator('#uploads-quotaMb-error')).toBeVisible();
				await expectAccessible(page, `uploads with errors (${locale}, ${theme})`);
				await page.goto('/admin/settings/tracks');
				await page.locator('main ol details > summary').first().click();
				await expect(page.locator('main details[open] form[action="?/update"]')).toBeVisible();
				await expectAccessible(page, `track edit form (${locale}, ${theme})`);
			});
		});
	}
}
