import type { CsvFile } from '$lib/server/services/results-export';

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

/** A refused download: 400 with the field and what is wrong with it. */
export function badRequest(field: string, message: string): Response {
	return new Response(`${field}: ${message}\n`, {
		status: 400,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
}
