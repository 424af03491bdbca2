import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { demo, signIn, whenInteractive } from './support/accounts';
import { expectAccessible } from './support/axe';
import { mailLink, signedInRequest } from './support/http';
import {
	assignmentsInRound,
	crawl,
	createTeam,
	findLeaks,
	JUDGING_URL,
	judgeIdentities,
	post,
	roundId,
	signUpConfirmed,
	submitEntry,
	submitScore
} from './support/judging-e2e';

/**
 * The whole judging process, as the acceptance line puts it: the organizer builds a rubric,
 * opens a round, invites two judges and assigns automatically; each judge scores, saves a draft,
 * comes back and submits; the organizer sees progress reach 100%, closes the round and releases
 * the feedback, which the team reads without learning who wrote it.
 *
 * The demo judges have the judge role too, and the blind-leak test may run at the same time on
 * this server (its entries join round 1 as well). So the round asks for four judges per entry:
 * every judge gets every entry, and the demo judges' sheets are submitted over HTTP.
 */
test.use({ baseURL: JUDGING_URL });
test.describe.configure({ mode: 'serial' });

const suffix = randomBytes(3).toString('hex');
const letters = () =>
	Array.from(randomBytes(6), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const LEAD_PASSWORD = 'flow team lead passphrase';
const JUDGE_PASSWORD = 'flow judge passphrase';
const titles = [`Flow Alpha ${suffix}`, `Flow Beta ${suffix}`, `Flow Gamma ${suffix}`];
const rubricName = `Flow rubric ${suffix}`;
const criteria = ['Public value', 'Responsible design'];
// Every judge gives these points, so the team's averages are known.
const points = [4, 2];
const judges = [1, 2].map((number) => ({
	name: `${capital(letters())} ${capital(letters())}`,
	email: `flow-judge-${number}-${suffix}@panel-${suffix}.test`,
	feedback: `Judge feedback ${number} ${suffix}: show the pilot's numbers.`
}));
const demoFeedback = `Demo judge feedback ${suffix}: clear problem statement.`;

let leads: { email: string; request: APIRequestContext }[] = [];
let screeningId = '';

test.beforeAll(async () => {
	test.setTimeout(90_000);
	leads = await Promise.all(
		titles.map(async (title, index) => {
			const email = `flow-lead-${index}-${suffix}@example.org`;
			const request = await signUpConfirmed({
				name: `Flow Lead ${capital(letters())}`,
				email,
				password: LEAD_PASSWORD
			});
			await createTeam(request, `Flow team ${index} ${suffix}`);
			await submitEntry(request, { title });
			return { email, request };
		})
	);
	const organizer = await signedInRequest(demo.organizer, undefined, JUDGING_URL);
	screeningId = await roundId(organizer, 'Screening');
	await organizer.dispose();
});

test.afterAll(async () => {
	for (const lead of leads) await lead.request.dispose();
});

const day = 86_400_000;
const local = (time: number) => new Date(time).toISOString().slice(0, 16);

async function judgePage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: JUDGING_URL });
	const page = await context.newPage();
	await signIn(page, email, JUDGE_PASSWORD);
	return page;
}

