import { expect, test, type APIRequestContext } from '@playwright/test';
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
