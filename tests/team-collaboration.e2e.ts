import { expect, test } from '@playwright/test';
import { signIn, uniqueEmail, whenInteractive } from './support/accounts';
import { fillTextAnswers } from './support/entry';
import { BASE_URL, createConfirmedAccount } from './support/http';
import { crawl, findLeaks } from './support/judging-e2e';
import { openMailLink } from './support/mailbox';
import { createTeamLead, inviteLink, joinTeam } from './support/team';

test('two members saving the same step: both texts are kept, nothing is overwritten silently', async ({
	browser
}) => {
	const lead = await createTeamLead();
	const member = await createConfirmedAccount('member pass phrase ok');
	await joinTeam(member.request, await inviteLink(lead.request));

	const leadPage = await (await browser.newContext()).newPage();
	const memberPage = await (await browser.newContext()).newPage();
	await signIn(leadPage, lead.email, lead.password);
	await signIn(memberPage, member.email, member.password);
	// Both open the same step.
	await leadPage.goto('/team/entry/story');
	await memberPage.goto('/team/entry/story');

	// Different questions: both saves go through and merge.
	await fillTextAnswers(leadPage, { problem: 'Problem written by the lead.' });
	await leadPage.getByRole('button', { name: 'Save draft' }).click();
	await expect(leadPage).toHaveURL(/notice=entry_saved/);
	await fillTextAnswers(memberPage, { solution: 'Solution written by the member.' });
	await memberPage.getByRole('button', { name: 'Save draft' }).click();
	await expect(memberPage).toHaveURL(/notice=entry_saved/);
	await expect(memberPage.locator('#q-problem')).toHaveValue('Problem written by the lead.');
	await expect(memberPage.locator('#q-solution')).toHaveValue('Solution written by the member.');

	// The same question: the second save is told, shown the other text, and keeps its own.
	await leadPage.reload();
	await fillTextAnswers(leadPage, { aiApproach: 'The lead’s AI approach.' });
	await fillTextAnswers(memberPage, { aiApproach: 'The member’s AI approach.' });
	await leadPage.getByRole('button', { name: 'Save draft' }).click();
	await expect(leadPage).toHaveURL(/notice=entry_saved/);
	await memberPage.getByRole('button', { name: 'Save draft' }).click();
	await expect(
		memberPage.getByText('Someone in your team saved this step meanwhile')
	).toBeVisible();
	await expect(memberPage.locator('#q-aiApproach')).toHaveValue('The member’s AI approach.');
	await expect(memberPage.locator('#q-aiApproach-theirs')).toContainText('The lead’s AI approach.');
	// Having seen it, the member saves again on purpose.
	await memberPage.getByRole('button', { name: 'Save draft' }).click();
	await expect(memberPage).toHaveURL(/notice=entry_saved/);
	await leadPage.reload();
	await expect(leadPage.locator('#q-aiApproach')).toHaveValue('The member’s AI approach.');
});

