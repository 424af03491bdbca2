export { csvResponse } from '$lib/server/csv-response';

/** A refused download: 400 with the field and what is wrong with it. */
export function badRequest(field: string, message: string): Response {
	return new Response(`${field}: ${message}\n`, {
		status: 400,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
}
