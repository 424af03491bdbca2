import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import {
	parseQuery,
	showcaseEntryQuerySchema,
	showcaseEntrySchema,
	SLUG_PATTERN
} from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { getGalleryEntry, publicWebLink } from '$lib/server/services/gallery';
import { publicOrigin } from '$lib/server/request';
import { apiError, apiJson, coverUrl, preflight } from '../../http.server';
import type { RequestHandler } from './$types';

/** GET /api/v1/showcase/{slug}: a shortlisted entry's whole public story. */
export const GET: RequestHandler = async ({ params, url, request }) => {
	const parsed = parseQuery(showcaseEntryQuerySchema, url.searchParams);
	if (!parsed.ok) return apiError(request, 400, parsed.message, parsed.parameter);
	const notFound = () => apiError(request, 404, m.showcase_error_not_found());
	if (!SLUG_PATTERN.test(params.slug) || params.slug.length > 200) return notFound();
	const entry = await getGalleryEntry(await getDb(), params.slug);
	if (!entry) return notFound();
	const origin = publicOrigin(url);
	const body = showcaseEntrySchema.parse({
		slug: entry.slug,
		title: entry.title,
		tagline: entry.tagline,
		track: { slug: entry.trackSlug, name: localize(entry.trackName, parsed.data.lang) },
		sdgs: entry.sdgs,
		countries: entry.countries,
		teamName: entry.teamName,
		members: entry.memberNames,
		coverUrl: coverUrl(origin, entry.slug, entry.cover),
		url: `${origin}/gallery/${entry.slug}`,
		votes: entry.voting.votes,
		publishedAt: entry.publishedAt.toISOString(),
		problem: entry.problem,
		solution: entry.solution,
		aiApproach: entry.aiApproach,
		responsibleAi: {
			privacy: entry.responsibleAi.privacy,
			fairness: entry.responsibleAi.fairness,
			oversight: entry.responsibleAi.oversight,
			accessibility: entry.responsibleAi.accessibility
		},
		impact: entry.impact,
		videoUrl: publicWebLink(entry.videoUrl),
		prototypeUrl: publicWebLink(entry.prototypeUrl),
		repositoryUrl: publicWebLink(entry.repositoryUrl),
		coverWidth: entry.cover ? entry.coverWidth : null,
		coverHeight: entry.cover ? entry.coverHeight : null
	});
	return apiJson(request, body);
};

export const OPTIONS: RequestHandler = () => preflight();
