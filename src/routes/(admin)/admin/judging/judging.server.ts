import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParamSchema } from '$lib/schemas/judging';

/** Who acts, for the services' audit records. */
export function actorOf(event: Pick<RequestEvent, 'getClientAddress'>, userId: string) {
	return { actorId: userId, ipAddress: event.getClientAddress() };
}

/** The [id] of the URL as a uuid; anything else is a page that does not exist. */
export function idParam(value: string | undefined): string {
	const parsed = idParamSchema.safeParse(value);
	if (!parsed.success) error(404, { message: m.error_404_title() });
	return parsed.data;
}

export { notFound } from '$lib/server/not-found';
