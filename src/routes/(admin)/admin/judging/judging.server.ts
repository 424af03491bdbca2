import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParamSchema } from '$lib/schemas/judging';

/** The [id] of the URL as a uuid; anything else is a page that does not exist. */
export function idParam(value: string | undefined): string {
	const parsed = idParamSchema.safeParse(value);
	if (!parsed.success) error(404, { message: m.error_404_title() });
	return parsed.data;
}

export { notFound } from '$lib/server/not-found';
