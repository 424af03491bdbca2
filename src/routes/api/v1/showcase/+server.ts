import { m } from '$lib/paraglide/messages';
import {
	parseQuery,
	showcaseApiQuerySchema,
	showcaseListSchema,
	type ShowcaseList
} from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { isServiceError } from '$lib/server/errors';
import { getGalleryContext, listGallery, votingState } from '$lib/server/services/gallery';
import { publicOrigin } from '$lib/server/request';
import { apiError, apiJson, preflight, showcaseItem } from '../http.server';
import type { RequestHandler } from './$types';

/** GET /api/v1/showcase: the current challenge's public gallery, one page at a time. */
export const GET: RequestHandler = async ({ url, request }) => {
	const parsed = parseQuery(showcaseApiQuerySchema, url.searchParams);
	if (!parsed.ok) return apiError(request, 400, parsed.message, parsed.parameter);
	const { track, sdg, country, q, cursor, limit, lang } = parsed.data;
	const db = await getDb();
	const context = await getGalleryContext(db);
	if (!context) return apiJson(request, { items: [], nextCursor: null } satisfies ShowcaseList);
	if (track && !context.tracks.some((option) => option.slug === track))
		return apiError(request, 400, m.gallery_error_track(), 'track');
	let page;
	try {
		page = await listGallery(db, context.id, {
			filters: { track, sdg, country, q },
			cursor,
			pageSize: limit,
			withVotes: votingState(context) === 'closed',
			withTotal: false
		});
	} catch (caught) {
		if (isServiceError(caught) && caught.status === 400)
			return apiError(request, 400, caught.message, caught.field);
		throw caught;
	}
	const origin = publicOrigin(url);
	// The schema checks what goes out: a shape the documentation does not promise is a bug.
	const body = showcaseListSchema.parse({
		items: page.items.map((item) => showcaseItem(item, origin, lang)),
		nextCursor: page.next
	});
	return apiJson(request, body);
};

export const OPTIONS: RequestHandler = () => preflight();