test('the organizer builds a rubric, opens the round, invites two judges and assigns automatically', async ({
	page,
	browser
}) => {
	test.setTimeout(150_000);
	await signIn(page, demo.organizer);

	// A rubric with two criteria on 1–5.
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'New rubric' }).click();
	await page.getByLabel('Rubric name').fill(rubricName);
	await page.getByRole('button', { name: 'Create rubric' }).click();
	await expect(page).toHaveURL(/\/admin\/judging\/rubrics\/[0-9a-f-]{36}\?notice=rubric_created/);
	const add = page.locator('section', {
		has: page.getByRole('heading', { name: 'Add a criterion' })
	});
	const list = page.locator('#criteria-heading + p + ol > li');
	for (const [index, name] of criteria.entries()) {
		await add.getByLabel('Criterion name').fill(name);
		await add.getByLabel('Weight', { exact: true }).fill(index === 0 ? '60' : '40');
		for (let point = 1; point <= 5; point++)
			await add.getByLabel(`Score ${point}`, { exact: true }).fill(`${name}: level ${point}`);
		await add.getByRole('button', { name: 'Add criterion' }).click();
		await expect(list).toHaveCount(index + 1);
	}
	await expect(list.getByTestId('share')).toHaveText(['60% of the total', '40% of the total']);

	// Round 1 (a draft) takes the rubric, a window open now and four judges per entry.
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
	const option = page.locator('#round-rubricId option', { hasText: rubricName });
	await page
		.getByLabel('Rubric', { exact: true })
		.selectOption((await option.getAttribute('value')) as string);
	await page.getByLabel('Scoring opens').fill(local(Date.now() - 2 * day));
	await page.getByLabel('Scoring closes').fill(local(Date.now() + 30 * day));
	await page.getByLabel('Judges per entry').fill('4');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page).toHaveURL(/notice=saved/);
	await expect(page.getByRole('link', { name: new RegExp(rubricName) })).toBeVisible();
	// No judge is assigned yet: opening says so and asks to confirm.
	await expect(page.getByTestId('open-unassigned')).toContainText('Entries with no judge:');
	await page.getByLabel('Open the round anyway, with these entries unscored').check();
	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page).toHaveURL(/notice=round_opened/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');
	for (const title of titles) await expect(page.getByRole('link', { name: title })).toBeVisible();

	// Two new judges: invited by address, they sign up, confirm and accept the mailed link.
	for (const judge of judges) {
		await page.goto('/admin/judging/judges');
		await page.getByLabel('Email address').fill(judge.email);
		await page.getByRole('button', { name: 'Send invitation' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: `Invitation sent to ${judge.email}` })
		).toBeVisible();
		const account = await signUpConfirmed({ ...judge, password: JUDGE_PASSWORD });
		const link = await mailLink(account, judge.email, 'Invitation to judge');
		await account.dispose();
		const judgeView = await judgePage(browser, judge.email);
		await judgeView.goto(link.pathname + link.search);
		await judgeView.getByRole('button', { name: 'Accept and become a judge' }).click();
		await expect(judgeView).toHaveURL(/\/judge\/profile\?notice=welcome/);
		await judgeView.context().close();
	}
	await page.goto('/admin/judging/judges');
	for (const judge of judges)
		await expect(page.getByText(judge.email, { exact: true }).first()).toBeVisible();

	// Automatic assignment: every entry gets every judge.
	await page.goto(`/admin/judging/rounds/${screeningId}/assignments`);
	await page.getByRole('button', { name: 'Assign automatically' }).click();
	const result = page.getByRole('region', { name: 'Result of the automatic assignment' });
	await expect(result).toContainText(/assignments? added/);
	const table = page.getByRole('table', { name: 'Entries of the round with their judges' });
	for (const title of titles) {
		const row = table.getByRole('row').filter({ hasText: title });
		for (const judge of judges) await expect(row).toContainText(judge.name);
	}
	await expectAccessible(page, 'assignments with the automatic result');
});

