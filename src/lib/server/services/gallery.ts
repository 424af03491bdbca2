import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { now } from '../clock';
import type { Executor } from '../db';
import {
	challenges,
	files,
	galleryEntries,
	galleryFacets,
	peoplesChoiceVotes,
	type StoredFile
} from '../db/schema';
import { ServiceError } from '../errors';
import { decodeCursor, encodeCursor } from './listing';

/**
 * The public gallery. It reads only gallery_entries — the frozen copy the publication makes of
 * the shortlisted entries — so nothing unpublished (drafts, scores, emails, minors' names) can
 * reach a visitor, whatever the filters or cursors say.
 *
 * Order: gallery position (track order, then rank), keyset-paginated on (position, slug). With a
 * search, by relevance first: keyset on (relevance, position, slug), where relevance is ts_rank
 * scaled to a whole number so that a cursor compares exactly (a float would not survive the
 * round trip through JSON and back into SQL).
 */

export const GALLERY_PAGE_SIZE = 24;

export type GalleryFilters = {
	/** Track slug. */
	track?: string;
	sdg?: number;
	/** ISO 3166-1 alpha-2, upper case. */
	country?: string;
	/** Words to search for (websearch syntax; the last word also matches as a prefix). */
	q?: string;
};

type Direction = 'after' | 'before';
/** [direction, position, slug] in gallery order, or [direction, position, slug, relevance]. */
type GalleryCursor = ['a' | 'b', number, string] | ['a' | 'b', number, string, number];

const MAX_INT = 2_147_483_647;

const isGalleryCursor = (value: unknown): value is GalleryCursor =>
	Array.isArray(value) &&
	(value.length === 3 || value.length === 4) &&
	(value[0] === 'a' || value[0] === 'b') &&
	Number.isInteger(value[1]) &&
	value[1] >= -MAX_INT &&
	value[1] <= MAX_INT &&
	typeof value[2] === 'string' &&
	value[2].length <= 200 &&
	/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value[2]) &&
	(value.length === 3 || (Number.isInteger(value[3]) && value[3] >= 0 && value[3] <= MAX_INT));

/** The current challenge's gallery settings and the values its filters can take. */
export type GalleryContext = NonNullable<Awaited<ReturnType<typeof getGalleryContext>>>;

/**
 * The challenge the portal runs now (as getCurrentChallenge chooses it) with what the gallery's
 * filters offer — the tracks, goals and countries of the published entries, each with its number
 * of entries — and their total: one row of gallery_facets, written at publication, so the cost
 * does not grow with the number of published entries.
 */
export async function getGalleryContext(db: Executor) {
	const [row] = await db
		.select({
			id: challenges.id,
			slug: challenges.slug,
			title: challenges.title,
			eventName: challenges.eventName,
			timeZone: challenges.timeZone,
			peoplesChoiceEnabled: challenges.peoplesChoiceEnabled,
			votingClosesAt: challenges.votingClosesAt,
			tracks: galleryFacets.tracks,
			sdgs: galleryFacets.sdgs,
			countries: galleryFacets.countries,
			entries: galleryFacets.entries
		})
		.from(challenges)
		.leftJoin(galleryFacets, eq(galleryFacets.challengeId, challenges.id))
		.where(eq(challenges.isActive, true))
		.orderBy(desc(challenges.submissionDeadlineAt))
		.limit(1);
	if (!row) return null;
	const facets = { tracks: row.tracks ?? [], sdgs: row.sdgs ?? [], countries: row.countries ?? [] };
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		eventName: row.eventName,
		timeZone: row.timeZone,
		peoplesChoiceEnabled: row.peoplesChoiceEnabled,
		votingClosesAt: row.votingClosesAt,
		tracks: facets.tracks.map(({ slug, name }) => ({ slug, name })),
		sdgs: facets.sdgs.map(({ goal }) => goal),
		countries: facets.countries.map(({ code }) => code),
		/** Published entries per track slug, goal and country code. */
		counts: {
			tracks: Object.fromEntries(facets.tracks.map(({ slug, entries }) => [slug, entries])),
			sdgs: Object.fromEntries(facets.sdgs.map(({ goal, entries }) => [goal, entries])),
			countries: Object.fromEntries(facets.countries.map(({ code, entries }) => [code, entries]))
		},
		entries: row.entries ?? 0
	};
}

