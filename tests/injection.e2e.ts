import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import { newRequestContext, postForm, signedInRequest } from './support/http';
import {
	assignmentsInRound,
	createTeam,
	criterionIds,
	signUpConfirmed,
	submitEntry
} from './support/judging-e2e';
import { chunks, payloads } from './support/payloads';

/**
 * Injection: a corpus of cross-site scripting and SQL payloads (tests/support/payloads.ts) typed
 * into every text field of the entry form, the team name, the judge's comments, the organizer's
 * decision note and the search boxes. Every page that shows them is opened in Chromium: no
 * dialog opens (each script payload calls alert) and the browser reports no CSP violation (an
 * escaped payload never reaches the DOM as markup the policy has to block). On its own server
 * (4182), which publishes once.
 */
const INJECT_URL = 'http://localhost:4182';
test.use({ baseURL: INJECT_URL });
test.describe.configure({ mode: 'serial' });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const suffix = randomBytes(3).toString('hex');
const PASSWORD = 'injection test passphrase';
const corpus = payloads.join('\n\n');
const TEXT_STEPS: Record<string, string[]> = {
	story: ['problem', 'solution', 'aiApproach'],
	'responsible-ai': ['privacy', 'fairness', 'oversight', 'accessibility', 'risks'],
	impact: ['impact', 'measurement', 'feasibility', 'scaling']
};

let lead: APIRequestContext;
let leadEmail = '';
const ids: Record<string, string> = {};

test.beforeAll(async () => {
	test.setTimeout(180_000);
	expect(payloads.length).toBeGreaterThanOrEqual(50);
	leadEmail = `inject-${suffix}@example.org`;
	lead = await signUpConfirmed(
		{ name: 'Injection Lead', email: leadEmail, password: PASSWORD },
		INJECT_URL
	);
	await createTeam(lead, `Inject team ${suffix}`);
	await submitEntry(lead, { title: `Inject ${suffix}` });
	// Every long text field holds the whole corpus; the entry is submitted again with it.
	for (const [step, fields] of Object.entries(TEXT_STEPS)) {
		const values = Object.fromEntries(fields.map((field) => [field, corpus]));
		const saved = await postForm(lead, `/team/entry/${step}?/save`, {
			...values,
			...(step === 'story' ? { stage: 'pilot' } : {}),
			intent: 'stay'
		});
		expect(saved.status(), `save ${step}`).toBe(303);
	}
	expect((await postForm(lead, '/team/entry/review?/submit', {})).status()).toBe(200);

	// Round 1 open and not blind (so the team's name reaches the judge), the demo judge assigned.
	const organizer = await signedInRequest(demo.organizer, undefined, INJECT_URL);
	const judging = await (await organizer.get('/admin/judging')).text();
	ids.round = new RegExp(`href="/admin/judging/rounds/(${UUID})"[^>]*>\\s*Screening`).exec(
		judging
	)![1]!;
	ids.rubric = new RegExp(`href="/admin/judging/rubrics/(${UUID})"`).exec(judging)![1]!;
	const day = 86_400_000;
	const local = (time: number) => new Date(time).toISOString().slice(0, 16);
	expect(
		(
			await postForm(organizer, `/admin/judging/rounds/${ids.round}?/settings`, {
				name: 'Screening',
				rubricId: ids.rubric,
				zone: 'UTC',
				opensAt: local(Date.now() - day),
				closesAt: local(Date.now() + 30 * day),
				judgesPerEntry: '1',
				peerScores: 'never'
			})
		).status()
	).toBe(303);
	expect(
		(
			await postForm(organizer, `/admin/judging/rounds/${ids.round}?/transition`, {
				transition: 'open',
				confirmUnassigned: 'yes'
			})
		).status()
	).toBe(303);
	const entries = await (await organizer.get(`/admin/entries?q=Inject`)).text();
	ids.entry = new RegExp(`href="/admin/entries/(${UUID})"`).exec(entries)![1]!;
	const accounts = await (
		await organizer.get(`/admin/accounts?q=${encodeURIComponent(demo.judge)}`)
	).text();
	const judgeId = new RegExp(`name="userId" value="(${UUID})"`).exec(accounts)![1]!;
	expect(
		(
			await postForm(organizer, `/admin/judging/rounds/${ids.round}/assignments?/add`, {
				entryId: ids.entry,
				judgeId
			})
		).status()
	).toBeLessThan(400);

	// The judge writes the corpus into every comment of the sheet and submits it.
	const judge = await signedInRequest(demo.judge, undefined, INJECT_URL);
	[ids.assignment] = (await assignmentsInRound(judge, 'Screening')) as [string];
	const sheet = await (await judge.get(`/judge/score/${ids.assignment}`)).text();
	const criteria = criterionIds(sheet);
	const scored = await postForm(judge, `/judge/score/${ids.assignment}?/save`, {
		...Object.fromEntries(criteria.map((id) => [`value.${id}`, '4'])),
		...Object.fromEntries(criteria.map((id) => [`comment.${id}`, corpus])),
		overallComment: corpus,
		feedback: corpus,
		privateNote: corpus,
		intent: 'submit'
	});
	expect(scored.status(), 'the judge submits').toBe(303);
	await judge.dispose();

	// Closed, feedback released, shortlisted with the corpus as the note, published.
	for (const [path, fields] of [
		[`/admin/judging/rounds/${ids.round}?/transition`, { transition: 'close' }],
		[`/admin/judging/rounds/${ids.round}?/feedback`, { release: 'release' }],
		[
			`/admin/results/rounds/${ids.round}/entries/${ids.entry}?/save`,
			{ decision: 'shortlist', note: corpus }
		],
		['/admin/results/publish?/publish', { confirm: 'yes', reason: '' }]
	] as const)
		expect((await postForm(organizer, path, fields)).status(), path).toBe(303);
	const gallery = await (await organizer.get('/gallery')).text();
	ids.slug = /href="\/gallery\/([a-z0-9-]+)"/.exec(gallery)![1]!;
	await organizer.dispose();
});

