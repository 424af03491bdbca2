import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { demo, signIn, whenInteractive } from './support/accounts';
import { postForm, showHtml, signedInRequest, type FormFields } from './support/http';

/**
 * The organizer's rubric builder and rounds: a rubric with criteria on different scales and its
 * percentages, bad input refused with the field named and what was typed kept, a round created
 * and opened, and nobody else reaching any of it. The servers share one database with other
 * tests: this file only adds its own rubrics and a round after the seeded ones, and never
 * changes the seeded rounds.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const unique = () => randomBytes(3).toString('hex');

async function createRubricOverHttp(request: APIRequestContext, name: string) {
	const response = await postForm(request, '/admin/judging/rubrics/new?/create', {
		name,
		description: ''
	});
	expect(response.status()).toBe(303);
	const id = UUID.exec(response.headers().location ?? '')?.[0];
	expect(id).toBeTruthy();
	return id as string;
}

const pointDescriptors = (min: number, max: number, skip?: number): FormFields =>
	Object.fromEntries(
		Array.from({ length: max - min + 1 }, (_, index) => [
			[`descriptor.${index}.from`, String(min + index)],
			[`descriptor.${index}.to`, String(min + index)],
			[`descriptor.${index}.text`, min + index === skip ? '' : `Meaning of ${min + index}`]
		]).flat()
	);

/** Posts a criterion that is refused; shows the re-rendered page (without its scripts). */
async function refusedCriterion(
	page: Page,
	request: APIRequestContext,
	rubricId: string,
	fields: FormFields
) {
	const response = await postForm(request, `/admin/judging/rubrics/${rubricId}?/add`, {
		name: 'A criterion',
		guidance: 'Typed guidance',
		weight: '10',
		scaleMin: '1',
		scaleMax: '5',
		// Descriptors of the default 1–5 scale unless the case brings its own.
		...(Object.keys(fields).some((key) => key.startsWith('descriptor.'))
			? {}
			: pointDescriptors(1, 5)),
		...fields
	});
	expect(response.status()).toBe(400);
	await showHtml(page, await response.text());
}

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

test('an organizer builds a rubric with three criteria and sees the weights as percentages', async ({
	page
}) => {
	await signIn(page, demo.organizer);
	await page.goto('/admin/judging');
	await page.getByRole('link', { name: 'New rubric' }).click();
	const name = `Pitch rubric ${unique()}`;
	await page.getByLabel('Rubric name').fill(name);
	await page.getByRole('button', { name: 'Create rubric' }).click();
	await expect(page).toHaveURL(/\/admin\/judging\/rubrics\/[0-9a-f-]{36}\?notice=rubric_created/);
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

	const add = page.locator('section', {
		has: page.getByRole('heading', { name: 'Add a criterion' })
	});
	const criteria = page.locator('#criteria-heading + p + ol > li');
	// 1–5, one descriptor per point.
	await add.getByLabel('Criterion name').fill('Relevance');
	await add.getByLabel('Weight', { exact: true }).fill('50');
	for (let point = 1; point <= 5; point++)
		await add.getByLabel(`Score ${point}`, { exact: true }).fill(`Relevance ${point}`);
	await add.getByRole('button', { name: 'Add criterion' }).click();
	await expect(criteria).toHaveCount(1);
	await expect(add.getByLabel('Criterion name')).toHaveValue('');

	// 0–10: the descriptor fields follow the scale as it is typed.
	await add.getByLabel('Criterion name').fill('Feasibility');
	await add.getByLabel('Weight', { exact: true }).fill('30');
	await add.getByLabel('Lowest score').fill('0');
	await add.getByLabel('Highest score').fill('10');
	await expect(add.getByLabel('Score 10', { exact: true })).toBeVisible();
	for (let point = 0; point <= 10; point++)
		await add.getByLabel(`Score ${point}`, { exact: true }).fill(`Feasibility ${point}`);
	// The share this criterion would have, live: 30 of 80 (62.5/37.5 rounds to 63/37).
	await expect(add.getByText('37% of the total')).toBeVisible();
	await add.getByRole('button', { name: 'Add criterion' }).click();
	await expect(criteria).toHaveCount(2);
	await expect(add.getByLabel('Criterion name')).toHaveValue('');

	// 0–100: bands.
	await add.getByLabel('Criterion name').fill('Responsible AI');
	await add.getByLabel('Weight', { exact: true }).fill('20');
	await add.getByLabel('Lowest score').fill('0');
	await add.getByLabel('Highest score').fill('100');
	await add.getByLabel('From, Band 1').fill('0');
	await add.getByLabel('To, Band 1').fill('49');
	await add.getByLabel('Description, Band 1').fill('Risks not addressed');
	await add.getByLabel('From, Band 2').fill('50');
	await add.getByLabel('To, Band 2').fill('100');
	await add.getByLabel('Description, Band 2').fill('Risks addressed');
	await add.getByRole('button', { name: 'Add criterion' }).click();
	await expect(criteria).toHaveCount(3);
	await expect(add.getByLabel('Criterion name')).toHaveValue('');

	await expect(criteria).toHaveCount(3);
	await expect(criteria.getByTestId('share')).toHaveText([
		'50% of the total',
		'30% of the total',
		'20% of the total'
	]);
	await expect(criteria.nth(1)).toContainText('Scale 0–10');
	await expect(page.getByText('Weights add up to 100')).toBeVisible();

	// Reorder: the last criterion moves up.
	await criteria.nth(2).getByRole('button', { name: 'Move up' }).click();
	await expect(page.getByText('The criterion was moved.')).toBeVisible();
	await expect(criteria.locator('h3')).toHaveText([
		'1. Relevance',
		'2. Responsible AI',
		'3. Feasibility'
	]);

	// The same percentages without JavaScript, on the server render.
	const html = await (await page.request.get(page.url())).text();
	for (const share of ['50% of the total', '30% of the total', '20% of the total'])
		expect(html).toContain(share);

	// Listed on the overview, editable.
	await page.goto('/admin/judging');
	const row = page.getByRole('row', { name: new RegExp(name) });
	await expect(row).toContainText('Editable');
});

