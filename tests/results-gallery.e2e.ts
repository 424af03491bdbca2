import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { demo, signIn, whenInteractive } from './support/accounts';
import { expectAccessible, installAxe } from './support/axe';
import {
	createConfirmedAccount,
	mailLink,
	mailSubjects,
	newRequestContext,
	postForm,
	signedInRequest
} from './support/http';
import {
	assignmentsInRound,
	crawl,
	createTeam,
	findFoldedLeaks,
	findLeaks,
	roundId,
	signUpConfirmed,
	submitEntry,
	submitScore
} from './support/judging-e2e';
import { inviteLink, joinTeam } from './support/team';

/**
 * Results and the public gallery, on their own server (4179, fresh demo data):
 * three teams submit; the demo judges score round 1 (with private notes); the organizer closes
 * it, shortlists two entries in the browser, turns the third down and publishes. An anonymous
 * visitor then finds the shortlisted entries by filter and by search, opens one, follows a shared
 * link; the entry not shortlisted is 404 everywhere; and nothing private (emails, a minor's name,
 * scores, private notes, judges' feedback) is on any public page or in the Showcase API.
 */
const RESULTS_URL = 'http://localhost:4179';
test.use({ baseURL: RESULTS_URL });
test.describe.configure({ mode: 'serial' });

