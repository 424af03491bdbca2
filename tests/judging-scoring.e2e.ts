import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { demo, signIn, whenInteractive } from './support/accounts';
import { installAxe, expectAccessible } from './support/axe';
import { answers } from './support/entry';
import { pdfDocument, pngImage } from './support/files';
import { BASE_URL, postForm, signedInRequest } from './support/http';
import { createTeamLead } from './support/team';

/**
 * The judge's side of round 1 ("Screening", blind): an entry is submitted over HTTP, the
 * organizer opens the round and assigns it by hand to both demo judges, then a judge scores it
 * with the keyboard alone, saves a draft, comes back and submits. Tampered posts change nothing;
 * other judges' and unknown assignments are 404; the team stays hidden. The deep checks (window,
 * CHECK constraints, peer scores, conflicts) are in scoring.db.spec.ts.
 */
test.describe.configure({ mode: 'serial' });

const suffix = Math.random().toString(36).slice(2, 8);
const marker = `Scoring marker ${suffix}`;
const UUID = /^[0-9a-f-]{36}$/;

let teamName = '';
let leadEmail = '';
let amara: APIRequestContext;
let lucas: APIRequestContext;
let amaraAssignment = '';
let lucasAssignment = '';

async function upload(request: APIRequestContext, kind: 'cover' | 'deck', buffer: Buffer) {
	const response = await request.post('/team/entry/media?/upload', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		multipart: {
			kind,
			file: {
				name: kind === 'cover' ? `${teamName}-cover.png` : `${teamName}-deck.pdf`,
				mimeType: kind === 'cover' ? 'image/png' : 'application/pdf',
				buffer
			}
		},
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(response.status(), `upload ${kind}`).toBe(303);
}

async function submitEntry() {
	const lead = await createTeamLead();
	teamName = lead.teamName;
	leadEmail = lead.email;
	const basics = await (await lead.request.get('/team/entry/basics')).text();
	const trackId = /id="q-trackId"[\s\S]*?<option[^>]*value="([0-9a-f-]{36})"/.exec(basics)?.[1];
	expect(trackId).toBeTruthy();
	const steps: Record<string, Record<string, string | string[]>> = {
		basics: {
			...answers.basics,
			title: `Scoring ${suffix}`,
			tagline: marker,
			trackId: trackId as string,
			countries: ['KR'],
			sdgs: ['11']
		},
		story: {
			...answers.story,
			problem: `We are ${teamName}; write to ${lead.email}. Floods reach villages first.`,
			stage: 'pilot'
		},
		'responsible-ai': answers['responsible-ai'],
		impact: answers.impact,
		media: answers.media
	};
	for (const [step, fields] of Object.entries(steps)) {
		const saved = await postForm(lead.request, `/team/entry/${step}?/save`, {
			...fields,
			intent: 'stay'
		});
		expect(saved.status(), `save ${step}`).toBe(303);
	}
	await upload(lead.request, 'cover', await pngImage());
	await upload(lead.request, 'deck', pdfDocument());
	const submitted = await postForm(lead.request, '/team/entry/review?/submit', {});
	expect(submitted.status(), 'submit').toBe(200);
}

/** The organizer opens round 1 now (window from two days ago) and assigns both demo judges. */
async function openRoundAndAssign(page: Page) {
	await signIn(page, demo.organizer);
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'Screening', exact: true }).first().click();
	const opens = page.getByLabel('Scoring opens');
	const past = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 16);
	await opens.fill(past);
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page).toHaveURL(/notice=(saved|unchanged)/);
	const open = page.getByRole('button', { name: 'Open the round' });
	if (await open.count()) {
		// Entries of other tests may have no judge yet: opening asks to confirm that.
		const anyway = page.getByLabel('Open the round anyway, with these entries unscored');
		if (await anyway.count()) await anyway.check();
		await open.click();
		await expect(page).toHaveURL(/notice=round_opened/);
	}
	const roundUrl = page.url().split('?')[0];
	await page.goto(`${roundUrl}/assignments`);
	const add = page.getByRole('group', { name: 'Assign by hand' });
	for (const judge of ['Amara Okafor', 'Lucas Silva']) {
		const entryOption = add
			.getByLabel('Entry')
			.locator('option', { hasText: `Scoring ${suffix}` })
			.first();
		await add.getByLabel('Entry').selectOption((await entryOption.getAttribute('value')) as string);
		const judgeOption = add.getByLabel('Judge').locator('option', { hasText: judge });
		await add.getByLabel('Judge').selectOption((await judgeOption.getAttribute('value')) as string);
		await add.getByRole('button', { name: 'Assign' }).click();
		// Assigned now, or already (the automatic assignment of another test may have done it).
		await expect(
			page.getByText('Judge assigned.').or(add.getByText(/is already assigned to entry/))
		).toBeVisible();
	}
}

