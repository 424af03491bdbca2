import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrCode } from './qr';

/** The dark modules the path draws, as "x,y" (each run is one row segment). */
function darkModules(path: string): Set<string> {
	const dark = new Set<string>();
	for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
		for (let offset = 0; offset < Number(width); offset++) dark.add(`${Number(x) + offset},${y}`);
	return dark;
}

describe('qrCode', () => {
	const url = 'https://portal.example.org/gallery/riversense-flood-alerts';
	const code = qrCode(url);

	it('draws exactly the dark modules of the symbol, with a 4-module quiet zone', () => {
		const reference = encode(url, { ecc: 'M', border: 4 });
		expect(code.size).toBe(reference.size);
		const expected = new Set<string>();
		reference.data.forEach((row, y) =>
			row.forEach((dark, x) => {
				if (dark) expected.add(`${x},${y}`);
			})
		);
		expect(darkModules(code.path)).toEqual(expected);
		// Nothing is drawn in the quiet zone.
		for (const cell of darkModules(code.path)) {
			const [x, y] = cell.split(',').map(Number);
			expect(Math.min(x, y)).toBeGreaterThanOrEqual(4);
			expect(Math.max(x, y)).toBeLessThan(code.size - 4);
		}
	});

	it('has the three finder patterns in their corners', () => {
		const dark = darkModules(code.path);
		const symbol = code.size - 8;
		for (const [left, top] of [
			[4, 4],
			[4 + symbol - 7, 4],
			[4, 4 + symbol - 7]
		]) {
			// The 7×7 finder: a dark ring, a light ring, a dark 3×3 centre.
			for (let y = 0; y < 7; y++)
				for (let x = 0; x < 7; x++) {
					const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
					expect(dark.has(`${left + x},${top + y}`), `finder ${left},${top} at ${x},${y}`).toBe(
						ring !== 2
					);
				}
		}
	});

	it('grows with the text and stays compact', () => {
		const longer = qrCode(`${url}?${'x'.repeat(200)}`);
		expect(longer.size).toBeGreaterThan(code.size);
		expect(code.path.length).toBeLessThan(6000);
	});
});
