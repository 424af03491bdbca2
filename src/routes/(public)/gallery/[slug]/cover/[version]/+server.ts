import { m } from '$lib/paraglide/messages';
import { SLUG_PATTERN } from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import {
	etagMatches,
	PUBLISHED_FILE_CACHE,
	notModified,
	PUBLIC_CACHE
} from '$lib/server/http-cache';
import { chooseVariantKey } from '$lib/server/services/files';
import { findPublishedCover } from '$lib/server/services/gallery';
import type { RequestHandler } from './$types';
import { notFound } from '$lib/server/not-found';

/**
 * A published cover, and nothing else: the file is found through the gallery entry's slug, so
 * no other stored file (decks, drafts' covers, other teams' uploads) is reachable here, and a
 * cover taken down is not served from the next request on. The version in the path is the start
 * of the file's SHA-256, so a response never changes (caches may keep it for a few minutes, see
 * PUBLISHED_FILE_CACHE); an outdated version (the cover was replaced at a re-publication) is
 * redirected to the current one.
 */
export const GET: RequestHandler = async ({ params, url, request }) => {
	if (!SLUG_PATTERN.test(params.slug) || !/^[0-9a-f]{16}$/.test(params.version)) notFound();
	const widthParameter = url.searchParams.get('w');
	let width: number | undefined;
	if (widthParameter !== null) {
		width = /^\d{1,4}$/.test(widthParameter) ? Number(widthParameter) : NaN;
		if (!(width >= 1 && width <= 4000))
			return new Response(m.gallery_error_width(), {
				status: 400,
				headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
			});
	}
	const file = await findPublishedCover(await getDb(), params.slug);
	if (!file) notFound();
	const version = file.sha256.slice(0, 16);
	if (version !== params.version) {
		const location = `/gallery/${params.slug}/cover/${version}${url.search}`;
		return new Response(null, {
			status: 307,
			headers: { location, 'cache-control': PUBLIC_CACHE }
		});
	}
	const key = chooseVariantKey(file, width);
	const variant = file.variants.find((candidate) => candidate.key === key);
	const headers = new Headers({
		'content-type': file.contentType,
		'content-disposition': `inline; filename="${params.slug}-${variant?.width ?? file.width ?? 'cover'}.webp"`,
		'cache-control': PUBLISHED_FILE_CACHE,
		etag: `"${file.sha256.slice(0, 32)}-${variant?.width ?? 0}"`,
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox",
		// Other sites may show the cover (the Showcase API hands out its URL).
		'access-control-allow-origin': '*',
		'cross-origin-resource-policy': 'cross-origin'
	});
	if (etagMatches(request.headers.get('if-none-match'), headers.get('etag') as string))
		return notModified(headers);
	const data = await getFileStore().get(key);
	if (!data) notFound();
	return new Response(Buffer.from(data), { headers });
};