const suffix = randomBytes(3).toString('hex');
const letters = () =>
	Array.from(randomBytes(7), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const PASSWORD = 'results team lead passphrase';

// A word only team A's story holds, so a search for it finds exactly that entry.
const searchWord = letters();
const teams = [
	{
		key: 'a',
		team: `Aurora team ${suffix}`,
		title: `Aurora ${suffix} flood maps`,
		lead: `Lead ${capital(letters())}`,
		problem: `Villages flood without warning; the ${searchWord} gauges are read by hand.`,
		track: 0,
		countries: ['KR'],
		sdgs: ['11']
	},
	{
		key: 'b',
		team: `Beacon team ${suffix}`,
		title: `Beacon ${suffix} bus planner`,
		lead: `Lead ${capital(letters())}`,
		problem: 'Buses run empty at noon and full at dawn.',
		track: 1,
		countries: ['VN'],
		sdgs: ['9']
	},
	{
		key: 'c',
		team: `Cinder team ${suffix}`,
		title: `Cinder ${suffix} wildfire watch`,
		lead: `Lead ${capital(letters())}`,
		problem: 'Wildfires are reported late.',
		track: 0,
		countries: ['KR'],
		sdgs: ['13']
	}
].map((team) => ({ ...team, email: `results-${team.key}-${suffix}@lead-${suffix}.test` }));
const minorWords = [capital(letters()), capital(letters())] as const;
const minorName = `Minor ${minorWords[0]} ${minorWords[1]}`;
/** Team A names its minor in its story, plainly and disguised: the public copy must not. */
const minorMention = ` The gauges were mapped by ${minorName}; ${minorWords[0].toUpperCase()}’s notes and ${minorWords[1].slice(0, 3)}\u00ad${minorWords[1].slice(3)}’s photos helped.`;
const privateNote = `Private note ${letters()} for organizers only`;
const feedback = `Judge feedback ${letters()}: strong pilot data.`;
const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const leads = new Map<string, APIRequestContext>();
const secrets: string[] = [minorName, privateNote, feedback];
let minorEmail = '';
let screeningId = '';

test.beforeAll(async () => {
	test.setTimeout(180_000);
	for (const entry of teams) {
		const request = await signUpConfirmed(
			{ name: entry.lead, email: entry.email, password: PASSWORD },
			RESULTS_URL
		);
		await createTeam(request, entry.team);
		leads.set(entry.key, request);
		secrets.push(entry.email);
	}

	// Team A has a member who is 16 on the deadline; a guardian consents by mail.
	const birth = new Date();
	birth.setUTCFullYear(birth.getUTCFullYear() - 16);
	const minor = await createConfirmedAccount('minor member passphrase', {
		baseURL: RESULTS_URL,
		name: minorName,
		dateOfBirth: birth.toISOString().slice(0, 10)
	});
	minorEmail = minor.email;
	secrets.push(minorEmail);
	await joinTeam(
		minor.request,
		await inviteLink(leads.get('a')!, 'single', RESULTS_URL),
		RESULTS_URL
	);
	const guardianEmail = `guardian-${suffix}@example.org`;
	secrets.push(guardianEmail);
	const asked = await postForm(minor.request, '/team?/guardian', {
		guardianName: 'Grace Guardian',
		guardianEmail
	});
	expect(asked.status()).toBe(200);
	const consent = await mailLink(minor.request, guardianEmail, 'asks for your consent');
	const given = await postForm(minor.request, '/consent?/give', {
		token: consent.searchParams.get('token') as string,
		signedName: 'Grace Guardian',
		agree: 'yes'
	});
	expect(given.status()).toBe(200);
	await minor.request.dispose();

	for (const entry of teams)
		await submitEntry(leads.get(entry.key)!, {
			title: entry.title,
			problem: entry.key === 'a' ? entry.problem + minorMention : entry.problem,
			track: entry.track,
			countries: entry.countries,
			sdgs: entry.sdgs
		});

	// Round 1 opens now; the two demo judges score every entry, with a private note.
	const organizer = await signedInRequest(demo.organizer, undefined, RESULTS_URL);
	screeningId = await roundId(organizer, 'Screening');
	await organizer.dispose();
});

test.afterAll(async () => {
	for (const request of leads.values()) await request.dispose();
});

const day = 86_400_000;
const local = (time: number) => new Date(time).toISOString().slice(0, 16);

/** A demo entry published by the seed (src/lib/server/seed/seed-data.ts). */
const FLOODCAST = {
	title: 'FloodCast: neighbourhood flood alerts',
	slug: 'floodcast-neighbourhood-flood-alerts',
	track: 'disaster-response'
};

test('on a fresh demo install the results agree with the published gallery', async ({ page }) => {
	await signIn(page, demo.organizer);
	// The demo gallery was decided in a round of its own: nothing changed since its publication.
	await page.goto('/admin/results');
	const publication = page.getByRole('region', { name: 'Publication' });
	await expect(publication).toContainText('No decision has changed since the publication.');
	await expect(publication).not.toContainText('Changes since publication');
	await expect(publication).not.toContainText('Undecided');
	// That round is shown by default: each demo entry reviewed by its two judges, no flag.
	await expect(page.getByLabel('Round').locator('option:checked')).toHaveText(/^Demo showcase/);
	const board = page.locator('table').first();
	await expect(board).toContainText(FLOODCAST.title);
	await expect(board).not.toContainText('Few reviews');

	// Round 1 holds the new entries only; the showcase shows every score sheet submitted.
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	for (const entry of teams) await expect(page.getByRole('main')).toContainText(entry.title);
	await expect(page.getByRole('main')).not.toContainText(FLOODCAST.title);
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'Demo showcase', exact: true }).click();
	const showcase = page.getByRole('table');
	await expect(showcase.getByRole('row').filter({ hasText: FLOODCAST.title })).toContainText(
		'2 of 2'
	);
	await expect(showcase.getByText('0 of 0')).toHaveCount(0);

	// Publishing now would take nothing out of the gallery.
	await page.goto('/admin/results/publish');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Publish');
	await expect(page.getByRole('region', { name: /Leaving the public gallery/ })).toHaveCount(0);
});

