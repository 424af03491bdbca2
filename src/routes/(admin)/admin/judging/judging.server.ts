import { idParamSchema } from '$lib/schemas/judging';
import { notFound } from '$lib/server/not-found';

/** The [id] of the URL as a uuid; anything else is a page that does not exist. */
export function idParam(value: string | undefined): string {
	const parsed = idParamSchema.safeParse(value);
	if (!parsed.success) notFound();
	return parsed.data;
}

export { notFound };