/** The judge's assignment of this test's entry: found by the tagline, the only visible marker. */
async function findAssignment(request: APIRequestContext): Promise<string> {
	const dashboard = await (await request.get('/judge')).text();
	const ids = [...dashboard.matchAll(/href="\/judge\/score\/([0-9a-f-]{36})"/g)].map(
		(match) => match[1]
	);
	for (const id of ids) {
		const html = await (await request.get(`/judge/score/${id}`)).text();
		if (html.includes(marker)) return id;
	}
	return '';
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	await submitEntry();
	const page = await browser.newPage();
	await openRoundAndAssign(page);
	await page.close();
	amara = await signedInRequest(demo.judge);
	lucas = await signedInRequest(demo.otherJudge);
	amaraAssignment = await findAssignment(amara);
	lucasAssignment = await findAssignment(lucas);
	expect(amaraAssignment).toMatch(UUID);
	expect(lucasAssignment).toMatch(UUID);
});

const criterionIds = (html: string) => [
	...new Set([...html.matchAll(/name="value\.([0-9a-f-]{36})"/g)].map((match) => match[1]))
];

/** Presses Tab until `target` has the focus: proof that the keyboard reaches it, in page order. */
async function tabTo(page: Page, target: Locator, most = 120) {
	for (let presses = 0; presses < most; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab did not reach ${target} in ${most} presses`);
}

test('the score form keeps what the judge typed and chose before the page is interactive', async ({
	browser
}) => {
	// A slow phone: the scripts arrive late, the judge starts at once. Nothing is saved here.
	for (let attempt = 1; attempt <= 3; attempt++) {
		const context = await browser.newContext({ storageState: await lucas.storageState() });
		const page = await context.newPage();
		await page.route(/\/_app\/immutable\/.+\.js$/, async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 300));
			await route.continue();
		});
		await page.goto(`${BASE_URL}/judge/score/${lucasAssignment}`);
		const firstCriterion = page
			.getByRole('group')
			.filter({ has: page.getByRole('radio') })
			.first();
		await firstCriterion.getByRole('radio').nth(1).check();
		const feedback = page.getByLabel('Feedback for the team');
		const typed = `Typed at once, attempt ${attempt}`;
		await feedback.pressSequentially(typed, { delay: 40 });
		await whenInteractive(page);
		await expect(feedback, `attempt ${attempt}`).toHaveValue(typed);
		await expect(firstCriterion.getByRole('radio').nth(1), `attempt ${attempt}`).toBeChecked();
		await context.close();
	}
});

test('a judge scores with the keyboard only, saves a draft, comes back and submits', async ({
	page
}) => {
	await signIn(page, demo.judge);
	await page.goto('/judge');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assigned entries');
	await expect(page.getByRole('progressbar').first()).toBeVisible();

	await page.goto(`/judge/score/${amaraAssignment}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Entry \d+$/);
	// Blind: nothing names the team.
	const html = await page.content();
	expect(html).not.toContain(teamName);
	expect(html).not.toContain(leadEmail);
	await expect(page.getByText('The pitch deck is not offered in blind rounds')).toBeVisible();
	// Links show their host and a warning; the full address waits behind a reveal.
	await expect(page.getByText('video.example.org', { exact: true })).toBeVisible();
	await expect(page.getByText('This link may reveal the team').first()).toBeVisible();
	await expect(page.getByRole('link', { name: answers.media.videoUrl })).toBeHidden();
	await expect(page.getByText('We are [redacted]; write to [redacted].')).toBeVisible();

	const groups = page.locator('form[action="?/save"] fieldset fieldset');
	const count = await groups.count();
	expect(count).toBe(6);
	// Into the first scale, then for every criterion: Space picks the first point, two arrow
	// presses move to 3, Tab goes to the comment and on to the next scale.
	await tabTo(page, groups.first().getByRole('radio').first());
	for (let index = 0; index < count; index++) {
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		await expect(groups.nth(index).getByRole('radio', { name: /^3\b/ })).toBeChecked();
		await page.keyboard.press('Tab');
		if (index === 0) await page.keyboard.type('Clear, evidenced problem.');
		await page.keyboard.press('Tab');
	}
	await tabTo(page, page.getByLabel('Feedback for the team'));
	await page.keyboard.type('Show how alerts reach people offline.');
	await tabTo(page, page.getByRole('button', { name: 'Save draft' }));
	await page.keyboard.press('Enter');
	await expect(page.getByText('Draft saved.')).toBeVisible();

	// Coming back: the draft is there.
	await page.goto('/judge');
	await page.goto(`/judge/score/${amaraAssignment}`);
	for (let index = 0; index < count; index++)
		await expect(groups.nth(index).getByRole('radio', { name: /^3\b/ })).toBeChecked();
	await expect(page.getByLabel('Feedback for the team')).toHaveValue(
		'Show how alerts reach people offline.'
	);
	await tabTo(page, page.getByRole('button', { name: 'Submit score', exact: true }));
	await page.keyboard.press('Enter');
	await expect(page.getByText('Score submitted. Thank you.')).toBeVisible();
	await expect(page.getByText('Your weighted total: 50.00 / 100')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Update submitted score' })).toBeVisible();
});

