import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import { mailLink, signedInRequest } from './support/http';
import { createTeam, post, signUpConfirmed, submitEntry } from './support/judging-e2e';

/**
 * Judges are told they have work (issue 13, item 6): a new judge signs in and lands in the
 * judging workspace; when the organizer opens the round holding their assignment, one mail
 * lists their entries (by label: round 1 is blind) and the window; an entry assigned while the
 * round is open brings a mail of its own. Its own server (4183): it opens round 1.
 */
const NOTIFY_URL = 'http://localhost:4183';
test.use({ baseURL: NOTIFY_URL });

const suffix = randomBytes(3).toString('hex');
const PASSWORD = 'judge work mail passphrase';
const judge = { name: `Noor Rahimi ${suffix}`, email: `noor-${suffix}@panel-${suffix}.test` };
const OPENED_SUBJECT = 'Screening is open: entries to score';
const ASSIGNED_SUBJECT = 'New entries to score in Screening';

/** A team that submits an entry (it joins round 1, "Screening"). */
async function submittedEntry(index: number) {
	const title = `Work mail entry ${index} ${suffix}`;
	const team = `Work mail team ${index} ${suffix}`;
	const lead = await signUpConfirmed(
		{
			name: `Lead ${index} ${suffix}`,
			email: `lead-${index}-${suffix}@example.org`,
			password: PASSWORD
		},
		NOTIFY_URL
	);
	await createTeam(lead, team);
	await submitEntry(lead, { title });
	await lead.dispose();
	return { title, team };
}

/** The organizer's page of round 1, found from the judging overview. */
async function screeningUrl(page: Page): Promise<string> {
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'Screening', exact: true }).first().click();
	await expect(page).toHaveURL(/\/admin\/judging\/rounds\/[0-9a-f-]{36}$/);
	return page.url();
}

/** The organizer assigns the entry to the judge by hand on the round's assignments page. */
async function assignByHand(page: Page, roundUrl: string, title: string) {
	await page.goto(`${roundUrl}/assignments`);
	const add = page.getByRole('group', { name: 'Assign by hand' });
	const entry = add.getByLabel('Entry').locator('option', { hasText: title });
	await add.getByLabel('Entry').selectOption((await entry.getAttribute('value')) as string);
	const person = add.getByLabel('Judge').locator('option', { hasText: judge.name });
	await add.getByLabel('Judge').selectOption((await person.getAttribute('value')) as string);
	await add.getByRole('button', { name: 'Assign' }).click();
	await expect(page.getByText('Judge assigned.')).toBeVisible();
}

/** The judge's mail with the subject, opened from the developer mailbox (exactly one). */
async function onlyMail(page: Page, subject: string) {
	await page.goto(`/dev/mailbox?to=${encodeURIComponent(judge.email)}`);
	const rows = page.getByRole('row').filter({ hasText: subject });
	await expect(rows).toHaveCount(1);
	await rows.getByRole('link').click();
	return page.getByTestId('mail-body');
}

test('a judge lands in the workspace; opening the round mails them their entries once, by label', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const first = await submittedEntry(1);

	// The organizer invites a new judge, who signs up and accepts.
	const organizer = await signedInRequest(demo.organizer, undefined, NOTIFY_URL);
	expect(
		(await post(organizer, '/admin/judging/judges?/invite', { email: judge.email })).status()
	).toBe(200);
	await organizer.dispose();
	const account = await signUpConfirmed({ ...judge, password: PASSWORD }, NOTIFY_URL);
	const invite = await mailLink(account, judge.email, 'Invitation to judge');
	const accepted = await post(account, '/judge-invite?/accept', {
		token: invite.searchParams.get('token') as string
	});
	expect(accepted.status()).toBe(303);
	await account.dispose();

	// Signing in, the judge lands where the work is.
	const judgeContext = await browser.newContext({ baseURL: NOTIFY_URL });
	const judgePage = await judgeContext.newPage();
	await judgePage.goto('/sign-in');
	await judgePage.getByLabel('Email address').fill(judge.email);
	await judgePage.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await judgePage.getByRole('button', { name: 'Sign in' }).click();
	await expect(judgePage).toHaveURL(/\/judge$/);
	await expect(judgePage.getByRole('heading', { level: 1 })).toHaveText('Assigned entries');

	// Assigned while the round is a draft: no mail yet. Opening it sends one.
	await signIn(page, demo.organizer);
	await expect(page).toHaveURL(/\/admin$/);
	const roundUrl = await screeningUrl(page);
	await assignByHand(page, roundUrl, first.title);
	await judgePage.goto(`/dev/mailbox?to=${encodeURIComponent(judge.email)}`);
	await expect(judgePage.getByRole('row').filter({ hasText: OPENED_SUBJECT })).toHaveCount(0);
	await page.goto(roundUrl);
	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page).toHaveURL(/notice=round_opened/);

	const opened = await onlyMail(judgePage, OPENED_SUBJECT);
	await expect(opened).toContainText('- Entry 1');
	await expect(opened).not.toContainText('Entry 2');
	await expect(opened).toContainText('Scoring window: from');
	await expect(opened).toContainText('This round is blind');
	// Blind: neither the team nor the title.
	await expect(opened).not.toContainText(first.title);
	await expect(opened).not.toContainText(first.team);
	await expect(opened.getByRole('link', { name: `${NOTIFY_URL}/judge` })).toBeVisible();

	// An entry submitted and assigned while the round is open: a mail with that entry only.
	const second = await submittedEntry(2);
	await assignByHand(page, roundUrl, second.title);
	const assigned = await onlyMail(judgePage, ASSIGNED_SUBJECT);
	await expect(assigned).toContainText('- Entry 2');
	await expect(assigned).not.toContainText('Entry 1');
	await expect(assigned).not.toContainText(second.team);
	// Still one opening mail.
	await judgePage.goto(`/dev/mailbox?to=${encodeURIComponent(judge.email)}`);
	await expect(judgePage.getByRole('row').filter({ hasText: OPENED_SUBJECT })).toHaveCount(1);
	await judgeContext.close();
});
