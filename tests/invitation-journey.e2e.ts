import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demo, newAccount, whenInteractive, type NewAccount } from './support/accounts';
import { postForm, signedInRequest } from './support/http';
import { openMailLink } from './support/mailbox';
import { createTeamLead, inviteLink } from './support/team';

/**
 * An invitation carries a new person through sign-up, the confirmation mail and sign-in to the
 * place it invited them to (issue 13, item 2): a team's invitation link and an organizer's
 * invitation to judge, each opened signed out by someone without an account.
 */

const suffix = randomBytes(3).toString('hex');

/** Fills the sign-up form the page shows (the invitation's address may already be there). */
async function completeSignUp(page: Page, account: NewAccount) {
	await whenInteractive(page);
	await page.getByLabel('Full name').fill(account.name);
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await page.getByLabel('Country of residence').selectOption(account.country);
	await page.getByLabel('Date of birth').fill(account.dateOfBirth);
	await page.locator('main').getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/sign-up\/check-inbox/);
	await expect(
		page.getByText('The confirmation link brings you back to your invitation.')
	).toBeVisible();
}

/** Opens the confirmation mail from the developer mailbox and confirms. */
async function confirmFromMailbox(page: Page, email: string) {
	const link = await openMailLink(page, email, 'Confirm your email address');
	await page.goto(link);
	await page.getByRole('button', { name: 'Confirm my email address' }).click();
}

test('a new person opens a team invitation signed out, creates an account, confirms and joins the team', async ({
	page
}) => {
	const lead = await createTeamLead({ name: `Dana Lead ${suffix}` });
	const link = await inviteLink(lead.request);
	await lead.request.dispose();

	// Signed out: the page says which team invites, and who.
	await page.goto(link);
	await expect(
		page.getByText(`Dana Lead ${suffix} invited you to join the team ${lead.teamName}.`)
	).toBeVisible();
	await page.locator('main').getByRole('link', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/sign-up\?next=/);

	const account = newAccount({ name: `Joiner ${suffix}` });
	await completeSignUp(page, account);
	await confirmFromMailbox(page, account.email);

	// The confirmation lands on the invitation, signed in: one click joins.
	await expect(page).toHaveURL(/\/join\?token=[a-z0-9]+&notice=verified$/);
	await expect(
		page.getByRole('status').filter({ hasText: 'Your email address is confirmed' })
	).toBeVisible();
	await page.getByRole('button', { name: `Join ${lead.teamName}` }).click();
	await expect(page).toHaveURL(/\/team\?notice=joined/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(lead.teamName);
	await expect(page.getByText(`Joiner ${suffix}`).first()).toBeVisible();
});

test('the signed-out join page never names a minor: not as the inviter, not in the team name', async ({
	page
}) => {
	const minor = `Haneul${suffix}`;
	const lead = await createTeamLead({ name: `${minor} Park`, dateOfBirth: '2010-06-01' });
	const teamName = `${minor} Lab ${suffix}`;
	const renamed = await postForm(lead.request, '/team?/rename', { name: teamName });
	expect(renamed.status()).toBe(303);
	const link = await inviteLink(lead.request);
	await lead.request.dispose();

	await page.goto(link);
	await expect(
		page.getByText(`You have been invited to join the team [redacted] Lab ${suffix}.`)
	).toBeVisible();
	await expect(page.locator('main')).not.toContainText(minor);
	// Signing in still works from here (the link carries the invitation).
	await expect(page.locator('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute(
		'href',
		/^\/sign-in\?next=%2Fjoin%3Ftoken%3D[a-z0-9]+$/
	);
});

// A new judge on the main server would join the panel that other tests assign automatically
// (they expect the two demo judges): this one runs on the judges' work-mail server, assigned by hand.
const NOTIFY_URL = 'http://localhost:4183';

test('a new judge opens the organizer’s invitation, signs up with the invited address, confirms and accepts', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: NOTIFY_URL });
	const page = await context.newPage();
	const judgeEmail = `new-judge-${suffix}@panel-${suffix}.test`;
	const organizer = await signedInRequest(demo.organizer, undefined, NOTIFY_URL);
	const invited = await postForm(
		organizer,
		'/admin/judging/judges?/invite',
		{ email: judgeEmail },
		NOTIFY_URL
	);
	expect(invited.status()).toBe(200);
	await organizer.dispose();

	await page.goto(await openMailLink(page, judgeEmail, 'Invitation to judge'));
	await page.getByRole('link', { name: 'Create an account' }).click();
	// The invited address is filled in, and said to be the one to use.
	await expect(page.getByLabel('Email address')).toHaveValue(judgeEmail);
	await expect(page.getByText('Your invitation was sent to this address.')).toBeVisible();

	const account = newAccount({ name: `Judge ${suffix}`, email: judgeEmail });
	await completeSignUp(page, account);
	await confirmFromMailbox(page, judgeEmail);

	await expect(page).toHaveURL(/\/judge-invite\?token=[a-z0-9]+&notice=verified$/);
	await expect(page.getByText(`Signed in as ${judgeEmail}.`)).toBeVisible();
	await page.getByRole('button', { name: 'Accept and become a judge' }).click();
	await expect(page).toHaveURL(/\/judge\/profile\?notice=welcome/);
	await context.close();
});
