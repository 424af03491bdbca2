import { constants, inflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type SharpOptions } from 'sharp';
import { formatFileSize } from '$lib/domain/file-size';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { ServiceError } from '../errors';

/**
 * Checks and transforms uploads before anything is stored. The uploaded file name and the
 * declared content type are never looked at: only the bytes decide what a file is.
 */

/** Widths of the WebP copies of a cover: phone, tablet and gallery/symposium screens. */
export const COVER_WIDTHS = [480, 960, 1600] as const;
export const MAX_COVER_MEGAPIXELS = 40;
const COVER_QUALITY = 80;
// An animated PNG is still a PNG to the person uploading it; its first frame is used.
const COVER_TYPES = new Set(['image/jpeg', 'image/png', 'image/apng', 'image/webp']);
const SHARP_FORMATS = new Set(['jpeg', 'png', 'webp']);

// `failOn: 'error'` refuses truncated and corrupt data; the pixel limit refuses decompression bombs.
const decodeOptions: SharpOptions = {
	limitInputPixels: MAX_COVER_MEGAPIXELS * 1_000_000,
	failOn: 'error'
};

export type CoverVariant = { width: number; data: Uint8Array };
export type ProcessedCover = {
	/** Of the upright image (after EXIF orientation). */
	width: number;
	height: number;
	/** Narrowest first; the last is the largest. */
	variants: CoverVariant[];
};

export type UploadField = 'cover' | 'deck';

const MEBIBYTE = 1024 * 1024;

function checkSize(data: Uint8Array, maxBytes: number, field: UploadField): void {
	if (data.byteLength === 0) throw new ServiceError(400, m.upload_empty(), field);
	if (data.byteLength > maxBytes)
		throw new ServiceError(
			413,
			m.upload_too_large({ max: formatFileSize(maxBytes, getLocale()) }),
			field
		);
}

/** The widths to produce: the standard ones below the image's own width, then the widest. */
export function coverVariantWidths(originalWidth: number): number[] {
	const widest = Math.min(originalWidth, COVER_WIDTHS[COVER_WIDTHS.length - 1]);
	return [...COVER_WIDTHS.filter((width) => width < widest), widest];
}

/**
 * A cover image: JPEG, PNG or WebP by its magic bytes, turned upright and re-encoded as WebP
 * copies without metadata (sharp drops EXIF, GPS position included, unless asked to keep it).
 * SVG is refused: it is a document that can carry scripts, not an image.
 */
export async function processCover(data: Uint8Array, maxBytes: number): Promise<ProcessedCover> {
	checkSize(data, maxBytes, 'cover');
	const type = await fileTypeFromBuffer(data);
	if (!type || !COVER_TYPES.has(type.mime))
		throw new ServiceError(400, m.upload_cover_type(), 'cover');

	const unreadable = () =>
		new ServiceError(400, m.upload_cover_unreadable({ megapixels: MAX_COVER_MEGAPIXELS }), 'cover');
	try {
		// The header alone tells the size, so a bomb is refused before any pixel is decoded.
		const metadata = await sharp(data, decodeOptions).metadata();
		if (!SHARP_FORMATS.has(metadata.format)) throw unreadable();
		if (metadata.width * metadata.height > MAX_COVER_MEGAPIXELS * 1_000_000) throw unreadable();
		const { width, height } = metadata.autoOrient;
		const variants: CoverVariant[] = [];
		// One at a time: each decode of a large image holds its pixels in memory.
		for (const variantWidth of coverVariantWidths(width)) {
			const output = await sharp(data, decodeOptions)
				.autoOrient()
				.resize({ width: variantWidth, withoutEnlargement: true })
				.webp({ quality: COVER_QUALITY })
				.toBuffer();
			variants.push({ width: variantWidth, data: output });
		}
		return { width, height, variants };
	} catch (error) {
		if (error instanceof ServiceError) throw error;
		// sharp's message says what is wrong with the pixels; the person sees the general reason.
		throw unreadable();
	}
}

const PDF_SIGNATURE = '%PDF-';
// A conforming PDF ends with %%EOF, allowed to be followed by a little whitespace or junk.
const END_OF_FILE_WINDOW = 1024;
/**
 * Names of PDF features that run or carry something beyond the slides: scripts, programs to
 * launch, attached files, Flash-era rich media and XFA forms (which carry their own scripts).
 */
const ACTIVE_CONTENT_NAMES = new Set([
	'JavaScript',
	'JS',
	'Launch',
	'EmbeddedFile',
	'EmbeddedFiles',
	'RichMedia',
	'XFA'
]);
// An object stream holds dictionaries; larger than this it is not a slide deck's.
const MAX_OBJECT_STREAM_BYTES = 16 * MEBIBYTE;

