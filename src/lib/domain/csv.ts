import { stringify } from 'csv-stringify/sync';

/**
 * CSV files for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Korean text), CRLF
 * line ends, and every text cell safe from formula injection (OWASP "CSV injection").
 */

export type CsvCell = string | number | null | undefined;

/**
 * A text cell a spreadsheet will not run as a formula: text starting with = + - @, a tab or a
 * carriage return (or their full-width forms) gets a leading apostrophe.
 */
export function neutralizeCell(value: string): string {
	return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
}

/**
 * A cell as written: text is neutralized; numbers (which we format ourselves, never from what a
 * person typed) are written as they are, so spreadsheets can compute with them; null is empty.
 */
export function csvCell(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	return neutralizeCell(value);
}

/** The whole file: the header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	return stringify([header.map(csvCell), ...rows.map((row) => row.map(csvCell))], {
		bom: true,
		record_delimiter: 'windows',
		// Multi-line answers hold bare line feeds: quoted, or spreadsheets would start a new row.
		quoted_match: /[\r\n]/
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
