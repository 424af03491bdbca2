import { error } from '@sveltejs/kit';
import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { galleryQuerySchema, parseQuery } from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { isServiceError } from '$lib/server/errors';
import { setPageCache } from '$lib/server/http-cache';
import { getGalleryContext, listGallery, votingState } from '$lib/server/services/gallery';
import { galleryCard } from './cards.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	setPageCache(event);
	const db = await getDb();
	const locale = getLocale();
	const context = await getGalleryContext(db);
	if (!context) return { gallery: null };

	// Everything is in the query string, so a shared link shows the same page.
	const parsed = parseQuery(galleryQuerySchema, event.url.searchParams);
	if (!parsed.ok) error(400, { message: parsed.message });
	const { track, sdg, country, q, cursor } = parsed.data;
	if (track && !context.tracks.some((option) => option.slug === track))
		error(400, { message: m.gallery_error_track() });

	const filters = { track, sdg, country, q };
	let page;
	try {
		page = await listGallery(db, context.id, {
			filters,
			cursor,
			withVotes: votingState(context) === 'closed',
			unfilteredTotal: context.entries
		});
	} catch (caught) {
		if (isServiceError(caught)) error(caught.status, { message: caught.message });
		throw caught;
	}

	const filterParams = Object.fromEntries(
		Object.entries({ track, sdg: sdg ? String(sdg) : '', country, q }).filter(
			(pair): pair is [string, string] => Boolean(pair[1])
		)
	);
	const href = (extra: Record<string, string> = {}) => {
		const search = new URLSearchParams({ ...filterParams, ...extra }).toString();
		return search ? `/gallery?${search}` : '/gallery';
	};
	// A value picked in a shared link stays selectable even if no entry has it any more.
	const sdgs = [...new Set([...context.sdgs, ...(sdg ? [sdg] : [])])].sort((a, b) => a - b);
	const countries = [...new Set([...context.countries, ...(country ? [country] : [])])]
		.map((code) => ({ code, name: countryName(code, locale) }))
		.sort((a, b) => a.name.localeCompare(b.name, locale));

	return {
		gallery: {
			challenge: localize(context.title, locale),
			published: context.entries > 0,
			tracks: context.tracks.map((option) => ({
				slug: option.slug,
				name: localize(option.name, locale)
			})),
			sdgs,
			countries,
			filters: { track: track ?? '', sdg: sdg ? String(sdg) : '', country: country ?? '', q },
			filtered: Object.keys(filterParams).length > 0,
			searching: q !== '',
			total: page.total,
			cards: page.items.map((item) => galleryCard(item, locale)),
			nextHref: page.next ? href({ cursor: page.next }) : null,
			previousHref: page.previous ? href({ cursor: page.previous }) : null,
			firstHref: cursor ? href() : null
		}
	};
}) satisfies PageServerLoad;
