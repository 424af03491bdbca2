import { describe, expect, it } from 'vitest';
import { csvCell, neutralizeCell, parseCsv, toCsv } from './csv';

describe('neutralizeCell', () => {
	it('prefixes text a spreadsheet would run as a formula', () => {
		for (const value of [
			'=1+1',
			'+SUM(A1)',
			'-2+3',
			'@cmd',
			'\tx',
			'\rx',
			'＝1',
			'＋1',
			'－1',
			'＠x'
		])
			expect(neutralizeCell(value)).toBe(`'${value}`);
	});

	it('leaves other text alone', () => {
		for (const value of ['plain', ' =not first', 'a=b', '재난 대응', '', "'quoted"])
			expect(neutralizeCell(value)).toBe(value);
	});
});

describe('csvCell', () => {
	it('writes numbers as numbers and null as empty', () => {
		expect(csvCell(72.5)).toBe('72.5');
		expect(csvCell(0)).toBe('0');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('neutralizes text that looks like a negative number (it came from a person)', () => {
		expect(csvCell('-5')).toBe("'-5");
	});
});

describe('toCsv', () => {
	it('starts with a byte-order mark, ends rows with CRLF and round-trips', () => {
		const csv = toCsv(
			['title', 'score'],
			[
				['Flood "Watch", v2', 81.25],
				['줄\n바꿈', null]
			]
		);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toContain('\r\n');
		const rows = parseCsv(csv);
		expect(rows).toEqual([
			['title', 'score'],
			['Flood "Watch", v2', '81.25'],
			['줄\n바꿈', '']
		]);
	});

	it('neutralizes every text cell, header included', () => {
		const csv = toCsv(['=header'], [['=HYPERLINK("http://evil")'], ['@SUM(1)']]);
		const rows = parseCsv(csv);
		expect(rows).toEqual([["'=header"], ['\'=HYPERLINK("http://evil")'], ["'@SUM(1)"]]);
	});
});

describe('parseCsv', () => {
	it('reads quoted cells with commas, quotes and line breaks', () => {
		expect(parseCsv('a,"b,c","d ""e"""\r\n"x\ny",,z\r\n')).toEqual([
			['a', 'b,c', 'd "e"'],
			['x\ny', '', 'z']
		]);
	});

	it('reads a last row without a line end', () => {
		expect(parseCsv('\uFEFFa,b\nc,d')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
	});
});