test('a round judged by two panels that share no entry: raw, adjusted, interval and the warning', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, demo.organizer);
	const organizer = await signedInRequest(demo.organizer, undefined, RESULTS_URL);
	const panelsId = await roundId(organizer, 'Demo track panels');
	await page.goto(`/admin/results?round=${panelsId}`);
	const board = page.getByRole('table', { name: /Leaderboard of Demo track panels/ });
	await expect(board.getByRole('columnheader', { name: /Raw mean/ })).toBeVisible();
	await expect(board.getByRole('columnheader', { name: /Adjusted/ })).toBeVisible();

	// Said plainly at the top, and the track ranks are the ones to read.
	const warning = page.getByTestId('connectivity-warning');
	await expect(warning).toContainText(
		'These entries were scored by separate groups of judges who share no entry; their scores cannot be compared across groups. Rank within each track instead.'
	);
	await expect(warning).toContainText('2 groups of judges');
	const flood = board.getByRole('row').filter({ hasText: FLOODCAST.title });
	await expect(flood).toContainText('#1 in track');
	await expect(flood).toContainText('(across groups: not comparable)');
	// Raw and adjusted side by side, the adjusted one with its 90 % interval, read out in words.
	const cells = flood.getByRole('cell');
	const raw = (await cells.nth(2).innerText()).trim();
	expect(raw).toMatch(/^\d+\.\d\d$/);
	const adjusted = cells.nth(3);
	await expect(adjusted).toContainText(/^\d+\.\d\d/);
	await expect(adjusted).toContainText(/\(\d+\.\d\d–\d+\.\d\d\)/);
	await expect(adjusted.getByText(/^90 % interval \d+\.\d\d to \d+\.\d\d$/)).toBeAttached();
	await expect(
		page.getByText(/In brackets after the adjusted score: its 90 % interval/)
	).toBeVisible();

	// The calibration part: each judge's offset, the two groups and tracks no judge links.
	const groups = page.getByTestId('judge-groups');
	// Two groups of two judges: the demo judges and the guests (in either order: equal sizes).
	await expect(groups.getByRole('row', { name: /^Group \d/ })).toHaveCount(2);
	await expect(groups.getByRole('row', { name: /Amara Okafor, Lucas Silva/ })).toBeVisible();
	await expect(groups.getByRole('row', { name: /Hana Yoon, Tomás Reyes/ })).toBeVisible();
	await expect(page.getByRole('table', { name: 'How tracks are linked' })).toContainText('0');
	await expect(
		page.getByRole('table', { name: /What the adjusted score takes out/ })
	).toContainText('Amara Okafor');
	// The method, explained without jargon.
	await page.getByText('How the adjusted score works').click();
	await expect(page.getByTestId('method')).toContainText('entry’s quality + the judge’s offset');
	await expect(page.getByTestId('deciding-score')).toContainText(
		'This round decides by: adjusted score (the default'
	);
	for (const theme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: theme });
		await page.context().addCookies([{ name: 'theme', value: theme, url: RESULTS_URL }]);
		await page.reload();
		await expectAccessible(page, `leaderboard of two panels (${theme})`);
	}
	await page.emulateMedia({ colorScheme: 'light' });
	await page.context().addCookies([{ name: 'theme', value: 'light', url: RESULTS_URL }]);

	// One track alone is one group: no warning there.
	await page.goto(`/admin/results?round=${panelsId}&track=${FLOODCAST.track}`);
	await expect(board.getByRole('row').filter({ hasText: FLOODCAST.title })).toBeVisible();
	await expect(page.getByTestId('connectivity-warning')).toHaveCount(0);

	// The entry's results page: the interval and its group.
	await page.goto(`/admin/results?round=${panelsId}`);
	await flood.getByRole('link', { name: /Change decision/ }).click();
	await expect(page.getByTestId('entry-interval')).toContainText(/\d+\.\d\d–\d+\.\d\d/);
	await expect(page.getByRole('main')).toContainText('compare only with entries of the same group');
	await expectAccessible(page, 'entry results page of a panels round');

	// The organizer makes the raw mean decide this round: logged, and named on the exports.
	await page.goto(`/admin/results?round=${panelsId}`);
	await page.getByRole('radio', { name: /Raw mean/ }).check();
	await page.getByRole('button', { name: 'Save the choice' }).click();
	await expect(page.getByText('This round now decides by the raw mean.')).toBeVisible();
	await expect(page.getByTestId('deciding-score')).toContainText(
		/This round decides by: raw mean \(chosen by Mina Park on \d{4}-\d\d-\d\d\)/
	);
	const csv = await (
		await organizer.get(`/admin/results/leaderboard.csv?round=${panelsId}`)
	).text();
	expect(csv).toContain('rankedBy');
	expect(csv).toMatch(/raw mean \(chosen by Mina Park on \d{4}-\d\d-\d\d\)/);
	// Looking by the adjusted score is allowed, and says that it only looks.
	await page.goto(`/admin/results?round=${panelsId}&basis=adjusted`);
	await expect(page.getByText(/You are looking at the ranking by adjusted score/)).toBeVisible();
	// Back to the default for the tests after this one.
	await page.getByRole('radio', { name: /Adjusted score/ }).check();
	await page.getByRole('button', { name: 'Save the choice' }).click();
	await expect(page.getByText('This round now decides by the adjusted score.')).toBeVisible();
	await organizer.dispose();
});

