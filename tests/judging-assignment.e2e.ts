import { expect, test, type APIRequestContext } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import { answers } from './support/entry';
import { pdfDocument, pngImage } from './support/files';
import { BASE_URL, postForm, signedInRequest } from './support/http';
import { createTeamLead } from './support/team';

/**
 * The organizer's assignment and progress pages of round 1: submitted entries (made over HTTP)
 * are assigned automatically, adjusted by hand, and followed on the progress page. Nobody else
 * may see or use these pages.
 */
test.describe.configure({ mode: 'serial' });

async function upload(request: APIRequestContext, kind: 'cover' | 'deck', buffer: Buffer) {
	const response = await request.post('/team/entry/media?/upload', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		multipart: {
			kind,
			file: {
				name: kind === 'cover' ? 'cover.png' : 'deck.pdf',
				mimeType: kind === 'cover' ? 'image/png' : 'application/pdf',
				buffer
			}
		},
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(response.status(), `upload ${kind}`).toBe(303);
}

/** A new team whose complete entry is submitted over HTTP; returns its lead and title. */
async function submittedEntry(title: string, cover: Buffer) {
	const lead = await createTeamLead();
	const basics = await (await lead.request.get('/team/entry/basics')).text();
	const trackId = /id="q-trackId"[\s\S]*?<option[^>]*value="([0-9a-f-]{36})"/.exec(basics)?.[1];
	expect(trackId).toBeTruthy();
	const steps: Record<string, Record<string, string | string[]>> = {
		basics: {
			...answers.basics,
			title,
			trackId: trackId as string,
			countries: ['KR'],
			sdgs: ['11']
		},
		story: { ...answers.story, stage: 'pilot' },
		'responsible-ai': answers['responsible-ai'],
		impact: answers.impact,
		media: answers.media
	};
	for (const [step, fields] of Object.entries(steps)) {
		const saved = await postForm(lead.request, `/team/entry/${step}?/save`, {
			...fields,
			intent: 'stay'
		});
		expect(saved.status(), `save ${step}`).toBe(303);
	}
	await upload(lead.request, 'cover', cover);
	await upload(lead.request, 'deck', pdfDocument());
	const submitted = await postForm(lead.request, '/team/entry/review?/submit', {});
	expect(submitted.status(), 'submit').toBe(200);
	return lead;
}

let roundId = '';
let entrant: APIRequestContext;
const suffix = Math.random().toString(36).slice(2, 8);
const titles = [`Assign Alpha ${suffix}`, `Assign Beta ${suffix}`];

test.beforeAll(async () => {
	test.setTimeout(90_000);
	const cover = await pngImage();
	const leads = await Promise.all(titles.map((title) => submittedEntry(title, cover)));
	entrant = leads[0]!.request;
	const organizer = await signedInRequest(demo.organizer);
	const list = await (await organizer.get('/admin/judging')).text();
	roundId =
		/href="\/admin\/judging\/rounds\/([0-9a-f-]{36})"[^>]*>\s*Screening\s*</.exec(list)?.[1] ?? '';
	expect(roundId, 'round 1 ("Screening") listed on /admin/judging').not.toBe('');
});

test('the organizer assigns automatically, adjusts by hand and follows progress', async ({
	page
}) => {
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${roundId}/assignments`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assignments: Screening');

	// Submission put both entries in round 1 (another engineer hooks this into submitEntry).
	const rowOf = (title: string) =>
		page
			.getByRole('table', { name: 'Entries of the round with their judges' })
			.getByRole('row')
			.filter({ hasText: title });
	for (const title of titles) await expect(rowOf(title)).toHaveCount(1);

	await page.getByRole('button', { name: 'Assign automatically' }).click();
	const result = page.getByRole('region', { name: 'Result of the automatic assignment' });
	await expect(result).toBeVisible();
	await expect(result).toContainText(/assignments? added/);
	await expect(result).toContainText(/Balanced: (yes|no)/);
	await expect(result).toContainText(/Assignments per judge: \d+ to \d+/);
	// The demo judges have no expertise, so all their reviews are bridging ones, and with both
	// judges on every entry the round is one connected group: no warning.
	await expect(result).toContainText(
		/\d+ bridging reviews? keeps? the tracks comparable: judges? also reviews? entr(y|ies) outside their own expertise/
	);
	await expect(result.getByText('Not every entry can be compared')).toHaveCount(0);
	// Two demo judges and two judges per entry: every entry gets both.
	for (const title of titles) {
		await expect(rowOf(title)).toContainText('Amara Okafor');
		await expect(rowOf(title)).toContainText('Lucas Silva');
	}

	// Remove one judge from the first entry, then add them back by hand.
	const first = rowOf(titles[0]!);
	await first.getByRole('button', { name: /^Remove Amara Okafor from entry/ }).click();
	await expect(page.getByText('Assignment removed.')).toBeVisible();
	await expect(rowOf(titles[0]!)).not.toContainText('Amara Okafor');

	const add = page.getByRole('group', { name: 'Assign by hand' });
	const entryOption = add.getByLabel('Entry').locator('option', { hasText: titles[0]! }).first();
	await add.getByLabel('Entry').selectOption((await entryOption.getAttribute('value')) as string);
	const judgeOption = add.getByLabel('Judge').locator('option', { hasText: 'Amara Okafor' });
	await add.getByLabel('Judge').selectOption((await judgeOption.getAttribute('value')) as string);
	await add.getByRole('button', { name: 'Assign' }).click();
	await expect(page.getByText('Judge assigned.')).toBeVisible();
	await expect(rowOf(titles[0]!)).toContainText('Amara Okafor');
	await expect(rowOf(titles[0]!)).toContainText('manual');

	// The same pair again is refused, with the reason next to the judge.
	await add.getByLabel('Entry').selectOption((await entryOption.getAttribute('value')) as string);
	await add.getByLabel('Judge').selectOption((await judgeOption.getAttribute('value')) as string);
	await add.getByRole('button', { name: 'Assign' }).click();
	await expect(add.getByText(/Amara Okafor is already assigned to entry/)).toBeVisible();
	await expect(add.getByLabel('Judge')).toHaveAttribute('aria-invalid', 'true');

	// Progress: the bar, the judges, the entries.
	await page.getByRole('link', { name: 'Progress', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Progress: Screening');
	await expect(page.getByRole('progressbar', { name: 'Score sheets submitted' })).toBeVisible();
	const judges = page.getByRole('table', { name: 'Work of each judge in this round' });
	await expect(judges.getByRole('row').filter({ hasText: 'Amara Okafor' })).toHaveCount(1);
	const entriesTable = page.getByRole('table', {
		name: 'Judges and submitted scores of each entry'
	});
	await expect(entriesTable.getByRole('row').filter({ hasText: titles[1]! })).toContainText(
		'2 of 2'
	);
});

test('entrants and judges get 404 on these pages and actions', async () => {
	const judge = await signedInRequest(demo.judge);
	for (const request of [entrant, judge]) {
		for (const path of ['assignments', 'progress'])
			expect((await request.get(`/admin/judging/rounds/${roundId}/${path}`)).status(), path).toBe(
				404
			);
		for (const action of ['assignments?/auto', 'assignments?/add', 'progress?/remind'])
			expect(
				(
					await postForm(request, `/admin/judging/rounds/${roundId}/${action}`, {
						entryId: roundId,
						judgeId: roundId
					})
				).status(),
				action
			).toBe(404);
	}
});
