import sharp from 'sharp';

/** A real PNG of the given size (a calm gradient), for cover uploads. */
export async function pngImage(width = 1200, height = 675): Promise<Buffer> {
	const channels = 3;
	const pixels = Buffer.alloc(width * height * channels);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			const offset = (y * width + x) * channels;
			pixels[offset] = 11 + Math.round((x / width) * 60);
			pixels[offset + 1] = 83 + Math.round((y / height) * 80);
			pixels[offset + 2] = 148;
		}
	return sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
}

/**
 * A minimal valid PDF (one empty page); with `size`, exactly that many bytes long, padded by a
 * comment line after the header (PDF readers skip comments).
 */
export function pdfDocument(size?: number): Buffer {
	const build = (padding: string) => {
		const objects = [
			'<< /Type /Catalog /Pages 2 0 R >>',
			'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
			'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'
		];
		let body = `%PDF-1.4\n${padding}`;
		const offsets: number[] = [];
		objects.forEach((object, index) => {
			offsets.push(body.length);
			body += `${index + 1} 0 obj\n${object}\nendobj\n`;
		});
		const xref = body.length;
		body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
		body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		return body;
	};
	const plain = build('');
	if (size === undefined || size < plain.length + 2) return Buffer.from(plain, 'latin1');
	// The padding moves the objects, which can lengthen the offset written at the end.
	const pad = (length: number) => `%${'x'.repeat(length - 2)}\n`;
	const first = build(pad(size - plain.length));
	const body = build(pad(size - plain.length - (first.length - size)));
	return Buffer.from(body, 'latin1');
}