test('tampered posts are refused and change nothing; others’ and unknown ids are 404', async () => {
	const path = `/judge/score/${amaraAssignment}`;
	const before = await (await amara.get(path)).text();
	const ids = criterionIds(before);
	expect(ids).toHaveLength(6);
	const sheet = Object.fromEntries(ids.map((id) => [`value.${id}`, '4']));
	const attempts: [string, Record<string, string>][] = [
		['out of scale', { ...sheet, [`value.${ids[0]}`]: '9' }],
		['zero', { ...sheet, [`value.${ids[1]}`]: '0' }],
		['not a number', { ...sheet, [`value.${ids[2]}`]: 'abc' }],
		['fraction', { ...sheet, [`value.${ids[3]}`]: '2.5' }],
		['unknown criterion', { ...sheet, 'value.00000000-0000-4000-8000-000000000000': '3' }]
	];
	for (const [label, fields] of attempts) {
		const response = await postForm(amara, `${path}?/save`, {
			...fields,
			judgeId: lucasAssignment,
			intent: 'submit'
		});
		expect(response.status(), label).toBe(400);
		const body = await response.text();
		if (label !== 'unknown criterion')
			expect(body, label).toMatch(/: choose a score between 1 and 5/);
		expect(body, label).not.toContain(teamName);
	}
	for (const other of [lucasAssignment, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
		expect((await amara.get(`/judge/score/${other}`)).status(), `GET ${other}`).toBe(404);
		const save = await postForm(amara, `/judge/score/${other}?/save`, {
			...sheet,
			intent: 'submit'
		});
		expect(save.status(), `save ${other}`).toBe(404);
		const conflict = await postForm(amara, `/judge/score/${other}?/conflict`, {
			confirm: 'on'
		});
		expect(conflict.status(), `conflict ${other}`).toBe(404);
		expect((await amara.get(`/judge/files/${other}/cover`)).status()).toBe(404);
	}
	// The sheet is as the keyboard test left it: every criterion at 3, submitted.
	const after = await (await amara.get(path)).text();
	const checked = [...after.matchAll(/name="value\.[0-9a-f-]{36}" value="(\d+)" checked/g)].map(
		(match) => match[1]
	);
	expect(checked).toEqual(['3', '3', '3', '3', '3', '3']);
	expect(after).toContain('Submitted');
	// Lucas's own sheet was not touched by the forged posts.
	expect(await (await lucas.get(`/judge/score/${lucasAssignment}`)).text()).toContain(
		'Not started'
	);

	// A valid sheet with forged judge and assignment fields: the judge comes from the session and
	// the assignment from the URL, so it is stored as Amara's own and Lucas's stays untouched.
	const forged = await postForm(amara, `${path}?/save`, {
		...Object.fromEntries(ids.map((id) => [`value.${id}`, '5'])),
		judgeId: lucasAssignment,
		assignmentId: lucasAssignment,
		intent: 'submit'
	});
	expect(forged.status()).toBe(303);
	const resaved = await (await amara.get(path)).text();
	expect(
		[...resaved.matchAll(/name="value\.[0-9a-f-]{36}" value="(\d+)" checked/g)].map(
			(match) => match[1]
		)
	).toEqual(['5', '5', '5', '5', '5', '5']);
	expect(await (await lucas.get(`/judge/score/${lucasAssignment}`)).text()).toContain(
		'Not started'
	);

	// Files: a generic name, nosniff; no deck in a blind round.
	const cover = await amara.get(`/judge/files/${amaraAssignment}/cover`);
	expect(cover.status()).toBe(200);
	expect(cover.headers()['content-disposition']).toMatch(
		/^inline; filename="entry-\d{4}-cover\.webp"$/
	);
	expect(cover.headers()['x-content-type-options']).toBe('nosniff');
	expect((await amara.get(`/judge/files/${amaraAssignment}/deck`)).status()).toBe(404);
	// Entrants and organizers are not judges: 404.
	const organizer = await signedInRequest(demo.organizer);
	expect((await organizer.get(`/judge/score/${amaraAssignment}`)).status()).toBe(404);
	expect((await organizer.get('/judge')).status()).toBe(404);
});

for (const theme of ['light', 'dark'] as const) {
	test.describe(`${theme} theme`, () => {
		test.use({ colorScheme: theme });
		test(`dashboard and score page are accessible (${theme})`, async ({ page, context }) => {
			await installAxe(context);
			await context.addCookies([{ name: 'theme', value: theme, url: BASE_URL }]);
			await signIn(page, demo.otherJudge);
			await page.goto('/judge');
			await expectAccessible(page, `dashboard (${theme})`);
			await page.goto(`/judge/score/${lucasAssignment}`);
			await expectAccessible(page, `score page (${theme})`);
			// With errors shown.
			await page.getByRole('button', { name: 'Submit score', exact: true }).click();
			await expect(page.getByText(/before submitting/).first()).toBeVisible();
			await expectAccessible(page, `score page with errors (${theme})`);
		});
	});
}