test('the organizer scores round 1, shortlists two entries in the browser and publishes', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await whenInteractive(page);
	await page.getByLabel('Scoring opens').fill(local(Date.now() - 2 * day));
	await page.getByLabel('Scoring closes').fill(local(Date.now() + 30 * day));
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page).toHaveURL(/notice=saved/);
	// Judges are assigned automatically once it is open: open it with its entries unscored.
	await page.getByLabel('Open the round anyway, with these entries unscored').check();
	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page).toHaveURL(/notice=round_opened/);
	await page.goto(`/admin/judging/rounds/${screeningId}/assignments`);
	await page.getByRole('button', { name: 'Assign automatically' }).click();
	await expect(
		page.getByRole('region', { name: 'Result of the automatic assignment' })
	).toContainText(/assignments? added/);

	// Points by entry: A is best, then B, then C. The demo entries (submitted by the seed) are
	// in the round too and get a middling 3.
	const points: Record<string, number> = { a: 5, b: 4, c: 2 };
	for (const email of [demo.judge, demo.otherJudge]) {
		const judge = await signedInRequest(email, undefined, RESULTS_URL);
		const ids = await assignmentsInRound(judge, 'Screening');
		expect(ids.length).toBeGreaterThanOrEqual(teams.length);
		let ours = 0;
		for (const id of ids) {
			const html = await (await judge.get(`/judge/score/${id}`)).text();
			// Round 1 is blind: titles holding the team's words are redacted, the stories are not.
			const key = teams.find((entry) => html.includes(entry.problem.split(';')[0]!))?.key;
			if (key) ours++;
			await submitScore(judge, id, () => (key ? points[key]! : 3), feedback, privateNote);
		}
		expect(ours, `our entries assigned to ${email}`).toBe(teams.length);
		await judge.dispose();
	}
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await page.getByRole('button', { name: 'Close the round' }).click();
	await expect(page).toHaveURL(/notice=round_closed/);

	// The leaderboard ranks them; A and B are shortlisted together, C is turned down alone.
	await page.goto(`/admin/results?round=${screeningId}`);
	const board = page.locator('table').first();
	for (const entry of teams) await expect(board).toContainText(entry.title);
	const rowOf = (title: string) => board.getByRole('row').filter({ hasText: title });
	await expect(rowOf(teams[0]!.title)).toContainText('100');
	for (const entry of teams.slice(0, 2)) await rowOf(entry.title).getByRole('checkbox').check();
	const bulk = page.locator('form[action="?/bulk"]');
	await bulk.locator('select[name=decision]').selectOption('shortlist');
	await page.getByRole('button', { name: 'Apply to the checked entries' }).click();
	await expect(page.getByText('Decisions changed: 2.')).toBeVisible();
	// An applied selection is cleared, so the next action does not carry it along.
	await expect(rowOf(teams[0]!.title).getByRole('checkbox')).not.toBeChecked();
	await rowOf(teams[2]!.title).getByRole('checkbox').check();
	await bulk.locator('select[name=decision]').selectOption('not_selected');
	await page.getByRole('button', { name: 'Apply to the checked entries' }).click();
	await expect(page.getByText('Decisions changed: 1.')).toBeVisible();
	await expectAccessible(page, 'results with decisions');

	// The demo gallery was published once already: a reason is asked for.
	await page.getByRole('link', { name: /Publish (the results|again)/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Publish');
	// Before publishing, the organizer sees where the minor's name will be withheld, and whose.
	const withheld = page.getByTestId('withheld-names');
	await expect(withheld).toContainText(teams[0]!.title);
	await expect(withheld).toContainText('The problem');
	await expect(withheld).toContainText(minorName);
	// Each round's entries are ranked by the score that round decides by, named here.
	await expect(page.getByTestId('publish-bases')).toContainText(
		'Screening: adjusted score (the default: no organizer has changed it)'
	);
	await expectAccessible(page, 'publish page');
	await page.getByRole('checkbox').check();
	await page
		.getByRole('button', { name: /Publish/ })
		.last()
		.click();
	const reason = page.getByLabel('Reason');
	const published = page.getByText(/Results published \(version \d+\)/);
	await expect(page.locator('#publish-reason-error').or(published)).toBeVisible();
	if (await page.locator('#publish-reason-error').count()) {
		await expect(page.locator('#publish-reason-error')).toBeVisible();
		await reason.fill('The 2026 challenge results replace the demo gallery.');
		await page.getByRole('checkbox').check();
		await page
			.getByRole('button', { name: /Publish/ })
			.last()
			.click();
	}
	await expect(page.getByText(/Results published \(version \d+\)/)).toBeVisible();

	// Every decided team is told, the shortlisted and the one turned down.
	const mailbox = await newRequestContext(RESULTS_URL);
	for (const entry of teams)
		await expect
			.poll(async () => (await mailSubjects(mailbox, entry.email)).join('|'))
			.toMatch(/results of the/i);
	await mailbox.dispose();
});

