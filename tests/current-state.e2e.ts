import { expect, test } from '@playwright/test';
import { BASE_URL, createConfirmedAccount, postForm } from './support/http';
import { createTeamLead, inviteLink, joinTeam } from './support/team';

/**
 * A tab left open on "My team" while the team moves on (a teammate joins, the team is renamed, an
 * entry is submitted or published): clicking "My team" again must show the team as it is now. The
 * browser's router kept the data it had for a link to the page already shown.
 */
test('clicking the link of the page already open shows its current state', async ({ browser }) => {
	const lead = await createTeamLead();
	const context = await browser.newContext({
		baseURL: BASE_URL,
		storageState: await lead.request.storageState()
	});
	const page = await context.newPage();
	await page.goto('/team');
	await expect(page.getByRole('heading', { name: lead.teamName })).toBeVisible();
	const members = page.getByRole('region', { name: 'Members' });
	await expect(members.getByRole('listitem')).toHaveCount(1);

	// Meanwhile, elsewhere: a friend joins and the lead renames the team on another device.
	const friend = await createConfirmedAccount('a friend joins passphrase', { name: 'Ama Mensah' });
	await joinTeam(friend.request, await inviteLink(lead.request));
	const renamed = `${lead.teamName} renamed`;
	expect([200, 303]).toContain(
		(await postForm(lead.request, '/team?/rename', { name: renamed })).status()
	);

	await page.getByRole('banner').getByRole('link', { name: 'My team' }).click();
	await expect(page.getByRole('heading', { name: renamed })).toBeVisible();
	await expect(members.getByRole('listitem')).toHaveCount(2);
	await expect(members.getByText('Ama Mensah', { exact: true })).toBeVisible();
	await context.close();
});
