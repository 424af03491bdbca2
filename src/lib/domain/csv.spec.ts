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
		for (const value of ['plain', 'a=b', '1-2', 'a, b', 'e-mail', '재난 대응', '', "'quoted"])
			expect(neutralizeCell(value)).toBe(value);
	});
});

/** The line toCsv writes for one cell (after the header line). */
const written = (cell: string | number | null) =>
	toCsv(['cell'], [[cell]])
		.replace(/^\uFEFF"cell"\r\n/, '')
		.replace(/\r\n$/, '');

describe('toCsv with dangerous cells', () => {
	it.each([
		['=1+1', `"'=1+1"`],
		['+1', `"'+1"`],
		['-1', `"'-1"`],
		['@A1', `"'@A1"`],
		['\t=1', `"'\t'=1"`],
		['\r=1', `"'\r'=1"`],
		['＝1+1', `"'＝1+1"`],
		['＋1', `"'＋1"`],
		['－1', `"'－1"`],
		['＠A1', `"'＠A1"`],
		// Formula starts after a separator some spreadsheet splits on.
		['x;=1+1;@A1', `"x;'=1+1;'@A1"`],
		['a,=b', `"a,'=b"`],
		['a|=b', `"a|'=b"`],
		['a\t+b', `"a\t'+b"`],
		['line\n-1', `"line\n'-1"`],
		['a\r\n=1', `"a\r\n'=1"`],
		['Kim;=HYPERLINK("http://evil")', `"Kim;'=HYPERLINK(""http://evil"")"`],
		// After spaces or quotes a reader may trim.
		['  =1', `"'  =1"`],
		['a; @A1', `"a;' @A1"`],
		['a;\u3000＝1', `"a;'\u3000＝1"`],
		["=cmd|' /C calc'!A0", `"'=cmd|' /C calc'!A0"`],
		[`"=cmd|' /C calc'!A0"`, `"'""=cmd|' /C calc'!A0"""`],
		['a,"=b"', `"a,'""=b"""`],
		// Harmless text, quoted all the same.
		['a=b', `"a=b"`],
		['1-2', `"1-2"`],
		['a, b', `"a, b"`],
		['', `""`],
		["'quoted", `"'quoted"`],
		['재난 대응', `"재난 대응"`]
	])('writes %j as %j', (cell, line) => {
		expect(written(cell)).toBe(line);
		expect(parseCsv(toCsv(['cell'], [[cell]]))[1]).toEqual([neutralizeCell(cell)]);
	});

	it('writes numbers bare (spreadsheets compute with them) and missing values as empty cells', () => {
		expect(written(72.5)).toBe('72.5');
		expect(written(-3)).toBe('-3');
		expect(written(0)).toBe('0');
		expect(written(Number.NaN)).toBe('');
		expect(written(null)).toBe('');
		// A number typed by a person is text: quoted and neutralized.
		expect(written('-5')).toBe(`"'-5"`);
	});

	it('quotes every text cell of every row, header included', () => {
		expect(toCsv(['a', 'b c'], [['x', 1, null, '']])).toBe('\uFEFF"a","b c"\r\n"x",1,,""\r\n');
	});
});

describe('csvCell', () => {
	it('keeps numbers as numbers and missing values as null', () => {
		expect(csvCell(72.5)).toBe(72.5);
		expect(csvCell(0)).toBe(0);
		expect(csvCell(null)).toBe(null);
		expect(csvCell(undefined)).toBe(null);
		expect(csvCell(Number.NaN)).toBe(null);
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
