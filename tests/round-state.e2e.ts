import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { demo, signIn, whenInteractive } from './support/accounts';
import { expectAccessible } from './support/axe';
import { postForm, signedInRequest } from './support/http';
import { createTeam, roundId, signUpConfirmed, submitEntry } from './support/judging-e2e';

/**
 * The organizer's round page on a fresh demo install of its own (4189), whose round 1 only this
 * file opens and closes: the state panel says what is true now apart from what each button
 * would do, opening a round whose entries have no judge warns, names how many and waits for an
 * explicit confirmation, and progress counts the entries nobody scores.
 */
const ROUNDS_URL = 'http://localhost:4189';
test.use({ baseURL: ROUNDS_URL });
test.describe.configure({ mode: 'serial' });

const suffix = randomBytes(3).toString('hex');
const titles = [`Harbour ${suffix} ferry planner`, `Orchard ${suffix} frost alerts`];
const day = 86_400_000;
const local = (time: number) => new Date(time).toISOString().slice(0, 16);

let screeningId = '';
const leads: APIRequestContext[] = [];

test.beforeAll(async () => {
	test.setTimeout(120_000);
	for (const [index, title] of titles.entries()) {
		const email = `round-state-${index}-${suffix}@example.org`;
		const lead = await signUpConfirmed(
			{ name: `Lead ${index} ${suffix}`, email, password: 'round state lead passphrase' },
			ROUNDS_URL
		);
		await createTeam(lead, `Round state team ${index} ${suffix}`);
		await submitEntry(lead, { title });
		leads.push(lead);
	}
	const organizer = await signedInRequest(demo.organizer, undefined, ROUNDS_URL);
	screeningId = await roundId(organizer, 'Screening');
	await organizer.dispose();
});

test.afterAll(async () => {
	for (const lead of leads) await lead.dispose();
});

/** The state panel: what is true now, and the actions with what each would do. */
const statePanel = (page: Page) => page.getByRole('region', { name: 'State' });
const stateNow = (page: Page) => page.getByTestId('round-state-now');
const anyway = (page: Page) =>
	page.getByLabel('Open the round anyway, with these entries unscored');

test('opening a round whose entries have no judge warns, names how many and needs confirmation', async ({
	page
}) => {
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await whenInteractive(page);
	// A draft: judges see nothing yet; the button's effect is said as what opening would do.
	await expect(statePanel(page)).toContainText('Current state: Draft.');
	await expect(stateNow(page)).toHaveText(
		'Judges cannot see this round yet, and every setting can still change.'
	);
	await expect(statePanel(page)).toContainText('Opening the round lets judges score');

	await page.getByLabel('Scoring opens').fill(local(Date.now() - 2 * day));
	await page.getByLabel('Scoring closes').fill(local(Date.now() + 30 * day));
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page).toHaveURL(/notice=saved/);

	// Both entries lack a judge: the warning says so and links to the assignment.
	const warning = page.getByTestId('open-unassigned');
	await expect(warning).toContainText('Entries with no judge: 2 of 2.');
	await expect(warning.getByRole('link', { name: 'Assign judges first' })).toHaveAttribute(
		'href',
		`/admin/judging/rounds/${screeningId}/assignments`
	);
	await expectAccessible(page, 'round page warning before opening');

	// Opening without the confirmation is refused, the box named; the round stays a draft.
	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page.locator('#transition-unassigned-error')).toContainText(
		'Entries with no judge: 2.'
	);
	await expect(anyway(page)).toHaveAttribute('aria-invalid', 'true');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
	// Without JavaScript the same: HTTP 400 with the field named.
	const organizer = await signedInRequest(demo.organizer, undefined, ROUNDS_URL);
	const refused = await postForm(organizer, `/admin/judging/rounds/${screeningId}?/transition`, {
		transition: 'open'
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('id="transition-unassigned-error"');
	await organizer.dispose();

	// One entry gets a judge by hand: the warning counts the other one only.
	await warning.getByRole('link', { name: 'Assign judges first' }).click();
	const add = page.getByRole('group', { name: 'Assign by hand' });
	const entry = add.getByLabel('Entry').locator('option', { hasText: titles[0] }).first();
	await add.getByLabel('Entry').selectOption((await entry.getAttribute('value')) as string);
	const judge = add.getByLabel('Judge').locator('option', { hasText: 'Amara Okafor' });
	await add.getByLabel('Judge').selectOption((await judge.getAttribute('value')) as string);
	await add.getByRole('button', { name: 'Assign' }).click();
	await expect(page.getByText('Judge assigned.')).toBeVisible();
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await expect(page.getByTestId('open-unassigned')).toContainText('Entries with no judge: 1 of 2.');

	// Confirmed: it opens.
	await anyway(page).check();
	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page).toHaveURL(/notice=round_opened/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');
});

