import { m } from '$lib/paraglide/messages';

/**
 * Errors a service raises on purpose. Routes turn them into a form failure (or an error page):
 * the status, and the message placed on the named field.
 */
export class ServiceError extends Error {
	override name = 'ServiceError';
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
		message: string,
		readonly field?: string,
		readonly retryAfterSeconds?: number
	) {
		super(message);
	}

	/**
	 * The one "not found" of the services: the same for a thing that does not exist and one the
	 * person may not see, so an id never tells which.
	 */
	static notFound(field?: string): ServiceError {
		return new ServiceError(404, m.error_404_title(), field);
	}
}

export function isServiceError(error: unknown): error is ServiceError {
	return error instanceof ServiceError;
}