test('bad criteria and rubric input is refused with the field named and the typed values kept', async ({
	page
}) => {
	const organizer = await signedInRequest(demo.organizer);
	const rubricId = await createRubricOverHttp(organizer, `Bad input ${unique()}`);

	await refusedCriterion(page, organizer, rubricId, { weight: '0' });
	await expect(byId(page, 'new-weight')).toHaveAttribute('aria-invalid', 'true');
	await expect(byId(page, 'new-weight')).toHaveValue('0');
	await expect(byId(page, 'new-weight-error')).toHaveText('Enter a whole number from 1 to 100.');
	await expect(byId(page, 'new-name')).toHaveValue('A criterion');
	await expect(byId(page, 'new-guidance')).toHaveValue('Typed guidance');

	await refusedCriterion(page, organizer, rubricId, {
		scaleMin: '5',
		scaleMax: '5',
		...pointDescriptors(5, 5)
	});
	await expect(byId(page, 'new-scaleMax')).toHaveAttribute('aria-invalid', 'true');
	await expect(byId(page, 'new-scaleMax-error')).toHaveText(
		'The highest score must be greater than the lowest (5).'
	);
	await expect(byId(page, 'new-scaleMin')).toHaveValue('5');

	await refusedCriterion(page, organizer, rubricId, { ...pointDescriptors(1, 5, 3) });
	await expect(byId(page, 'new-descriptor.2.text')).toHaveAttribute('aria-invalid', 'true');
	await expect(byId(page, 'new-descriptor.2.text-error')).toHaveText(
		'Describe what a score of 3 means.'
	);
	await expect(byId(page, 'new-descriptor.0.text')).toHaveValue('Meaning of 1');
	await expect(byId(page, 'new-descriptor.4.text')).toHaveValue('Meaning of 5');

	// Bands that leave a gap: the descriptors as a whole are named.
	await refusedCriterion(page, organizer, rubricId, {
		scaleMin: '0',
		scaleMax: '50',
		'descriptor.0.from': '0',
		'descriptor.0.to': '20',
		'descriptor.0.text': 'Low',
		'descriptor.1.from': '30',
		'descriptor.1.to': '50',
		'descriptor.1.text': 'High'
	});
	await expect(page.getByText('Give a descriptor for these scores too: 21–29.')).toBeVisible();
	await expect(byId(page, 'new-descriptor.1.from')).toHaveValue('30');

	const longName = 'N'.repeat(121);
	await refusedCriterion(page, organizer, rubricId, { name: longName });
	await expect(byId(page, 'new-name')).toHaveAttribute('aria-invalid', 'true');
	await expect(byId(page, 'new-name-error')).toHaveText('Use at most 120 characters.');
	await expect(byId(page, 'new-name')).toHaveValue(longName);

	// The rubric's own name, too long, on the create form.
	const tooLong = await postForm(organizer, '/admin/judging/rubrics/new?/create', {
		name: longName,
		description: 'Kept description'
	});
	expect(tooLong.status()).toBe(400);
	await showHtml(page, await tooLong.text());
	await expect(byId(page, 'rubric-name-error')).toHaveText('Use at most 120 characters.');
	await expect(byId(page, 'rubric-description')).toHaveValue('Kept description');

	// Nothing was added by any refused form.
	const builder = await (await organizer.get(`/admin/judging/rubrics/${rubricId}`)).text();
	expect(builder).toContain('No criteria yet');
	await organizer.dispose();
});