test('entrants and judges get 404 on every results page and action, with real ids', async () => {
	const organizer = await signedInRequest(demo.organizer, undefined, RESULTS_URL);
	const html = await (await organizer.get(`/admin/results?round=${screeningId}`)).text();
	await organizer.dispose();
	const entryPage = new RegExp(`/admin/results/rounds/${screeningId}/entries/[0-9a-f-]{36}`).exec(
		html
	)?.[0];
	expect(entryPage, 'a decision page linked from the leaderboard').toBeTruthy();
	const pages = [
		`/admin/results?round=${screeningId}`,
		entryPage as string,
		'/admin/results/publish',
		`/admin/results/sheet?round=${screeningId}`,
		`/admin/results/leaderboard.csv?round=${screeningId}`,
		`/admin/results/reviews.csv?round=${screeningId}&mode=named`,
		'/admin/results/decisions.csv'
	];
	const actions = [
		[`/admin/results?/bulk`, { round: screeningId, decision: 'shortlist' }],
		[`/admin/results?/top`, { round: screeningId, count: '1', decision: 'shortlist' }],
		[`/admin/results?/basis`, { round: screeningId, basis: 'raw' }],
		[`/admin/results?/moveAdvanced`, { round: screeningId }],
		[`${entryPage}?/save`, { decision: 'shortlist', note: '' }],
		['/admin/results/publish?/publish', { confirm: 'yes', reason: 'x' }]
	] as const;
	for (const request of [
		leads.get('a')!,
		await signedInRequest(demo.judge, undefined, RESULTS_URL)
	]) {
		for (const path of pages)
			expect((await request.get(path, { failOnStatusCode: false })).status(), path).toBe(404);
		for (const [path, fields] of actions)
			expect((await postForm(request, path, fields)).status(), path).toBe(404);
	}
});

