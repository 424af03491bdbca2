import { encode } from 'uqr';

/** The quiet zone the QR standard asks for, in modules. */
const QUIET_ZONE = 4;

export type QrCode = {
	/** Modules per side, quiet zone included (the SVG's viewBox is 0 0 size size). */
	size: number;
	/** One SVG path drawing every dark module, as runs of a row: `M x y h n v1 h-n z`. */
	path: string;
};

/**
 * A QR code as a compact SVG path, made on the server (no script, no image request, works
 * offline). Medium error correction survives a projector's glare and a phone at an angle.
 */
export function qrCode(text: string): QrCode {
	const { size, data } = encode(text, { ecc: 'M', border: QUIET_ZONE });
	const runs: string[] = [];
	for (let y = 0; y < size; y++) {
		const row = data[y];
		let x = 0;
		while (x < size) {
			if (!row[x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < size && row[x]) x++;
			runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
		}
	}
	return { size, path: runs.join('') };
}