test('progress counts the entries that have no judge beside the score sheets', async ({ page }) => {
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}/progress`);
	await expect(page.getByText('0 of 1 score sheet submitted')).toBeVisible();
	await expect(page.getByText('Entries in the round: 2.')).toBeVisible();
	const missing = page.getByTestId('entries-without-judge');
	await expect(missing).toContainText('Entries with no judge: 1 of 2.');
	await expect(missing.getByRole('link', { name: 'Assign judges' })).toHaveAttribute(
		'href',
		`/admin/judging/rounds/${screeningId}/assignments`
	);
	await expectAccessible(page, 'progress with entries without a judge');
});

test('the state panel says what is true now, apart from what each button would do', async ({
	page
}) => {
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${screeningId}`);
	await whenInteractive(page);
	// Open: judges can score now; closing is described as what it would do, not as the state.
	await expect(statePanel(page)).toContainText('Current state: Open.');
	await expect(stateNow(page)).toContainText('Judges can score their assigned entries now, until');
	await expect(stateNow(page)).not.toContainText('no longer');
	await expect(statePanel(page)).toContainText(
		'Closing the round stops scoring: judges can no longer change or submit scores.'
	);
	await expect(page.getByRole('button', { name: 'Close the round' })).toHaveAccessibleDescription(
		/^Closing the round stops scoring/
	);

	await page.getByRole('button', { name: 'Close the round' }).click();
	await expect(page).toHaveURL(/notice=round_closed/);
	// Closed: judges can no longer score; reopening is what would let them score again.
	await expect(statePanel(page)).toContainText('Current state: Closed.');
	await expect(stateNow(page)).toHaveText(
		'Judges can no longer change or submit scores: the scores are final unless you reopen the round.'
	);
	await expect(stateNow(page)).not.toContainText('can score again');
	await expect(page.getByRole('button', { name: 'Reopen the round' })).toHaveAccessibleDescription(
		/^Reopening the round lets judges change and submit scores again, until/
	);
	await expect(page.getByRole('button', { name: 'Mark as decided' })).toHaveAccessibleDescription(
		'Marking the round decided makes it final: it can no longer be reopened and its settings are fixed.'
	);
	await expectAccessible(page, 'closed round');

	// Reopening needs no confirmation: the organizer saw the warning when it first opened.
	await page.getByRole('button', { name: 'Reopen the round' }).click();
	await expect(page).toHaveURL(/notice=round_reopened/);
	await expect(statePanel(page)).toContainText('Current state: Open.');
});

test('the decided demo showcase says it is final and offers no change of state', async ({
	page
}) => {
	await signIn(page, demo.organizer);
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'Demo showcase', exact: true }).click();
	await expect(statePanel(page)).toContainText('Current state: Decided.');
	await expect(stateNow(page)).toContainText('The round is final');
	await expect(statePanel(page)).toContainText('No further change of state.');
	await expect(statePanel(page).getByRole('button')).toHaveCount(0);
});
