import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors';
import { checkPitchDeck, coverVariantWidths, processCover } from './processing';

const MEBIBYTE = 1024 * 1024;
const coverLimit = 5 * MEBIBYTE;
const deckLimit = 20 * MEBIBYTE;

async function expectServiceError(
	promise: Promise<unknown>,
	status: number,
	field: string,
	message?: RegExp
): Promise<ServiceError> {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	expect((error as ServiceError).status).toBe(status);
	expect((error as ServiceError).field).toBe(field);
	if (message) expect((error as ServiceError).message).toMatch(message);
	return error as ServiceError;
}

/** A photo-like image: noise compresses badly, so the files have a realistic size. */
function noise(width: number, height: number) {
	return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

function contains(haystack: Uint8Array, needle: string): boolean {
	return Buffer.from(haystack).includes(Buffer.from(needle, 'latin1'));
}

/** A PNG whose header claims a size, with a tiny (and wrong) body: a decompression bomb's look. */
function pngClaiming(width: number, height: number): Uint8Array {
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const checksum = Buffer.alloc(4);
		checksum.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, checksum]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.alloc(1024))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A small PDF with correct cross-references, from object bodies (numbered from 1; object 1 is
 * the catalogue). Streams are given as [dictionary, bytes].
 */
function buildPdf(objects: (string | [string, Buffer])[]): Uint8Array {
	const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	const offsets: number[] = [];
	let length = parts[0].length;
	const push = (part: Buffer) => {
		parts.push(part);
		length += part.length;
	};
	objects.forEach((object, index) => {
		offsets.push(length);
		if (typeof object === 'string') push(Buffer.from(`${index + 1} 0 obj\n${object}\nendobj\n`));
		else {
			const [dictionary, data] = object;
			push(Buffer.from(`${index + 1} 0 obj\n<< ${dictionary} /Length ${data.length} >>\nstream\n`));
			push(data);
			push(Buffer.from('\nendstream\nendobj\n'));
		}
	});
	const xref = length;
	const rows = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
	push(
		Buffer.from(
			`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
		)
	);
	return Buffer.concat(parts);
}

const page = [
	'<< /Type /Catalog /Pages 2 0 R >>',
	'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
	'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] /Contents 4 0 R >>',
	['', Buffer.from('BT /F1 24 Tf 72 460 Td (Flood early warning for Songdo) Tj ET')] as [
		string,
		Buffer
	]
];

describe('cover images', () => {
	it('turns a JPEG upright, makes WebP copies no wider than the original and drops EXIF', async () => {
		// 1200 × 800 stored sideways: EXIF orientation 6 means "rotate 90° clockwise to view".
		const jpeg = await noise(1200, 800)
			.jpeg({ quality: 85 })
			.withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret marker' } } })
			.toBuffer();
		expect(contains(jpeg, 'secret marker')).toBe(true);

		const cover = await processCover(jpeg, coverLimit);
		expect(cover).toMatchObject({ width: 800, height: 1200 });
		expect(cover.variants.map((variant) => variant.width)).toEqual([480, 800]);
		for (const variant of cover.variants) {
			expect(contains(variant.data, 'secret marker')).toBe(false);
			expect((await fileTypeFromBuffer(variant.data))?.mime).toBe('image/webp');
			const metadata = await sharp(variant.data).metadata();
			expect(metadata.exif).toBeUndefined();
			expect(metadata.orientation).toBeUndefined();
			expect(metadata.width).toBe(variant.width);
			expect(metadata.height).toBe(Math.round((variant.width * 1200) / 800));
		}
	});

	it('accepts PNG and WebP, with the standard widths capped at 1600 and no upscaling', async () => {
		const png = await noise(300, 200).png().toBuffer();
		const small = await processCover(png, coverLimit);
		expect(small.variants.map((variant) => variant.width)).toEqual([300]);
		expect((await sharp(small.variants[0].data).metadata()).width).toBe(300);

		const webp = await noise(2400, 1000).webp({ quality: 60 }).toBuffer();
		const large = await processCover(webp, coverLimit);
		expect(large).toMatchObject({ width: 2400, height: 1000 });
		expect(large.variants.map((variant) => variant.width)).toEqual([480, 960, 1600]);
		for (const variant of large.variants)
			expect((await sharp(variant.data).metadata()).width).toBe(variant.width);
	});

	it('chooses variant widths below the original, then the widest allowed', () => {
		expect(coverVariantWidths(120)).toEqual([120]);
		expect(coverVariantWidths(480)).toEqual([480]);
		expect(coverVariantWidths(960)).toEqual([480, 960]);
		expect(coverVariantWidths(1200)).toEqual([480, 960, 1200]);
		expect(coverVariantWidths(6000)).toEqual([480, 960, 1600]);
	});

	it('refuses a file over the limit with 413 before looking at it', async () => {
		const png = await noise(64, 64).png().toBuffer();
		await expectServiceError(processCover(png, 1024), 413, 'cover', /larger than 1\sKB\./);
		await expectServiceError(
			processCover(randomBytes(6 * MEBIBYTE), coverLimit),
			413,
			'cover',
			/larger than 5\sMB\./
		);
		await expectServiceError(processCover(new Uint8Array(0), coverLimit), 400, 'cover');
	});

	it('decides by the bytes: GIF, SVG, random bytes and a program named x.png are refused', async () => {
		const gif = await noise(40, 40).gif().toBuffer();
		const svg = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
		);
		// The first bytes of a Windows program ("MZ", then the DOS stub) uploaded as x.png.
		const program = Buffer.concat([
			Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
			randomBytes(2048)
		]);
		program.write('PE\0\0', 0x80, 'latin1');
		program.writeUInt32LE(0x80, 0x3c);
		const cases = { gif, svg, randomBytes: randomBytes(4096), program };
		for (const [name, data] of Object.entries(cases)) {
			const error = await expectServiceError(processCover(data, coverLimit), 400, 'cover');
			expect(error.message, name).toMatch(/must be a JPEG, PNG or WebP image/);
		}
	});

	it('refuses a truncated JPEG and an image bomb as unreadable', async () => {
		const jpeg = await noise(800, 600).jpeg().toBuffer();
		const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
		await expectServiceError(
			processCover(truncated, coverLimit),
			400,
			'cover',
			/could not be read/
		);

		const bomb = pngClaiming(50_000, 50_000);
		expect(bomb.length).toBeLessThan(2048);
		await expectServiceError(processCover(bomb, coverLimit), 400, 'cover', /40 megapixels/);
	});
});

describe('pitch decks', () => {
	it('accepts a plain PDF', async () => {
		await expect(checkPitchDeck(buildPdf(page), deckLimit)).resolves.toEqual({
			contentType: 'application/pdf'
		});
	});

	it('does not mistake image bytes for an action', async () => {
		// Stream contents are not structure: "/JS" inside an image means nothing.
		const image = Buffer.concat([randomBytes(100), Buffer.from(' /JS /Launch '), randomBytes(100)]);
		const pdf = buildPdf([
			...page,
			['/Type /XObject /Subtype /Image /Width 10 /Height 7 /BitsPerComponent 8', image]
		]);
		await expect(checkPitchDeck(pdf, deckLimit)).resolves.toEqual({
			contentType: 'application/pdf'
		});
	});

	it('refuses scripts, launch actions and embedded files, even escaped or compressed', async () => {
		const catalogueWith = (extra: string) => [
			`<< /Type /Catalog /Pages 2 0 R ${extra} >>`,
			...page.slice(1)
		];
		const objectStream = (content: string, filter = '/Filter /FlateDecode') => [
			...page,
			[
				`/Type /ObjStm /N 1 /First 4 ${filter}`,
				filter.includes('Flate') ? deflateSync(content) : Buffer.from(content)
			] as [string, Buffer]
		];
		const cases = {
			javascript: buildPdf(
				catalogueWith('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>')
			),
			// Only readable once the #xx escapes are decoded.
			escapedName: buildPdf(catalogueWith('/OpenAction << /S /J#61vaScript /J#53 9 0 R >>')),
			launch: buildPdf(catalogueWith('/OpenAction << /S /Launch /F (cmd.exe) >>')),
			embeddedFile: buildPdf(
				catalogueWith('/Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>')
			),
			compressed: buildPdf(objectStream('5 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>')),
			uncompressed: buildPdf(objectStream('5 0 << /Type /EmbeddedFile >>', ''))
		};
		for (const [name, pdf] of Object.entries(cases)) {
			const error = await expectServiceError(checkPitchDeck(pdf, deckLimit), 400, 'deck');
			expect(error.message, name).toMatch(/active content/);
		}
	});

	it('refuses an object stream it cannot read, since it could hide a script', async () => {
		const pdf = buildPdf([
			...page,
			['/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', randomBytes(64)]
		]);
		await expectServiceError(checkPitchDeck(pdf, deckLimit), 400, 'deck', /could not be checked/);
		const garbled = buildPdf([
			...page,
			['/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', randomBytes(64)]
		]);
		await expectServiceError(
			checkPitchDeck(garbled, deckLimit),
			400,
			'deck',
			/could not be checked/
		);
	});

	it('refuses other files named .pdf, incomplete PDFs and PDFs over the limit', async () => {
		const text = Buffer.from('Our pitch: an AI that answers questions about local services.\n');
		await expectServiceError(checkPitchDeck(text, deckLimit), 400, 'deck', /must be a PDF/);
		const png = await noise(32, 32).png().toBuffer();
		await expectServiceError(checkPitchDeck(png, deckLimit), 400, 'deck', /must be a PDF/);
		const pdfLate = Buffer.concat([Buffer.from('\n\n'), buildPdf(page)]);
		await expectServiceError(checkPitchDeck(pdfLate, deckLimit), 400, 'deck', /must be a PDF/);

		const complete = buildPdf(page);
		const cut = complete.subarray(0, complete.length - 40);
		await expectServiceError(checkPitchDeck(cut, deckLimit), 400, 'deck', /incomplete or damaged/);

		await expectServiceError(checkPitchDeck(complete, 200), 413, 'deck');
		await expectServiceError(checkPitchDeck(new Uint8Array(0), deckLimit), 400, 'deck');
	});
});