test('an under-18 member blocks submission until a guardian consents by mail', async ({ page }) => {
	const lead = await createTeamLead();
	// 16 on the deadline: born 16 years before it (the demo deadline is ~75 days away).
	const birth = new Date();
	birth.setUTCFullYear(birth.getUTCFullYear() - 16);
	const minor = await createConfirmedAccount('minor pass phrase ok', {
		name: 'Young Member',
		dateOfBirth: birth.toISOString().slice(0, 10)
	});
	await joinTeam(minor.request, await inviteLink(lead.request));

	await signIn(page, lead.email, lead.password);
	await page.goto('/team');
	await expect(page.getByText('Consent of a parent or guardian needed')).toBeVisible();
	await page.goto('/team/entry/review');
	await expect(
		page.getByText('Young Member needs the consent of a parent or guardian.')
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Submit the entry' })).toBeDisabled();

	// The minor names a guardian; the guardian consents through the emailed link.
	await page.context().clearCookies();
	await signIn(page, minor.email, minor.password);
	await page.goto('/team');
	const guardianEmail = `guardian-${Date.now()}@example.org`;
	await page.getByLabel("Parent or guardian's name").fill('Grace Guardian');
	await page.getByLabel("Parent or guardian's email").fill(guardianEmail);
	await page.getByRole('button', { name: 'Send consent request' }).click();
	await expect(page.getByText(`We sent the consent request to ${guardianEmail}.`)).toBeVisible();

	// Teammates see that consent was asked for; the guardian, the minor's date of birth and
	// address reach no page or page data of theirs (nor the lead's reach the minor's).
	const minorBirth = birth.toISOString().slice(0, 10);
	const team = { allow: (path: string) => /^\/(team|join|account)(\/|$)/.test(path) };
	const leadSees = await crawl(lead.request, ['/team', '/team/entry/review', '/account'], team);
	expect(leadSees.map((item) => item.url)).toContain('/team/__data.json');
	expect(leadSees.find((item) => item.url === '/team')?.body).toContain(
		'Consent requested from a parent or guardian'
	);
	expect(findLeaks(leadSees, [guardianEmail, 'Grace Guardian', minorBirth, minor.email])).toEqual(
		[]
	);
	const minorSees = await crawl(minor.request, ['/team', '/team/entry/review'], team);
	expect(minorSees.find((item) => item.url === '/team')?.body).toContain(guardianEmail);
	expect(findLeaks(minorSees, [lead.email, '2002-02-02'])).toEqual([]);

	await page.context().clearCookies();
	const consentLink = await openMailLink(
		page,
		guardianEmail,
		'A participant asks for your consent'
	);
	await page.goto(consentLink);
	await expect(page.getByText('Young Member would like to take part')).toBeVisible();
	await page.getByRole('button', { name: 'Give consent' }).click();
	await expect(page.getByText('Tick the box to confirm.')).toBeVisible();
	await page.getByRole('checkbox').check();
	await page.getByRole('button', { name: 'Give consent' }).click();
	await expect(page.getByText('Your consent is recorded')).toBeVisible();

	await signIn(page, lead.email, lead.password);
	await page.goto('/team');
	await expect(page.getByText('Consent given')).toBeVisible();
	await page.goto('/team/entry/review');
	await expect(page.getByText('Young Member needs the consent')).toHaveCount(0);
});

for (const javaScriptEnabled of [true, false]) {
	test(`inviting: the link can be copied (selected without JavaScript), the email field empties once sent (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const lead = await createTeamLead();
		const context = await browser.newContext({
			javaScriptEnabled,
			storageState: await lead.request.storageState()
		});
		if (javaScriptEnabled)
			await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
		const page = await context.newPage();
		await page.goto('/team');
		await whenInteractive(page);
		const invite = page.getByRole('region', { name: 'Invite teammates' });

		// Sent: the field is empty for the next address.
		const invited = uniqueEmail('invited');
		const email = invite.getByLabel('Email address');
		await email.fill(invited);
		await invite.getByRole('button', { name: 'Send invitation' }).click();
		await expect(invite.getByText(`The invitation was sent to ${invited}.`)).toBeVisible();
		await expect(email).toHaveValue('');

		const more = uniqueEmail('second');
		await email.fill(more);
		await invite.getByRole('button', { name: 'Send invitation' }).click();
		await expect(invite.getByText(`The invitation was sent to ${more}.`)).toBeVisible();
		await expect(email).toHaveValue('');

		// The link: a button copies it; without JavaScript it is text to select.
		await invite.getByRole('button', { name: 'Create link' }).click();
		const link = invite.getByTestId('invite-link');
		await expect(link).toHaveText(/\/join\?token=[a-z2-7]{32}$/);
		const url = ((await link.textContent()) ?? '').trim();
		const copy = invite.getByRole('button', { name: 'Copy link' });
		if (javaScriptEnabled) {
			await copy.click();
			await expect(
				invite.getByRole('status').filter({ hasText: /^The link is copied/ })
			).toBeVisible();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
		} else {
			await expect(copy).toHaveCount(0);
			await link.selectText();
			expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe(url);
		}
		await context.close();
	});
}

test('the review page names each edit link for the step it edits, in every language', async ({
	browser
}) => {
	const lead = await createTeamLead();
	const context = await browser.newContext({ storageState: await lead.request.storageState() });
	const page = await context.newPage();
	await page.goto('/team/entry/review');
	const main = page.getByRole('main');
	const steps = [
		['Edit basics', 'basics', 'Basics'],
		['Edit problem and solution', 'story', 'Problem and solution'],
		['Edit responsible AI', 'responsible-ai', 'Responsible AI'],
		['Edit impact', 'impact', 'Impact'],
		['Edit links and files', 'media', 'Links and files']
	] as const;
	for (const [name, step, section] of steps) {
		await expect(main.getByRole('link', { name, exact: true })).toHaveAttribute(
			'href',
			`/team/entry/${step}`
		);
		// The section is a heading now, not the name of a dozen links.
		await expect(main.getByRole('heading', { name: section, exact: true })).toBeVisible();
		await expect(main.getByRole('link', { name: section, exact: true })).toHaveCount(0);
	}
	await main.getByRole('link', { name: 'Edit impact' }).click();
	await expect(page).toHaveURL(/\/team\/entry\/impact$/);

	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ko', url: BASE_URL }]);
	await page.goto('/team/entry/review');
	for (const name of [
		'기본 정보 수정',
		'문제와 해결 방안 수정',
		'책임 있는 AI 수정',
		'기대 효과 수정',
		'링크 및 파일 수정'
	])
		await expect(main.getByRole('link', { name, exact: true })).toBeVisible();
	await context.close();
});