test('an organizer creates a round and opens it', async ({ page }) => {
	await signIn(page, demo.organizer);
	await page.goto('/admin/judging/rounds/new');
	await whenInteractive(page);
	const name = `Extra round ${unique()}`;
	await page.getByLabel('Round name').fill(name);
	// Refused first: a window that closes before it opens keeps what was typed.
	await page.getByLabel('Scoring opens').fill('2030-05-02T10:00');
	await page.getByLabel('Scoring closes').fill('2030-05-01T10:00');
	await page.getByRole('button', { name: 'Create round' }).click();
	await expect(page.getByText('The window must close after it opens.')).toBeVisible();
	await expect(page.getByLabel('Round name')).toHaveValue(name);
	await expect(page.getByLabel('Scoring closes')).toHaveAttribute('aria-invalid', 'true');

	const day = 86_400_000;
	const local = (time: number) => new Date(time).toISOString().slice(0, 16);
	await page.getByLabel('Scoring opens').fill(local(Date.now() - day));
	await page.getByLabel('Scoring closes').fill(local(Date.now() + 30 * day));
	await page.getByLabel('Judges per entry').fill('2');
	const seeded = await page
		.locator('#round-rubricId option', { hasText: 'Youth AI for Good Governance rubric' })
		.first()
		.getAttribute('value');
	await page.getByLabel('Rubric', { exact: true }).selectOption(seeded as string);
	await page.getByRole('button', { name: 'Create round' }).click();
	await expect(page.getByText('The round is created.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
	await expect(page.getByRole('link', { name: 'Assignments' })).toHaveAttribute(
		'href',
		/\/admin\/judging\/rounds\/[0-9a-f-]{36}\/assignments$/
	);

	await page.getByRole('button', { name: 'Open the round' }).click();
	await expect(page.getByText('The round is open.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');
	await expect(page.getByRole('button', { name: 'Close the round' })).toBeVisible();
	// Feedback waits until the round is closed.
	await expect(page.getByText('Feedback can be released once the round is closed.')).toBeVisible();

	await page.goto('/admin/judging');
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Open');
});

test('judges and entrants get 404 on every judging page and action; unknown ids are 404', async () => {
	const organizer = await signedInRequest(demo.organizer);
	const overview = await (await organizer.get('/admin/judging')).text();
	const rubricId = new RegExp(`/admin/judging/rubrics/(${UUID.source})`).exec(overview)?.[1];
	const roundId = new RegExp(`/admin/judging/rounds/(${UUID.source})`).exec(overview)?.[1];
	expect(rubricId && roundId).toBeTruthy();
	const rubricPage = `/admin/judging/rubrics/${rubricId}`;
	const roundPage = `/admin/judging/rounds/${roundId}`;
	const pages = [
		'/admin/judging',
		'/admin/judging/rubrics/new',
		rubricPage,
		'/admin/judging/rounds/new',
		roundPage
	];
	const actions: [string, FormFields][] = [
		['/admin/judging/rubrics/new?/create', { name: 'Sneaky rubric' }],
		[`${rubricPage}?/details`, { name: 'Renamed by an intruder' }],
		[`${rubricPage}?/add`, { name: 'Intruder', weight: '10', scaleMin: '0', scaleMax: '1' }],
		[`${rubricPage}?/update`, { criterionId: roundId as string }],
		[`${rubricPage}?/remove`, { criterionId: roundId as string }],
		[`${rubricPage}?/move`, { criterionId: roundId as string, direction: 'up' }],
		[`${rubricPage}?/moveRounds`, {}],
		['/admin/judging/rounds/new?/create', { name: 'Sneaky round' }],
		[`${roundPage}?/settings`, { name: 'Renamed by an intruder' }],
		[`${roundPage}?/transition`, { transition: 'open' }],
		[`${roundPage}?/feedback`, { release: 'release' }],
		[`${roundPage}?/advance`, { entryId: roundId as string }]
	];
	for (const email of [demo.judge, demo.entrant]) {
		const context = await signedInRequest(email);
		for (const path of pages)
			expect((await context.get(path, { maxRedirects: 0 })).status(), `${email} GET ${path}`).toBe(
				404
			);
		for (const [path, fields] of actions)
			expect((await postForm(context, path, fields)).status(), `${email} POST ${path}`).toBe(404);
		await context.dispose();
	}
	const after = await (await organizer.get('/admin/judging')).text();
	expect(after).not.toContain('Renamed by an intruder');
	expect(after).not.toContain('Sneaky');

	for (const path of [
		'/admin/judging/rubrics/00000000-0000-4000-8000-000000000000',
		'/admin/judging/rubrics/not-a-uuid',
		'/admin/judging/rounds/00000000-0000-4000-8000-000000000000',
		'/admin/judging/rounds/not-a-uuid'
	]) {
		expect((await organizer.get(path)).status(), path).toBe(404);
		const action = await postForm(
			organizer,
			`${path}?/${path.includes('rubrics') ? 'details' : 'settings'}`,
			{
				name: 'x'
			}
		);
		expect(action.status(), `POST ${path}`).toBe(404);
	}
	await organizer.dispose();
});