export type VotingState = 'off' | 'open' | 'closed';

/** People's choice: off, open (until voting_closes_at, if set) or closed. */
export function votingState(
	challenge: { peoplesChoiceEnabled: boolean; votingClosesAt: Date | null },
	at: Date = now()
): VotingState {
	if (!challenge.peoplesChoiceEnabled) return 'off';
	if (challenge.votingClosesAt && at.getTime() >= challenge.votingClosesAt.getTime())
		return 'closed';
	return 'open';
}

/**
 * The search as a tsquery: websearch syntax (quotes, `or`, `-word`) for everything, and the last
 * word, when it is a plain word being typed, also as a prefix ("flo" finds "flood").
 */
export function gallerySearchQuery(q: string): SQL {
	const text = q.trim();
	const { head, prefix } = splitSearchPrefix(text);
	if (!prefix) return sql`websearch_to_tsquery('simple', ${text})`;
	// The prefix is letters and digits only, so it cannot carry tsquery operators.
	const prefixQuery = sql`to_tsquery('simple', ${`${prefix}:*`})`;
	return head ? sql`(websearch_to_tsquery('simple', ${head}) && ${prefixQuery})` : prefixQuery;
}

/** "flood war" → head "flood", prefix "war"; nothing to prefix inside quotes or after a minus. */
export function splitSearchPrefix(text: string): { head: string; prefix: string | null } {
	if ((text.match(/"/g)?.length ?? 0) % 2 === 1) return { head: text, prefix: null };
	const match = /(^|\s)([\p{L}\p{N}]+)$/u.exec(text);
	if (!match || match[2].toLowerCase() === 'or') return { head: text, prefix: null };
	return { head: text.slice(0, match.index).trim(), prefix: match[2] };
}

function filterConditions(challengeId: string, filters: GalleryFilters): SQL[] {
	const g = galleryEntries;
	const conditions: SQL[] = [eq(g.challengeId, challengeId)];
	if (filters.track) conditions.push(eq(g.trackSlug, filters.track));
	if (filters.sdg) conditions.push(sql`${g.sdgs} @> array[${filters.sdg}]::smallint[]`);
	if (filters.country) conditions.push(sql`${g.countries} @> array[${filters.country}]::text[]`);
	if (filters.q?.trim())
		conditions.push(sql`${g.searchVector} @@ ${gallerySearchQuery(filters.q)}`);
	return conditions;
}

/** People's choice votes of the row's entry (only read once voting has closed). */
export const voteCount = sql<number>`(select count(*)::int from ${peoplesChoiceVotes} pcv where pcv.entry_id = "gallery_entries"."entry_id")`;

/** The gallery's columns that lists show, with the cover's content hash for its URL. */
function listColumns(relevance: SQL<number> | null, withVotes: boolean) {
	const g = galleryEntries;
	return {
		entryId: g.entryId,
		slug: g.slug,
		position: g.position,
		title: g.title,
		tagline: g.tagline,
		trackSlug: g.trackSlug,
		trackName: g.trackName,
		sdgs: g.sdgs,
		countries: g.countries,
		teamName: g.teamName,
		memberNames: g.memberNames,
		coverWidth: g.coverWidth,
		coverHeight: g.coverHeight,
		coverWidths: g.coverWidths,
		coverHash: files.sha256,
		publishedAt: g.publishedAt,
		relevance: relevance ?? sql<number>`0`,
		votes: withVotes ? voteCount : sql<number | null>`null::int`
	};
}

export type GalleryListItem = {
	entryId: string;
	slug: string;
	position: number;
	title: string;
	tagline: string;
	trackSlug: string;
	trackName: LocalizedText;
	sdgs: number[];
	countries: string[];
	teamName: string;
	memberNames: string[];
	cover: GalleryCover | null;
	publishedAt: Date;
	votes: number | null;
};

export type GalleryCover = {
	/** The first 16 hex digits of the file's SHA-256: part of the URL, so caches may keep it. */
	version: string;
	width: number | null;
	height: number | null;
	widths: number[];
};

function coverOf(row: {
	coverHash: string | null;
	coverWidth: number | null;
	coverHeight: number | null;
	coverWidths: number[];
}): GalleryCover | null {
	if (!row.coverHash) return null;
	return {
		version: row.coverHash.slice(0, 16),
		width: row.coverWidth,
		height: row.coverHeight,
		widths: [...row.coverWidths].sort((a, b) => a - b)
	};
}

export type GalleryPage = {
	items: GalleryListItem[];
	/** Cursors of the neighbouring pages (none at either end). */
	next: string | null;
	previous: string | null;
	/** Entries matching the filters, on all pages. */
	total: number;
};

/**
 * One page of the gallery with its filters, in a constant number of queries (the page and the
 * count). A cursor that is not one of ours, or that belongs to the other ordering (with or without
 * a search), is a 400 on `cursor`.
 */
export async function listGallery(
	db: Executor,
	challengeId: string,
	options: {
		filters: GalleryFilters;
		cursor?: string;
		pageSize?: number;
		/** Count people's choice votes (only once voting has closed). */
		withVotes?: boolean;
		/** Skip the count (the API does not report it). */
		withTotal?: boolean;
		/** The number of published entries, when known (getGalleryContext counts them). */
		unfilteredTotal?: number;
	}
): Promise<GalleryPage> {
	const pageSize = options.pageSize ?? GALLERY_PAGE_SIZE;
	const searching = Boolean(options.filters.q?.trim());
	let cursor: GalleryCursor | null = null;
	if (options.cursor) {
		cursor = decodeCursor(options.cursor, isGalleryCursor);
		if (!cursor || (cursor.length === 4) !== searching)
			throw new ServiceError(400, m.gallery_error_cursor(), 'cursor');
	}
	const g = galleryEntries;
	const relevance = searching
		? sql<number>`round(ts_rank(${g.searchVector}, ${gallerySearchQuery(options.filters.q ?? '')}) * 1000000)::int`
		: null;
	const conditions = filterConditions(challengeId, options.filters);
	const direction: Direction = cursor?.[0] === 'b' ? 'before' : 'after';

	const fetchPage = async (from: GalleryCursor | null, towards: Direction) => {
		const where = [...conditions];
		if (from) {
			const comparison = towards === 'after' ? sql`>` : sql`<`;
			where.push(
				relevance
					? sql`(-${relevance}, ${g.position}, ${g.slug}) ${comparison} (${-(from[3] ?? 0)}::int, ${from[1]}::int, ${from[2]})`
					: sql`(${g.position}, ${g.slug}) ${comparison} (${from[1]}::int, ${from[2]})`
			);
		}
		const ascending = towards === 'after';
		const order = [
			...(relevance ? [ascending ? sql`${relevance} desc` : sql`${relevance} asc`] : []),
			ascending ? sql`${g.position} asc` : sql`${g.position} desc`,
			ascending ? sql`${g.slug} asc` : sql`${g.slug} desc`
		];
		const rows = await db
			.select(listColumns(relevance, options.withVotes ?? false))
			.from(g)
			.leftJoin(files, eq(files.id, g.coverFileId))
			.where(and(...where))
			.orderBy(...order)
			.limit(pageSize + 1);
		return ascending ? rows : rows.reverse();
	};

	let rows = await fetchPage(cursor, direction);
	let hasNext: boolean;
	let hasPrevious: boolean;
	if (direction === 'after') {
		hasNext = rows.length > pageSize;
		rows = rows.slice(0, pageSize);
		hasPrevious = cursor !== null;
	} else {
		hasPrevious = rows.length > pageSize;
		if (!hasPrevious) {
			// Back at the start: show the first page as it is, whole.
			rows = await fetchPage(null, 'after');
			hasNext = rows.length > pageSize;
			rows = rows.slice(0, pageSize);
		} else {
			rows = rows.slice(rows.length - pageSize);
			hasNext = true;
		}
	}

	const cursorOf = (row: (typeof rows)[number], towards: 'a' | 'b'): string =>
		encodeCursor(
			relevance
				? [towards, row.position, row.slug, Number(row.relevance)]
				: [towards, row.position, row.slug]
		);
	const first = rows[0];
	const last = rows[rows.length - 1];

	const unfiltered = !options.filters.track && !options.filters.sdg && !options.filters.country;
	let total = 0;
	if (unfiltered && !searching && options.unfilteredTotal !== undefined) {
		total = options.unfilteredTotal;
	} else if (options.withTotal ?? true) {
		const [counted] = await db
			.select({ total: sql<number>`count(*)::int` })
			.from(g)
			.where(and(...conditions));
		total = Number(counted?.total ?? 0);
	}

	return {
		items: rows.map((row) => ({
			entryId: row.entryId,
			slug: row.slug,
			position: row.position,
			title: row.title,
			tagline: row.tagline,
			trackSlug: row.trackSlug,
			trackName: row.trackName,
			sdgs: row.sdgs.map(Number),
			countries: row.countries,
			teamName: row.teamName,
			memberNames: row.memberNames,
			cover: coverOf(row),
			publishedAt: row.publishedAt,
			votes: row.votes === null ? null : Number(row.votes)
		})),
		next: hasNext && last ? cursorOf(last, 'a') : null,
		previous: hasPrevious && first ? cursorOf(first, 'b') : null,
		total
	};
}

/** An entry's whole public story, with its challenge's people's choice settings; or null. */
export async function getGalleryEntry(db: Executor, slug: string) {
	const g = galleryEntries;
	const { searchVector: _searchVector, ...columns } = getTableColumns(g);
	const [row] = await db
		.select({
			entry: columns,
			coverHash: files.sha256,
			challengeSlug: challenges.slug,
			peoplesChoiceEnabled: challenges.peoplesChoiceEnabled,
			votingClosesAt: challenges.votingClosesAt,
			timeZone: challenges.timeZone,
			votes: voteCount
		})
		.from(g)
		.innerJoin(challenges, eq(challenges.id, g.challengeId))
		.leftJoin(files, eq(files.id, g.coverFileId))
		.where(eq(g.slug, slug))
		.limit(1);
	if (!row) return null;
	const entry = row.entry;
	const state = votingState(row);
	return {
		...entry,
		sdgs: entry.sdgs.map(Number),
		cover: coverOf({ ...entry, coverHash: row.coverHash }),
		challengeSlug: row.challengeSlug,
		timeZone: row.timeZone,
		voting: {
			state,
			closesAt: row.votingClosesAt,
			// Counts stay hidden while people can still vote.
			votes: state === 'closed' ? Number(row.votes) : null
		}
	};
}
export type GalleryEntryView = NonNullable<Awaited<ReturnType<typeof getGalleryEntry>>>;

/**
 * The stored file behind a published cover, found through the gallery only: a file that no
 * gallery entry names as its cover is never served, whatever its id.
 */
export async function findPublishedCover(db: Executor, slug: string): Promise<StoredFile | null> {
	const [row] = await db
		.select({ file: files })
		.from(galleryEntries)
		.innerJoin(files, eq(files.id, galleryEntries.coverFileId))
		.where(and(eq(galleryEntries.slug, slug), eq(files.kind, 'cover')))
		.limit(1);
	return row?.file ?? null;
}

/** Path of a cover at a width; the version (content hash) lets caches keep it for good. */
export function coverPath(slug: string, cover: GalleryCover, width?: number): string {
	const base = `/gallery/${slug}/cover/${cover.version}`;
	return width ? `${base}?w=${width}` : base;
}

/** `srcset` of a cover from its resized variants. */
export function coverSrcset(slug: string, cover: GalleryCover): string | undefined {
	if (cover.widths.length === 0) return undefined;
	return cover.widths.map((width) => `${coverPath(slug, cover, width)} ${width}w`).join(', ');
}

/** The variant width closest to what a slot needs (the largest when all are smaller). */
export function coverWidthFor(cover: GalleryCover, wanted: number): number | undefined {
	if (cover.widths.length === 0) return undefined;
	return cover.widths.find((width) => width >= wanted) ?? cover.widths[cover.widths.length - 1];
}

/** The title of a published entry (to name it in a message), or null. */
export async function getGalleryTitle(db: Executor, slug: string): Promise<string | null> {
	const [row] = await db
		.select({ title: galleryEntries.title })
		.from(galleryEntries)
		.where(eq(galleryEntries.slug, slug))
		.limit(1);
	return row?.title ?? null;
}

/** A stored link as a web address to show, or null for anything but http(s). */
export function publicWebLink(value: string): string | null {
	if (!value) return null;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}
