/** A CSV download as every export sends it (the file itself comes from $lib/domain/csv's toCsv). */
export type CsvFile = { csv: string; filename: string };

/** A CSV download (never cached, never sniffed as something else). */
export function csvResponse(file: CsvFile): Response {
	return new Response(file.csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
