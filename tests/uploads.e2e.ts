import { expect, test, type APIRequestContext } from '@playwright/test';
import { whenInteractive } from './support/accounts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pdfDocument, pngImage } from './support/files';
import { BASE_URL, showHtml } from './support/http';
import { createTeamLead } from './support/team';

/** Upload checks: size, real type by magic bytes, names that mean nothing, no SVG. */
async function upload(
	request: APIRequestContext,
	kind: 'cover' | 'deck',
	name: string,
	mimeType: string,
	buffer: Buffer
) {
	return request.post('/team/entry/media?/upload', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		multipart: { kind, file: { name, mimeType, buffer } },
		maxRedirects: 0,
		failOnStatusCode: false
	});
}

function listFiles(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder).flatMap((name) => {
		const full = join(folder, name);
		return statSync(full).isDirectory() ? listFiles(full) : [full];
	});
}

test('upload checks: oversize, disguised executables, SVG, hostile names, broken PDFs', async ({
	page
}) => {
	const { request } = await createTeamLead();

	// Larger than the organizer's limit (5 MB by default): 413 with a message on the field.
	const png = await pngImage(800, 450);
	const huge = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 + 1, 7)]);
	const tooLarge = await upload(request, 'cover', 'big.png', 'image/png', huge);
	expect(tooLarge.status()).toBe(413);
	await showHtml(page, await tooLarge.text());
	await expect(page.locator('#cover-error')).toContainText('larger than 5 MB');

	// A Windows executable renamed .png: refused by its bytes, not its name.
	const exe = Buffer.concat([
		Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'),
		Buffer.alloc(4096, 1)
	]);
	const disguised = await upload(request, 'cover', 'holiday.png', 'image/png', exe);
	expect(disguised.status()).toBe(400);
	await showHtml(page, await disguised.text());
	await expect(page.locator('#cover-error')).toContainText('JPEG, PNG or WebP');

	// SVG is never a cover (it can carry scripts).
	const svg = Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
	);
	expect((await upload(request, 'cover', 'cover.svg', 'image/svg+xml', svg)).status()).toBe(400);

	// A text file renamed .pdf, and a PDF with JavaScript, are refused as decks.
	expect(
		(
			await upload(
				request,
				'deck',
				'deck.pdf',
				'application/pdf',
				Buffer.from('just text, not a PDF')
			)
		).status()
	).toBe(400);
	const scripted = Buffer.from(
		pdfDocument()
			.toString('latin1')
			.replace(
				'<< /Type /Catalog /Pages 2 0 R >>',
				'<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>'
			),
		'latin1'
	);
	expect((await upload(request, 'deck', 'deck.pdf', 'application/pdf', scripted)).status()).toBe(
		400
	);

	// A path in the file name has no effect: the file is stored and served under generated names.
	const before = listFiles('.data-e2e-main/files');
	const hostile = await upload(request, 'cover', '../../../../x.png', 'image/png', png);
	expect(hostile.status()).toBe(303);
	const added = listFiles('.data-e2e-main/files').filter((file) => !before.includes(file));
	expect(added.length).toBeGreaterThan(0);
	for (const file of added)
		expect(file).toMatch(/^\.data-e2e-main\/files\/teams\/[0-9a-f-]{36}\/[0-9a-f-]{36}-\d+\.webp$/);
	expect(existsSync('x.png')).toBe(false);
	expect(existsSync('../x.png')).toBe(false);
	const media = await (await request.get('/team/entry/media')).text();
	const id = /\/files\/([0-9a-f-]{36})\?w=480/.exec(media)?.[1];
	const served = await request.get(`/files/${id}`);
	expect(served.headers()['content-disposition']).not.toContain('x.png');

	// A valid deck goes through.
	expect(
		(await upload(request, 'deck', 'deck.pdf', 'application/pdf', pdfDocument())).status()
	).toBe(303);
});

for (const javaScriptEnabled of [true, false]) {
	test(`upload feedback beside each upload, in real sizes, before the step's main button (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const lead = await createTeamLead();
		const context = await browser.newContext({
			javaScriptEnabled,
			storageState: await lead.request.storageState()
		});
		const page = await context.newPage();
		await page.goto('/team/entry/media');
		await whenInteractive(page);
		const cover = page.getByRole('region', { name: 'Cover image' });
		const deck = page.getByRole('region', { name: 'Pitch deck' });

		// Each button says what it uploads, and both come before "Save and continue".
		const uploadCover = cover.getByRole('button', { name: 'Upload cover image' });
		const uploadDeck = deck.getByRole('button', { name: 'Upload pitch deck' });
		const saveAndContinue = page.getByRole('button', { name: 'Save and continue' });
		const top = async (locator: typeof uploadCover) => (await locator.boundingBox())!.y;
		expect(await top(uploadCover)).toBeLessThan(await top(saveAndContinue));
		expect(await top(uploadDeck)).toBeLessThan(await top(saveAndContinue));
		await expect(page.getByText('Team storage used: 0 B of 60 MB')).toBeVisible();

		// A 69 KB deck: its size is told as it is chosen (with JavaScript), then once stored.
		await deck.getByLabel('Pitch deck file (PDF)').setInputFiles({
			name: 'deck.pdf',
			mimeType: 'application/pdf',
			buffer: pdfDocument(70_756)
		});
		if (javaScriptEnabled)
			await expect(deck.getByRole('status')).toHaveText('Chosen: deck.pdf (69 KB).');
		await uploadDeck.click();
		await expect(page).toHaveURL(/uploaded=deck#deck-heading$/);
		await expect(deck.getByRole('status')).toHaveText('Pitch deck uploaded (69 KB).');
		await expect(deck.getByText('Current file: 69 KB')).toBeVisible();
		await expect(page.getByText('Team storage used: 69 KB of 60 MB')).toBeVisible();
		// Said beside the upload, not in a notice at the top, and never as "0.0 MB".
		await expect(
			page.locator('main [role=status], main [role=alert]').filter({ hasText: /upload/i })
		).toHaveCount(1);
		await expect(page.locator('main')).not.toContainText('0.0 MB');
		await expect(deck.getByRole('button', { name: 'Replace pitch deck' })).toBeVisible();
		await expect(deck).toBeInViewport();

		// A refusal is told beside the control it concerns (here: a file over the 5 MB limit).
		const huge = Buffer.concat([await pngImage(200, 100), Buffer.alloc(5 * 1024 * 1024 + 1, 7)]);
		await cover
			.getByLabel('Cover image file')
			.setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: huge });
		if (javaScriptEnabled)
			await expect(cover.getByRole('status')).toHaveText(
				/^poster\.png \(5\sMB\) is larger than the 5\sMB allowed\./
			);
		await uploadCover.click();
		await expect(cover.locator('#cover-error')).toHaveText('The file is larger than 5 MB.');
		await expect(cover.getByLabel('Cover image file')).toHaveAttribute('aria-invalid', 'true');
		await expect(cover).toBeInViewport();
		await expect(deck.getByRole('status')).toBeEmpty();
		await context.close();
	});
}
