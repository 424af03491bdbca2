import { expect, test, type Browser } from '@playwright/test';
import { fillSignUp, newAccount, signIn } from './support/accounts';
import { answers, fillBasics, fillTextAnswers, saveAndContinue, uploadFile } from './support/entry';
import { pdfDocument, pngImage } from './support/files';
import { createConfirmedAccount, mailSubjects, setClockOffset } from './support/http';
import { openMailLink } from './support/mailbox';

/**
 * The whole path of a team, on the server whose clock the tests may move: sign up, create a
 * team, invite a member by link, both edit, upload, submit, confirmation mail; after the
 * deadline nothing can change. Once with JavaScript and once without.
 */
const TIMETRAVEL = 'http://localhost:4176';
test.use({ baseURL: TIMETRAVEL });
test.describe.configure({ mode: 'serial' });

test.afterEach(async () => {
	await setClockOffset(TIMETRAVEL, 0);
});

async function signedInPage(
	browser: Browser,
	javaScriptEnabled: boolean,
	email: string,
	password: string
) {
	const context = await browser.newContext({ baseURL: TIMETRAVEL, javaScriptEnabled });
	const page = await context.newPage();
	await signIn(page, email, password);
	return { context, page };
}

for (const javaScriptEnabled of [true, false]) {
	test(`a team goes from sign-up to a submitted entry (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		test.setTimeout(180_000);
		// The lead signs up and confirms the address.
		const leadContext = await browser.newContext({ baseURL: TIMETRAVEL, javaScriptEnabled });
		const lead = await leadContext.newPage();
		const account = newAccount({ name: 'Lena Lead' });
		await fillSignUp(lead, account);
		await expect(lead).toHaveURL(/\/sign-up\/check-inbox$/);
		await lead.goto(await openMailLink(lead, account.email, 'Confirm your email address'));
		await lead.getByRole('button', { name: 'Confirm my email address' }).click();
		await expect(lead).toHaveURL(/\/account\?notice=verified/);

		// Creates a team.
		await lead.goto('/team');
		await lead.getByLabel('Team name').fill(`River Team ${Date.now()}`);
		await lead.getByRole('button', { name: 'Create team' }).click();
		await expect(lead).toHaveURL(/\/team\?notice=team_created/);

		// Invites a member with a single-use link.
		await lead.getByRole('button', { name: 'Create link' }).click();
		const link = (await lead.getByTestId('invite-link').textContent())?.trim() as string;
		expect(link).toMatch(/\/join\?token=[a-z2-7]{32}$/);

		const memberAccount = await createConfirmedAccount('member pass phrase ok', {
			baseURL: TIMETRAVEL,
			name: 'Mo Member'
		});
		const { context: memberContext, page: member } = await signedInPage(
			browser,
			javaScriptEnabled,
			memberAccount.email,
			memberAccount.password
		);
		await member.goto(link);
		await member.getByRole('button', { name: /^Join / }).click();
		await expect(member).toHaveURL(/\/team\?notice=joined/);
		await expect(member.getByText('Lena Lead')).toBeVisible();

		// Both edit the entry: the lead the basics, the member the story.
		await fillBasics(lead);
		await saveAndContinue(lead, 'story');
		await member.goto('/team/entry/story');
		await fillTextAnswers(member, answers.story);
		await member.locator('input[name=stage][value=pilot]').check();
		await saveAndContinue(member, 'responsible-ai');
		await fillTextAnswers(member, answers['responsible-ai']);
		await saveAndContinue(member, 'impact');
		await lead.goto('/team/entry/impact');
		await fillTextAnswers(lead, answers.impact);
		await saveAndContinue(lead, 'media');
		await fillTextAnswers(lead, answers.media);
		await lead.getByRole('button', { name: 'Save draft' }).click();
		await expect(lead).toHaveURL(/\/team\/entry\/media\?notice=entry_saved/);

		// Uploads a cover (the member) and a pitch deck (the lead).
		await member.goto('/team/entry/media');
		await uploadFile(member, 'cover', 'cover.png', 'image/png', await pngImage());
		await expect(member).toHaveURL(/uploaded=cover/);
		await expect(member.locator('img[src^="/files/"]')).toBeVisible();
		await uploadFile(lead, 'deck', 'deck.pdf', 'application/pdf', pdfDocument());
		await expect(lead).toHaveURL(/uploaded=deck/);

		// The lead reviews and submits.
		await lead.goto('/team/entry/review');
		await expect(lead.getByText('Everything needed to submit is there.')).toBeVisible();
		await expect(lead.locator('.prose-entry strong').first()).toHaveText('small villages');
		await lead.getByRole('button', { name: 'Submit the entry' }).click();
		await expect(lead.getByText(/Your entry is submitted \(version 1\)/)).toBeVisible();

		// Both members get the confirmation.
		for (const email of [account.email, memberAccount.email])
			await expect
				.poll(async () => mailSubjects(lead.request, email), { timeout: 10_000 })
				.toContain('Your team submitted its entry');

		// After the deadline, moved by the clock, the entry is read-only.
		// Sessions expire after 30 idle days, so both members sign in again.
		await setClockOffset(TIMETRAVEL, 80 * 86_400_000);
		await member.goto('/team/entry/basics');
		await expect(member).toHaveURL(/\/sign-in\?next=/);
		await signIn(member, memberAccount.email, memberAccount.password);
		await signIn(lead, account.email, account.password);
		await member.goto('/team/entry/basics');
		await expect(
			member.getByText('The deadline has passed: the entry can no longer be changed.')
		).toBeVisible();
		await expect(member.locator('#q-title')).toBeDisabled();
		const refused = await member.request.post('/team/entry/basics?/save', {
			headers: { origin: TIMETRAVEL, accept: 'text/html' },
			form: { title: 'Too late', intent: 'stay' },
			maxRedirects: 0,
			failOnStatusCode: false
		});
		expect(refused.status()).toBe(409);
		expect(await refused.text()).toContain('The submission deadline has passed');
		await lead.goto('/team');
		await expect(
			lead.getByText('The submission deadline has passed. The entry is read-only.')
		).toBeVisible();

		await memberContext.close();
		await leadContext.close();
	});
}
