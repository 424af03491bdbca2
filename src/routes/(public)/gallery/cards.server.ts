import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import {
	coverPath,
	coverSrcset,
	coverWidthFor,
	type GalleryCover,
	type GalleryListItem
} from '$lib/server/services/gallery';

/** What the gallery's cards and the symposium's slides show of an entry, in the UI language. */
export type GalleryCard = ReturnType<typeof galleryCard>;

/** An <img>'s attributes for a cover: the variant nearest `slotWidth`, srcset, intrinsic size. */
export function coverImage(slug: string, cover: GalleryCover | null, slotWidth: number) {
	if (!cover) return null;
	const width = cover.width ?? 1600;
	const height = cover.height ?? Math.round((width * 9) / 16);
	return {
		src: coverPath(slug, cover, coverWidthFor(cover, slotWidth)),
		srcset: coverSrcset(slug, cover),
		width,
		height
	};
}

export function galleryCard(item: GalleryListItem, locale: string, slotWidth = 720) {
	return {
		slug: item.slug,
		href: `/gallery/${item.slug}`,
		title: item.title,
		tagline: item.tagline,
		teamName: item.teamName,
		trackSlug: item.trackSlug,
		track: localize(item.trackName, locale),
		sdgs: item.sdgs,
		countries: item.countries.map((code) => ({ code, name: countryName(code, locale) })),
		cover: coverImage(item.slug, item.cover, slotWidth),
		votes: item.votes
	};
}
