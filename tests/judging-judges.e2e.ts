import { randomBytes } from 'node:crypto';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import {
	BASE_URL,
	createConfirmedAccount,
	mailLink,
	postForm,
	signedInRequest
} from './support/http';
import { expectAccessible } from './support/axe';
import { openMailLink } from './support/mailbox';

const JUDGES_PATH = '/admin/judging/judges';
const PASSWORD = 'judge panel passphrase';
const INVITE_SUBJECT = 'Invitation to judge';

/** The confirmation (role=status) that contains the text. */
const status = (page: Page, text: string | RegExp) =>
	expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();

/** Signs up with a chosen address and confirms it; returns the signed-in request context. */
async function signUpAndConfirm(email: string, name = 'Invited Judge', dateOfBirth = '1985-03-04') {
	const request = await playwrightRequest.newContext({ baseURL: BASE_URL });
	const signUp = await postForm(request, '/sign-up', {
		name,
		email,
		password: PASSWORD,
		country: 'KR',
		dateOfBirth
	});
	expect(signUp.status()).toBe(303);
	const link = await mailLink(request, email, 'Confirm your email address');
	const confirm = await postForm(request, '/verify-email?/confirm', {
		token: link.searchParams.get('token') as string
	});
	expect(confirm.status()).toBe(303);
	return request;
}

/** A team led by a fresh account with the given address (same mail domain as a judge). */
async function teamLedBy(email: string) {
	const request = await signUpAndConfirm(email, 'Team Lead', '2004-05-06');
	const created = await postForm(request, '/team?/create', {
		name: `Team ${randomBytes(4).toString('hex')}`
	});
	expect(created.status()).toBe(303);
	await request.dispose();
}

