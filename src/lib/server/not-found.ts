import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

/**
 * The one "not found" of the routes: a 404 page that says the same for a thing that does not
 * exist and one the person may not see, so an id never tells which.
 */
export function notFound(): never {
	error(404, { message: m.error_404_title() });
}
