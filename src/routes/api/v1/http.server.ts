import { localize } from '$lib/domain/localized-text';
import type { ShowcaseError, ShowcaseItem } from '$lib/schemas/showcase';
import { bodyEtag, etagMatches, notModified, PUBLIC_CACHE } from '$lib/server/http-cache';
import {
	coverPath,
	coverWidthFor,
	type GalleryCover,
	type GalleryListItem
} from '$lib/server/services/gallery';

/**
 * The Showcase API's HTTP conventions: read-only, public, callable from any site (CORS without
 * credentials), cacheable with an ETag, and errors as JSON naming the parameter at fault.
 */

const CORS = {
	'access-control-allow-origin': '*',
	// Scripts on other sites may read the validator to revalidate.
	'access-control-expose-headers': 'ETag'
};

/** The answer to a CORS preflight: GET only, with the one request header revalidation needs. */
export function preflight(): Response {
	return new Response(null, {
		status: 204,
		headers: {
			...CORS,
			'access-control-allow-methods': 'GET, OPTIONS',
			'access-control-allow-headers': 'If-None-Match',
			'access-control-max-age': '86400',
			allow: 'GET, OPTIONS'
		}
	});
}

/** A JSON answer; a 200 is cacheable and answered with 304 when If-None-Match matches. */
export function apiJson(request: Request, body: unknown, status = 200): Response {
	const text = JSON.stringify(body);
	const headers = new Headers({
		...CORS,
		'content-type': 'application/json; charset=utf-8',
		'cache-control': status === 200 ? PUBLIC_CACHE : 'no-store',
		vary: 'Accept-Language'
	});
	if (status === 200) {
		headers.set('etag', bodyEtag(text, false));
		if (etagMatches(request.headers.get('if-none-match'), headers.get('etag') as string))
			return notModified(headers);
	}
	return new Response(text, { status, headers });
}

export function apiError(
	request: Request,
	status: 400 | 404,
	message: string,
	parameter?: string
): Response {
	const body: ShowcaseError = {
		error: {
			status,
			code: status === 404 ? 'not_found' : 'invalid_parameter',
			...(parameter ? { parameter } : {}),
			message
		}
	};
	return apiJson(request, body, status);
}

export function coverUrl(origin: string, slug: string, cover: GalleryCover | null): string | null {
	return cover ? `${origin}${coverPath(slug, cover, coverWidthFor(cover, 960))}` : null;
}

/** A gallery row as the API lists it. */
export function showcaseItem(item: GalleryListItem, origin: string, lang: string): ShowcaseItem {
	return {
		slug: item.slug,
		title: item.title,
		tagline: item.tagline,
		track: { slug: item.trackSlug, name: localize(item.trackName, lang) },
		sdgs: item.sdgs,
		countries: item.countries,
		teamName: item.teamName,
		members: item.memberNames,
		coverUrl: coverUrl(origin, item.slug, item.cover),
		url: `${origin}/gallery/${item.slug}`,
		votes: item.votes,
		publishedAt: item.publishedAt.toISOString()
	};
}