test('each judge scores, saves a draft, comes back and submits; progress reaches 100%', async ({
	browser,
	page
}) => {
	// Two judges score every entry in the browser, one by one.
	test.setTimeout(300_000);
	for (const [number, judge] of judges.entries()) {
		const view = await judgePage(browser, judge.email);
		await view.goto('/judge');
		await expect(view.getByRole('heading', { level: 1 })).toHaveText('Assigned entries');
		const round = view.getByRole('region', { name: 'Screening' });
		await expect(round.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
		const total = Number(await round.getByRole('progressbar').getAttribute('aria-valuemax'));
		expect(total, `entries assigned to judge ${number + 1}`).toBeGreaterThanOrEqual(titles.length);
		await round
			.getByRole('link', { name: /^Score: Entry/ })
			.first()
			.click();
		await expect(view).toHaveURL(/\/judge\/score\/[0-9a-f-]{36}$/);

		const groups = view.locator('form[action="?/save"] fieldset fieldset');
		const fill = async () => {
			await expect(groups).toHaveCount(criteria.length);
			for (const [index, point] of points.entries())
				await groups
					.nth(index)
					.getByRole('radio', { name: new RegExp(`^${point}\\b`) })
					.check();
			await view.getByLabel('Feedback for the team').fill(judge.feedback);
		};

		// The first entry: a draft, then back to it later.
		await fill();
		await view.getByRole('button', { name: 'Save draft' }).click();
		await expect(view.getByText('Draft saved.')).toBeVisible();
		const draftUrl = view.url().split('?')[0] as string;
		await view.goto('/judge');
		await expect(round.getByText('Draft saved').first()).toBeVisible();
		await view.goto(draftUrl);
		for (const [index, point] of points.entries())
			await expect(
				groups.nth(index).getByRole('radio', { name: new RegExp(`^${point}\\b`) })
			).toBeChecked();
		await expect(view.getByLabel('Feedback for the team')).toHaveValue(judge.feedback);

		// Submit and next, through the whole list; the last one is submitted on its own. Each
		// step waits for the next sheet's own page (its path changes) before filling it in.
		const sheetPath = () => new URL(view.url()).pathname;
		const submitted = view.getByText('Score submitted. Thank you.');
		let previous = sheetPath();
		await view.getByRole('button', { name: 'Submit and next' }).click();
		for (let scored = 1; scored < total; scored++) {
			await expect.poll(sheetPath).not.toBe(previous);
			await expect(submitted).toBeVisible();
			await whenInteractive(view);
			if (scored === 1 && number === 0) await expectAccessible(view, 'score page after submitting');
			await fill();
			previous = sheetPath();
			const next = view.getByRole('button', { name: 'Submit and next' });
			if (await next.count()) await next.click();
			else await view.getByRole('button', { name: 'Submit score', exact: true }).click();
		}
		// The dashboard counts every sheet once the last submission has landed.
		await expect(submitted).toBeVisible();
		await expect(async () => {
			await view.goto('/judge');
			await expect(round.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(total), {
				timeout: 1_000
			});
		}).toPass({ timeout: 20_000 });
		await expect(round.getByText(`${total} of ${total} scored`)).toBeVisible();
		await view.context().close();
	}

	// The demo judges were assigned too: their sheets are submitted over HTTP, with the same points.
	for (const email of [demo.judge, demo.otherJudge]) {
		const judge = await signedInRequest(email, undefined, JUDGING_URL);
		for (const id of await assignmentsInRound(judge, 'Screening'))
			await submitScore(judge, id, (index) => points[index] as number, demoFeedback);
		await judge.dispose();
	}

	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}/progress`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Progress: Screening');
	const bar = page.getByRole('progressbar', { name: 'Score sheets submitted' });
	await expect(bar).toHaveAttribute('aria-valuenow', '100');
	await expect(page.getByText('100% submitted')).toBeVisible();
	const byJudge = page.getByRole('table', { name: 'Work of each judge in this round' });
	for (const judge of judges) {
		const row = byJudge.getByRole('row').filter({ hasText: judge.name });
		await expect(row).toHaveCount(1);
		// Assigned, submitted, drafts, not started.
		const cells = row.getByRole('cell');
		await expect(cells.nth(0)).toHaveText(await cells.nth(1).innerText());
		await expect(cells.nth(2)).toHaveText('0');
		await expect(cells.nth(3)).toHaveText('0');
	}
	const byEntry = page.getByRole('table', { name: 'Judges and submitted scores of each entry' });
	for (const title of titles)
		await expect(byEntry.getByRole('row').filter({ hasText: title })).toContainText('4 of 4');
	await expectAccessible(page, 'progress at 100%');
});

test('the organizer closes the round and releases feedback; the team reads it without judge names', async ({
	page,
	browser
}) => {
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await page.getByRole('button', { name: 'Close the round' }).click();
	await expect(page).toHaveURL(/notice=round_closed/);
	await page.getByRole('button', { name: 'Release feedback to teams' }).click();
	await expect(page).toHaveURL(/notice=feedback_released/);
	await expect(page.getByText('Feedback is released to the teams.')).toBeVisible();
	await expectAccessible(page, 'closed round with feedback released');

	// Outside the window, a judge's score actions are 404 and change nothing.
	const closedJudge = await signedInRequest(judges[0]!.email, JUDGE_PASSWORD, JUDGING_URL);
	const [closedAssignment] = await assignmentsInRound(closedJudge, 'Screening');
	expect(closedAssignment, 'an assignment of the closed round').toBeTruthy();
	const late = await post(closedJudge, `/judge/score/${closedAssignment}?/save`, {
		feedback: 'A late change',
		intent: 'submit'
	});
	expect(late.status()).toBe(404);
	await closedJudge.dispose();

	// The team lead reads averages and texts.
	const context = await browser.newContext({ baseURL: JUDGING_URL });
	const lead = await context.newPage();
	await signIn(lead, leads[0]!.email, LEAD_PASSWORD);
	await lead.goto('/team');
	await lead.getByRole('link', { name: "Read the judges' feedback" }).click();
	await expect(lead).toHaveURL(/\/team\/feedback$/);
	await expectAccessible(lead, 'team feedback with released averages and texts');
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText("Judges' feedback");
	const round = lead.getByRole('region', { name: 'Screening' });
	await expect(round).toContainText('based on 4 reviews');
	const averages = round.getByRole('table', { name: 'Average score per criterion' });
	for (const [index, name] of criteria.entries())
		await expect(averages.getByRole('row').filter({ hasText: name })).toContainText(
			`${points[index]} of 5`
		);
	for (const text of [...judges.map((judge) => judge.feedback), demoFeedback])
		await expect(round.getByText(text).first()).toBeVisible();
	await context.close();

	// No judge's name or address on the team's pages or in their data.
	const organizer = await signedInRequest(demo.organizer, undefined, JUDGING_URL);
	const identities = await judgeIdentities(organizer);
	await organizer.dispose();
	for (const judge of judges) {
		expect(identities).toContain(judge.name);
		expect(identities).toContain(judge.email);
	}
	expect(identities).toContain('Amara Okafor');
	const fetched = await crawl(leads[0]!.request, ['/team', '/team/feedback'], {
		allow: () => false
	});
	expect(fetched.map((item) => item.url)).toEqual([
		'/team',
		'/team/__data.json',
		'/team/feedback',
		'/team/feedback/__data.json'
	]);
	for (const item of fetched) expect(item.status, item.url).toBe(200);
	expect(fetched[3]!.body).toContain(judges[0]!.feedback);
	expect(findLeaks(fetched, identities)).toEqual([]);
});