test('an invited judge signs up, accepts, fills the profile and declares a conflict; the organizer decides', async ({
	page,
	browser
}) => {
	const domain = `civic-${randomBytes(4).toString('hex')}.test`;
	const judgeEmail = `judge@${domain}`;

	// The organizer invites an address that has no account yet.
	await signIn(page, demo.organizer);
	await page.goto(JUDGES_PATH);
	await page.getByLabel('Email address').fill(judgeEmail);
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await status(page, `Invitation sent to ${judgeEmail}`);
	await expect(
		page.getByRole('row').filter({ hasText: judgeEmail }).getByText('Open', { exact: true })
	).toBeVisible();

	// The person creates an account with that address, then opens the mailed link.
	const account = await signUpAndConfirm(judgeEmail);
	await account.dispose();
	const judgeContext = await browser.newContext();
	const judgePage = await judgeContext.newPage();
	const link = await openMailLink(judgePage, judgeEmail, INVITE_SUBJECT);
	expect(link).toMatch(/\/judge-invite\?token=[a-z0-9]{26,}$/);
	await judgePage.goto(link);
	await expect(judgePage.getByRole('link', { name: 'Create an account' })).toBeVisible();
	await expectAccessible(judgePage, 'judge invitation');
	await judgePage.locator('main').getByRole('link', { name: 'Sign in' }).click();
	await judgePage.getByLabel('Email address').fill(judgeEmail);
	await judgePage.getByLabel('Password', { exact: true }).fill(PASSWORD);
	await judgePage.getByRole('button', { name: 'Sign in' }).click();
	await expect(judgePage).toHaveURL(/\/judge-invite\?token=/);
	await judgePage.getByRole('button', { name: 'Accept and become a judge' }).click();
	await expect(judgePage).toHaveURL(/\/judge\/profile\?notice=welcome/);
	await status(judgePage, 'Welcome to the panel of judges');

	// Profile.
	await judgePage.getByLabel('Organization', { exact: true }).fill('Ministry of Civic Technology');
	await judgePage.getByLabel('Country', { exact: true }).selectOption('KR');
	await judgePage.getByRole('group', { name: 'Expertise' }).getByRole('checkbox').first().check();
	await judgePage.getByLabel('Short biography').fill('Twenty years in local government.');
	await judgePage.getByRole('button', { name: 'Save profile' }).click();
	await status(judgePage, 'Your profile was saved.');
	await expect(judgePage.getByLabel('Organization', { exact: true })).toHaveValue(
		'Ministry of Civic Technology'
	);

	// A declaration without a name is refused, with the field named; then a valid one.
	await judgePage.getByRole('button', { name: 'Declare conflict' }).click();
	await expect(judgePage.locator('#declare-value-error')).toBeVisible();
	await expect(judgePage.getByLabel('Name of the organization or team')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expectAccessible(judgePage, 'judge profile with errors');
	await judgePage.getByRole('radio', { name: 'An organization' }).check();
	await judgePage.getByLabel('Name of the organization or team').fill('Seoul Youth Foundation');
	await judgePage.getByLabel('Reason (optional)').fill('I sit on its board.');
	await judgePage.getByRole('button', { name: 'Declare conflict' }).click();
	await status(judgePage, 'Recorded.');
	await expect(
		judgePage.getByRole('listitem').filter({ hasText: 'Seoul Youth Foundation' })
	).toContainText('Declared by you');
	await expectAccessible(judgePage, 'judge profile');
	await judgeContext.close();

	// The organizer sees the judge and the declared conflict.
	await page.goto(JUDGES_PATH);
	const judgeRow = page.getByRole('row').filter({ hasText: judgeEmail });
	await expect(judgeRow.first()).toBeVisible();
	await page.goto(`${JUDGES_PATH}?status=confirmed`);
	await expect(
		page
			.getByRole('row')
			.filter({ hasText: judgeEmail })
			.filter({ hasText: 'Seoul Youth Foundation' })
	).toBeVisible();

	// Two teams led from the judge's mail domain appear; detection flags both for a decision.
	await teamLedBy(`lead.one@${domain}`);
	await teamLedBy(`lead.two@${domain}`);
	await page.goto(`${JUDGES_PATH}?status=suggested`);
	await page.getByRole('button', { name: 'Detect conflicts now' }).click();
	await status(page, /\d+ new possible conflicts? found/);
	await page.goto(`${JUDGES_PATH}?status=suggested`);
	const suggestions = page
		.getByRole('row')
		.filter({ hasText: judgeEmail })
		.filter({ hasText: `email domain (${domain})` });
	await expect(suggestions).toHaveCount(2);
	await expectAccessible(page, 'organizer judges page');
	await suggestions
		.first()
		.getByRole('button', { name: /^Confirm/ })
		.click();
	await status(page, 'The conflict was confirmed.');
	await expect(suggestions).toHaveCount(1);
	await suggestions
		.first()
		.getByRole('button', { name: /^Dismiss/ })
		.click();
	await status(page, 'The conflict was dismissed.');
	await expect(suggestions).toHaveCount(0);
	// Running detection again brings back neither.
	await page.getByRole('button', { name: 'Detect conflicts now' }).click();
	await status(page, /new possible conflicts? found/);
	await page.goto(`${JUDGES_PATH}?status=suggested`);
	await expect(suggestions).toHaveCount(0);
	await page.goto(`${JUDGES_PATH}?status=dismissed`);
	await expect(
		page
			.getByRole('row')
			.filter({ hasText: judgeEmail })
			.filter({ hasText: `email domain (${domain})` })
	).toHaveCount(1);
});

test('bad input is refused with 400 and the field named', async () => {
	const organizer = await signedInRequest(demo.organizer);
	const invite = await postForm(organizer, `${JUDGES_PATH}?/invite`, { email: 'not-an-email' });
	expect(invite.status()).toBe(400);
	const inviteHtml = await invite.text();
	expect(inviteHtml).toContain('id="invite-email-error"');
	expect(inviteHtml).toContain('Enter an email address like name@example.org.');
	expect(inviteHtml).toContain('value="not-an-email"');
	await organizer.dispose();

	const judge = await signedInRequest(demo.judge);
	const fields = { organization: 'Valid Org', country: 'KR', bio: '' };
	const cases: [Record<string, string>, string, string][] = [
		[{ country: 'XX' }, 'profile-country-error', 'Choose a country from the list.'],
		[
			{ expertise: '00000000-0000-4000-8000-000000000000' },
			'profile-expertise-error',
			'Choose tracks from the list.'
		],
		[{ organization: 'o'.repeat(201) }, 'profile-organization-error', 'Use at most 200 characters.']
	];
	for (const [change, errorId, message] of cases) {
		const response = await postForm(judge, '/judge/profile?/save', { ...fields, ...change });
		expect(response.status(), errorId).toBe(400);
		const html = await response.text();
		expect(html).toContain(`id="${errorId}"`);
		expect(html).toContain(message);
	}
	const declare = await postForm(judge, '/judge/profile?/declare', {
		kind: 'country',
		value: '',
		country: 'ZZ',
		reason: ''
	});
	expect(declare.status()).toBe(400);
	expect(await declare.text()).toContain('id="declare-country-error"');
	const kind = await postForm(judge, '/judge/profile?/declare', { kind: 'planet', value: 'Mars' });
	expect(kind.status()).toBe(400);
	expect(await kind.text()).toContain('id="declare-kind-error"');
	await judge.dispose();
});

test('an entrant gets 404 for the organizer page, its actions and the judge profile', async () => {
	const entrant = await signedInRequest(demo.entrant);
	expect((await entrant.get(JUDGES_PATH, { maxRedirects: 0 })).status()).toBe(404);
	for (const action of ['invite', 'revoke', 'detect', 'confirm', 'dismiss']) {
		const response = await postForm(entrant, `${JUDGES_PATH}?/${action}`, {
			email: 'someone@example.org',
			inviteId: '00000000-0000-4000-8000-000000000000',
			conflictId: '00000000-0000-4000-8000-000000000000'
		});
		expect(response.status(), action).toBe(404);
	}
	expect((await entrant.get('/judge/profile', { maxRedirects: 0 })).status()).toBe(404);
	const save = await postForm(entrant, '/judge/profile?/save', { organization: 'x' });
	expect(save.status()).toBe(404);
	await entrant.dispose();
});

test('an account with another email cannot accept the invitation', async () => {
	const invited = `invited-${randomBytes(4).toString('hex')}@example.org`;
	const organizer = await signedInRequest(demo.organizer);
	const sent = await postForm(organizer, `${JUDGES_PATH}?/invite`, { email: invited });
	expect(sent.status()).toBe(200);
	await organizer.dispose();

	const other = await createConfirmedAccount();
	const link = await mailLink(other.request, invited, INVITE_SUBJECT);
	const token = link.searchParams.get('token') as string;
	const accept = await postForm(other.request, '/judge-invite?/accept', { token });
	expect(accept.status()).toBe(403);
	const html = await accept.text();
	expect(html).toContain('This invitation was sent to a different email address.');
	expect(html).not.toContain(invited);
	expect((await other.request.get('/judge/profile', { maxRedirects: 0 })).status()).toBe(404);
	// The link is still good for the invited person.
	const preview = await (await other.request.get(`/judge-invite?token=${token}`)).text();
	expect(preview).toContain('Accept and become a judge');
	await other.request.dispose();
});