export type CheckedPitchDeck = { contentType: 'application/pdf' };

/**
 * A pitch deck: a complete PDF (signature, `%%EOF`) without active content. The check reads the
 * file's dictionaries, including the compressed object streams where modern exporters put them.
 */
export async function checkPitchDeck(
	data: Uint8Array,
	maxBytes: number
): Promise<CheckedPitchDeck> {
	checkSize(data, maxBytes, 'deck');
	const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	const type = await fileTypeFromBuffer(data);
	if (bytes.subarray(0, PDF_SIGNATURE.length).toString('latin1') !== PDF_SIGNATURE)
		throw new ServiceError(400, m.upload_deck_type(), 'deck');
	if (type?.mime !== 'application/pdf') throw new ServiceError(400, m.upload_deck_type(), 'deck');
	const tail = bytes.subarray(Math.max(0, bytes.length - END_OF_FILE_WINDOW)).toString('latin1');
	if (!tail.includes('%%EOF')) throw new ServiceError(400, m.upload_deck_damaged(), 'deck');
	const scan = scanPdfStructure(bytes.toString('latin1'));
	if (scan === 'active-content')
		throw new ServiceError(400, m.upload_deck_active_content(), 'deck');
	if (scan === 'unreadable') throw new ServiceError(400, m.upload_deck_unreadable(), 'deck');
	return { contentType: 'application/pdf' };
}

export type PdfScan = 'clean' | 'active-content' | 'unreadable';

/**
 * Looks at the PDF's structure, not at stream contents: page content and images are arbitrary
 * bytes in which `/JS` turns up by chance. Object streams are the exception: they hold
 * dictionaries, so they are inflated and read too. One that cannot be read (an unknown filter,
 * encryption) makes the file unreadable, since it could hide active content.
 */
export function scanPdfStructure(text: string): PdfScan {
	let cursor = 0;
	while (cursor < text.length) {
		const stream = findStream(text, cursor);
		const structure = text.slice(cursor, stream?.keywordStart ?? text.length);
		if (containsActiveName(structure)) return 'active-content';
		if (!stream) break;
		const dictionary = structure.slice(Math.max(0, structure.lastIndexOf('obj')));
		const names = namesIn(dictionary);
		if (names.has('ObjStm')) {
			const content = readObjectStream(text.slice(stream.dataStart, stream.dataEnd), names);
			if (content === null) return 'unreadable';
			if (containsActiveName(content)) return 'active-content';
		}
		cursor = stream.dataEnd;
	}
	return 'clean';
}

type StreamPosition = { keywordStart: number; dataStart: number; dataEnd: number };

function findStream(text: string, from: number): StreamPosition | null {
	// The keyword ends its line; some producers end it with a lone CR.
	const keyword = /(?<![A-Za-z])stream(?:\r\n|\r|\n)/g;
	keyword.lastIndex = from;
	const match = keyword.exec(text);
	if (!match) return null;
	const dataStart = match.index + match[0].length;
	const end = text.indexOf('endstream', dataStart);
	return { keywordStart: match.index, dataStart, dataEnd: end === -1 ? text.length : end };
}

function readObjectStream(raw: string, dictionaryNames: Set<string>): string | null {
	const filters = [...dictionaryNames].filter((name) => name.endsWith('Decode'));
	if (filters.length === 0) return raw;
	if (filters.length > 1 || filters[0] !== 'FlateDecode') return null;
	try {
		return inflateSync(Buffer.from(raw, 'latin1'), {
			// Tolerates a stream cut short; the size cap refuses a zip bomb.
			finishFlush: constants.Z_SYNC_FLUSH,
			maxOutputLength: MAX_OBJECT_STREAM_BYTES
		}).toString('latin1');
	} catch {
		return null;
	}
}

// A PDF name: a slash, then characters up to a delimiter or whitespace; `#xx` escapes a byte.
const NAME_PATTERN = /\/([^\s/<>[\]()%{}\0]+)/g;

function decodeName(name: string): string {
	return name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
		String.fromCharCode(parseInt(hex, 16))
	);
}

function namesIn(text: string): Set<string> {
	return new Set(Array.from(text.matchAll(NAME_PATTERN), (match) => decodeName(match[1])));
}

function containsActiveName(text: string): boolean {
	for (const match of text.matchAll(NAME_PATTERN))
		if (ACTIVE_CONTENT_NAMES.has(decodeName(match[1]))) return true;
	return false;
}
