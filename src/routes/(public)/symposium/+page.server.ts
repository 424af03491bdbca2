import { error } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { parseQuery, symposiumQuerySchema } from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { setPageCache } from '$lib/server/http-cache';
import { qrCode } from '$lib/server/qr';
import {
	coverPath,
	coverWidthFor,
	getGalleryContext,
	listGallery
} from '$lib/server/services/gallery';
import { publicOrigin } from '$lib/server/request';
import { galleryCard } from '../gallery/cards.server';
import type { PageServerLoad } from './$types';

/** Slides in one page: the whole deck is loaded once, so it keeps working offline. */
const MAX_SLIDES = 60;
const AUTO_CHOICES = [10, 20, 30, 60] as const;

export const load = (async (event) => {
	setPageCache(event);
	const parsed = parseQuery(symposiumQuerySchema, event.url.searchParams);
	if (!parsed.ok) error(400, { message: parsed.message });
	const { track, auto } = parsed.data;
	const db = await getDb();
	const locale = getLocale();
	const context = await getGalleryContext(db);
	if (!context) return { symposium: null };
	if (track && !context.tracks.some((option) => option.slug === track))
		error(400, { message: m.gallery_error_track() });

	const page = await listGallery(db, context.id, {
		filters: { track },
		pageSize: MAX_SLIDES
	});
	const origin = publicOrigin(event.url);
	return {
		symposium: {
			event: localize(context.eventName, locale),
			challenge: localize(context.title, locale),
			tracks: context.tracks.map((option) => ({
				slug: option.slug,
				name: localize(option.name, locale)
			})),
			track: track ?? '',
			auto: auto ?? null,
			autoChoices: [...new Set([...AUTO_CHOICES, ...(auto ? [auto] : [])])].sort((a, b) => a - b),
			total: page.total,
			slides: page.items.map((item) => {
				const card = galleryCard(item, locale);
				const url = `${origin}/gallery/${item.slug}`;
				// One size for the projector, no srcset: going full screen must not fetch another.
				const width = item.cover ? coverWidthFor(item.cover, 1600) : undefined;
				return {
					...card,
					cover:
						card.cover && item.cover
							? { ...card.cover, src: coverPath(item.slug, item.cover, width), srcset: undefined }
							: null,
					url,
					displayUrl: url.replace(/^https?:\/\//, ''),
					qr: qrCode(url)
				};
			})
		}
	};
}) satisfies PageServerLoad;