test.afterAll(async () => {
	await lead?.dispose();
});

/** A page that records dialogs and CSP violations; `visit` fails on either. */
async function watchedPage(browser: Browser, email?: string, password?: string) {
	const context = await browser.newContext({ baseURL: INJECT_URL });
	await context.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __violations: string[] }).__violations = seen;
		document.addEventListener('securitypolicyviolation', (event) =>
			seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`)
		);
	});
	const page = await context.newPage();
	const dialogs: string[] = [];
	page.on('dialog', async (dialog) => {
		dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
		await dialog.dismiss();
	});
	if (email) await signIn(page, email, password);
	const visit = async (path: string) => {
		const response = await page.goto(path);
		expect(response?.status(), path).toBeLessThan(500);
		await page.waitForLoadState('load');
		const violations = await page.evaluate(
			() => (window as unknown as { __violations?: string[] }).__violations ?? []
		);
		expect(violations, `CSP violations on ${path}`).toEqual([]);
		expect(dialogs, `dialogs on ${path}`).toEqual([]);
	};
	return { page, context, visit };
}

async function visitAll(visit: (path: string) => Promise<void>, paths: string[]) {
	for (const path of paths) await visit(path);
}

test('the corpus in every long answer, comment and note runs nowhere it is shown', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const team = await watchedPage(browser, leadEmail, PASSWORD);
	await visitAll(team.visit, [
		'/team',
		...['basics', 'story', 'responsible-ai', 'impact', 'media', 'review'].map(
			(step) => `/team/entry/${step}`
		),
		'/team/feedback'
	]);
	// The review page shows the answers (as sanitized markdown): the text is there, inert.
	await team.visit('/team/entry/review');
	await expect(team.page.getByText("' OR 1=1 --").first()).toBeVisible();
	await team.context.close();

	const judge = await watchedPage(browser, demo.judge);
	await visitAll(judge.visit, ['/judge', `/judge/score/${ids.assignment}`]);
	await judge.context.close();

	const organizer = await watchedPage(browser, demo.organizer);
	await visitAll(organizer.visit, [
		'/admin',
		'/admin/entries',
		`/admin/entries/${ids.entry}`,
		'/admin/audit',
		`/admin/judging/rounds/${ids.round}`,
		`/admin/judging/rounds/${ids.round}/assignments`,
		`/admin/judging/rounds/${ids.round}/progress`,
		`/admin/results?round=${ids.round}`,
		`/admin/results/rounds/${ids.round}/entries/${ids.entry}`,
		`/admin/results/sheet?round=${ids.round}`,
		'/admin/results/publish'
	]);
	await organizer.context.close();

	const visitor = await watchedPage(browser);
	await visitAll(visitor.visit, ['/', '/gallery', `/gallery/${ids.slug}`, '/symposium']);
	await visitor.context.close();
});

test('the corpus as title, tagline, partner and team name, piece by piece, runs nowhere', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const team = await watchedPage(browser, leadEmail, PASSWORD);
	const organizer = await watchedPage(browser, demo.organizer);
	const basics = await (await lead.get('/team/entry/basics')).text();
	const trackId = new RegExp(`id="q-trackId"[\\s\\S]*?<option[^>]*value="(${UUID})"`).exec(
		basics
	)![1]!;
	const names = chunks(80);
	const lines = chunks(120);
	for (let index = 0; index < Math.max(names.length, lines.length); index++) {
		const line = lines[index % lines.length]!;
		const name = names[index % names.length]!;
		const saved = await postForm(lead, '/team/entry/basics?/save', {
			title: line,
			tagline: line,
			partner: line,
			trackId,
			countries: ['KR'],
			sdgs: ['11'],
			intent: 'stay'
		});
		expect(saved.status(), `basics: ${line}`).toBe(303);
		expect(
			(await postForm(lead, '/team?/rename', { name })).status(),
			`team name: ${name}`
		).toBeLessThan(400);
		// The team's dashboard shows its name and title; the organizer's entry page both again.
		await team.visit('/team');
		await organizer.visit(`/admin/entries/${ids.entry}`);
	}
	await team.context.close();
	await organizer.context.close();
});

test('each payload as a search, in the gallery and the organizer list, runs nowhere', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const visitor = await watchedPage(browser);
	const organizer = await watchedPage(browser, demo.organizer);
	const api = await newRequestContext(INJECT_URL);
	for (const payload of payloads) {
		const q = encodeURIComponent(payload);
		await visitor.visit(`/gallery?q=${q}`);
		await organizer.visit(`/admin/entries?q=${q}`);
		const response = await api.get(`/api/v1/showcase?q=${q}`, { failOnStatusCode: false });
		expect(response.status(), `API search ${payload}`).toBeLessThan(500);
		expect(response.headers()['content-type']).toContain('application/json');
	}
	// The database still has its tables and the entry (no payload ran as SQL).
	expect((await api.get(`/api/v1/showcase/${ids.slug}`)).status()).toBe(200);
	await api.dispose();
	await visitor.context.close();
	await organizer.context.close();
});
