import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of the portal (every export goes through toCsv). Files for spreadsheets:
 * UTF-8 with a byte-order mark (so Excel reads Korean text), CRLF line ends, every text cell in
 * quotes and safe from formula injection (OWASP "CSV injection").
 */

export type CsvCell = string | number | null | undefined;

/**
 * Each place a formula could start, where an apostrophe goes: the start of the cell and every
 * point just after a separator a spreadsheet may split the cell on (the comma; in other locales
 * or import settings the semicolon, tab or bar; a line break when a reader ignores quotes),
 * when what follows starts a formula (= + - @, a tab, a carriage return, or full-width = + - @)
 * once the spaces and quotes a reader may trim are skipped.
 */
const FORMULA_POSITION =
	/(?<=^|[,;|\t\r\n])(?=[ \u00A0\u3000"]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** A text cell no spreadsheet runs as a formula, however it splits it: `x;=1` is `x;'=1`. */
export function neutralizeCell(value: string): string {
	return value.replace(FORMULA_POSITION, "'");
}

/**
 * A cell as given to the writer: text is neutralized (and quoted by toCsv); a number is written
 * bare so every spreadsheet computes with it (we format numbers ourselves, never from what a
 * person typed, and String() of a finite number is only digits, a sign, a point and an
 * exponent); null, undefined and non-finite numbers are an empty cell.
 */
export function csvCell(value: CsvCell): string | number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	return neutralizeCell(value);
}

/** The whole file: the header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	return stringify([header.map(csvCell), ...rows.map((row) => row.map(csvCell))], {
		bom: true,
		record_delimiter: 'windows',
		// Every text cell in quotes, so no reader splits it, whatever separator it uses.
		quoted_string: true
	});
}

/**
 * Reads a file written by toCsv back into rows of text (byte-order mark dropped, RFC 4180
 * quoting). The tests read the exports with it, exactly as a spreadsheet would split them.
 */
export function parseCsv(text: string): string[][] {
	const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let index = 0; index < source.length; index++) {
		const character = source[index];
		if (quoted) {
			if (character === '"' && source[index + 1] === '"') {
				cell += '"';
				index++;
			} else if (character === '"') quoted = false;
			else cell += character;
		} else if (character === '"') quoted = true;
		else if (character === ',') {
			row.push(cell);
			cell = '';
		} else if (character === '\r' || character === '\n') {
			if (character === '\r' && source[index + 1] === '\n') index++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += character;
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