test('a visitor finds the shortlist by filter and search, opens an entry and follows a shared link', async ({
	page,
	browser
}) => {
	await page.goto('/gallery');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shortlisted entries');
	await expect(page.getByRole('link', { name: teams[0]!.title })).toBeVisible();
	await expect(page.getByRole('link', { name: teams[1]!.title })).toBeVisible();
	await expect(page.getByText(teams[2]!.title)).toHaveCount(0);

	// By track: the GET form puts the filter in the address.
	const trackOfB = await page
		.getByLabel('Track')
		.locator('option')
		.nth(teams[1]!.track + 1)
		.getAttribute('value');
	await page.getByLabel('Track').selectOption(trackOfB as string);
	await page.getByRole('button', { name: 'Show entries' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]track=${trackOfB}`));
	await expect(page.getByRole('link', { name: teams[1]!.title })).toBeVisible();
	await expect(page.getByRole('link', { name: teams[0]!.title })).toHaveCount(0);

	// By country, then by a word of A's story.
	await page.goto('/gallery');
	await page.getByLabel('Country').selectOption('VN');
	await page.getByRole('button', { name: 'Show entries' }).click();
	await expect(page.getByRole('link', { name: teams[1]!.title })).toBeVisible();
	await expect(page.getByRole('link', { name: teams[0]!.title })).toHaveCount(0);
	await page.goto('/gallery');
	await page.getByLabel('Search').fill(searchWord);
	await page.getByRole('button', { name: 'Show entries' }).click();
	await expect(page.getByText('Entries found: 1')).toBeVisible();
	const shared = page.url();
	expect(shared).toContain(`q=${searchWord}`);
	await expectAccessible(page, 'gallery with a search');

	// The entry's page: its story, the adult lead named, the minor not.
	await page.getByRole('link', { name: teams[0]!.title }).click();
	await expect(page).toHaveURL(new RegExp(`/gallery/${slugOf(teams[0]!.title)}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(teams[0]!.title);
	await expect(page.getByText(teams[0]!.problem.split(';')[0]!)).toBeVisible();
	await expect(page.getByText(teams[0]!.lead)).toBeVisible();
	await expect(page.getByText(minorName)).toHaveCount(0);
	const ogUrl = await page.locator('meta[property="og:url"]').getAttribute('content');
	expect(ogUrl).toBe(`${RESULTS_URL}/gallery/${slugOf(teams[0]!.title)}`);
	await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', /summary/);
	await expectAccessible(page, 'gallery entry page');

	// Someone else opens the shared search link and sees the same.
	const other = await browser.newContext({ baseURL: RESULTS_URL });
	const visitor = await other.newPage();
	await visitor.goto(shared);
	await expect(visitor.getByLabel('Search')).toHaveValue(searchWord);
	await expect(visitor.getByRole('link', { name: teams[0]!.title })).toBeVisible();
	await expect(visitor.getByText('Entries found: 1')).toBeVisible();
	await other.close();
});

test('the entry not shortlisted is 404 on every public path', async ({ request }) => {
	const slug = slugOf(teams[2]!.title);
	for (const path of [`/gallery/${slug}`, `/api/v1/showcase/${slug}`, '/gallery/no-such-entry']) {
		const response = await request.get(path, { failOnStatusCode: false });
		expect(response.status(), path).toBe(404);
	}
	const list = await (await request.get('/api/v1/showcase?limit=100')).json();
	const titles = (list.items as { title: string }[]).map((item) => item.title);
	expect(titles).toContain(teams[0]!.title);
	expect(titles).not.toContain(teams[2]!.title);
});

test('public pages and the API show no email, minor, score, private note or feedback', async () => {
	test.setTimeout(120_000);
	const anonymous = await newRequestContext(RESULTS_URL);
	const fetched = await crawl(
		anonymous,
		[
			'/',
			'/about',
			'/gallery',
			`/gallery?q=${searchWord}`,
			'/symposium',
			'/api/v1/showcase?limit=100',
			`/api/v1/showcase/${slugOf(teams[0]!.title)}`,
			`/api/v1/showcase/${slugOf(teams[1]!.title)}?lang=ko`,
			'/api/v1/openapi.json'
		],
		{ allow: (path) => !/^\/(team|judge|account|sign-|forgot|files)/.test(path) }
	);
	await anonymous.dispose();
	const urls = fetched.map((item) => item.url);
	expect(urls).toContain(`/gallery/${slugOf(teams[0]!.title)}`);
	expect(urls).toContain(`/gallery/${slugOf(teams[1]!.title)}`);
	expect(fetched.filter((item) => item.status >= 500)).toEqual([]);
	expect(findLeaks(fetched, secrets)).toEqual([]);
	// Nor any part of the minor's name, in any spelling team A wrote it.
	expect(findFoldedLeaks(fetched, [...minorWords])).toEqual([]);
	expect(
		fetched.find((item) => item.url === `/gallery/${slugOf(teams[0]!.title)}`)?.body
	).toContain('[redacted]');

	// No score, rank or review figure in what the API answers.
	for (const item of fetched.filter((entry) => entry.contentType.includes('json')))
		if (!item.url.includes('openapi'))
			expect(item.body, item.url).not.toMatch(/"(score|rank|mean|normalized|reviews?|note)"/i);
});

test('gallery, entry and symposium pages pass axe in English and Korean, both themes', async ({
	page
}) => {
	test.setTimeout(120_000);
	const entry = `/gallery/${slugOf(teams[0]!.title)}`;
	for (const [locale, theme] of [
		['en', 'light'],
		['ko', 'dark']
	] as const) {
		await installAxe(page.context());
		await page.emulateMedia({ colorScheme: theme });
		await page.context().addCookies([
			{ name: 'PARAGLIDE_LOCALE', value: locale, url: RESULTS_URL },
			{ name: 'theme', value: theme, url: RESULTS_URL }
		]);
		for (const path of [
			'/gallery',
			`/gallery?track=none-such`,
			entry,
			'/symposium',
			'/symposium?auto=10'
		]) {
			await page.goto(path);
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expectAccessible(page, `${path} (${locale}, ${theme})`);
		}
	}
});

test('the symposium screen presents one entry at a time, by keyboard, offline once loaded', async ({
	page,
	context
}) => {
	await page.goto('/symposium');
	const slides = page.locator('.symposium-slide');
	const visible = page.locator('.symposium-slide:visible');
	const count = await slides.count();
	expect(count).toBeGreaterThanOrEqual(2);
	await expect(visible).toHaveCount(1);
	const first = await visible.getByRole('heading', { level: 2 }).innerText();
	await expect(visible.getByRole('img', { name: /QR code/i })).toBeVisible();

	await context.setOffline(true);
	await page.keyboard.press('ArrowRight');
	await expect(visible).toHaveCount(1);
	await expect(visible.getByRole('heading', { level: 2 })).not.toHaveText(first);
	await expect(page).toHaveURL(/#slide-2$/);
	await page.keyboard.press('ArrowLeft');
	await expect(visible.getByRole('heading', { level: 2 })).toHaveText(first);
	await page.keyboard.press('End');
	await expect(page).toHaveURL(new RegExp(`#slide-${count}$`));
	await page.getByRole('button', { name: 'Previous slide' }).click();
	await expect(page).toHaveURL(new RegExp(`#slide-${count - 1}$`));
	// Covers are in the page already: nothing was fetched while offline failed to show.
	const broken = await page
		.locator('.symposium-slide img')
		.evaluateAll(
			(images) =>
				(images as HTMLImageElement[]).filter((image) => image.complete && image.naturalWidth === 0)
					.length
		);
	expect(broken).toBe(0);
	await context.setOffline(false);
});

test('a publication that would take a published entry out of the gallery names it and waits for confirmation', async ({
	page
}) => {
	const organizer = await signedInRequest(demo.organizer, undefined, RESULTS_URL);
	const showcaseId = await roundId(organizer, 'Demo showcase');
	await signIn(page, demo.organizer);
	await page.goto(`/admin/results?round=${showcaseId}`);
	const board = page.locator('table').first();
	await board.getByRole('row').filter({ hasText: FLOODCAST.title }).getByRole('checkbox').check();
	const bulk = page.locator('form[action="?/bulk"]');
	await bulk.locator('select[name=decision]').selectOption('not_selected');
	await page.getByRole('button', { name: 'Apply to the checked entries' }).click();
	await expect(page.getByText('Decisions changed: 1.')).toBeVisible();

	// The publish page names the entry that would leave the gallery, and only that one.
	await page.getByRole('link', { name: 'Publish again…' }).click();
	const leaving = page.getByRole('region', { name: 'Leaving the public gallery (1)' });
	await expect(leaving.getByRole('listitem')).toHaveCount(1);
	await expect(leaving.getByRole('listitem')).toContainText(FLOODCAST.title);
	await expectAccessible(page, 'publish page with an entry leaving the gallery');
	await page.getByLabel('Reason').fill('FloodCast withdrew its pilot data.');
	await page.getByLabel(/I have checked the decisions/).check();
	await page.getByRole('button', { name: 'Publish again' }).click();
	// Refused until the removal itself is confirmed; the entry is still public.
	await expect(page.locator('#publish-removal-error')).toContainText(FLOODCAST.title);
	const removal = page.getByLabel('Take the entries listed above out of the public gallery');
	await expect(removal).toHaveAttribute('aria-invalid', 'true');
	expect((await page.request.get(`/gallery/${FLOODCAST.slug}`)).status()).toBe(200);
	// Without JavaScript the same: HTTP 400, the confirmation field named.
	const refused = await postForm(organizer, '/admin/results/publish?/publish', {
		reason: 'No confirmation of the removal',
		confirm: 'yes'
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('id="publish-removal-error"');
	await organizer.dispose();

	await removal.check();
	await expect(page.getByLabel(/I have checked the decisions/)).toBeChecked();
	await page.getByRole('button', { name: 'Publish again' }).click();
	await expect(page.getByText(/Results published \(version \d+\)/)).toBeVisible();
	expect(
		(await page.request.get(`/gallery/${FLOODCAST.slug}`, { failOnStatusCode: false })).status()
	).toBe(404);
});
