import { and, asc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { slugify, uniqueSlug } from '$lib/domain/slug';
import { readVersionContent } from '$lib/domain/entry-version';
import { m } from '$lib/paraglide/messages';
import { rowsOf, type Executor, type Transaction } from '../../db';
import {
	entries,
	entryVersions,
	files,
	galleryEntries,
	peoplesChoiceVotes,
	roundEntries,
	teamMembers,
	tracks,
	users,
	type Entry,
	type GalleryEntry
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { peopleByAge, redactPublicTexts, slugNames } from '../gallery-privacy';
import { type CurrentDecision } from './overview';
import { refreshGalleryFacets } from './facets';

// The gallery copy

type ResponsibleAi = GalleryEntry['responsibleAi'];

/** The submitted answers the gallery shows, read from a version's content or the entry row. */
type PublicContent = {
	title: string;
	tagline: string;
	trackId: string | null;
	sdgs: number[];
	countries: string[];
	problem: string;
	solution: string;
	aiApproach: string;
	responsibleAi: ResponsibleAi;
	impact: string;
	videoUrl: string;
	prototypeUrl: string;
	repositoryUrl: string;
	coverFileId: string | null;
};

export function publicContent(content: Record<string, unknown>): PublicContent {
	const version = readVersionContent(content);
	return {
		title: version.title,
		tagline: version.tagline,
		trackId: version.trackId,
		sdgs: version.sdgs,
		countries: version.countries,
		problem: version.problem,
		solution: version.solution,
		aiApproach: version.aiApproach,
		responsibleAi: {
			privacy: version.privacy,
			fairness: version.fairness,
			oversight: version.oversight,
			accessibility: version.accessibility
		},
		impact: version.impact,
		videoUrl: version.videoUrl,
		prototypeUrl: version.prototypeUrl,
		repositoryUrl: version.repositoryUrl,
		coverFileId: version.coverFileId
	};
}

export const entryContent = (entry: Entry): Record<string, unknown> => ({ ...entry });

/** The columns a gallery row is made of (everything but the keys, slug and times). */
type GalleryValues = Omit<
	typeof galleryEntries.$inferInsert,
	'entryId' | 'slug' | 'publishedAt' | 'updatedAt' | 'searchVector'
>;

const COMPARED: (keyof GalleryValues)[] = [
	'position',
	'title',
	'tagline',
	'trackId',
	'trackSlug',
	'trackName',
	'sdgs',
	'countries',
	'problem',
	'solution',
	'aiApproach',
	'responsibleAi',
	'impact',
	'videoUrl',
	'prototypeUrl',
	'repositoryUrl',
	'teamName',
	'memberNames',
	'coverFileId',
	'coverWidth',
	'coverHeight',
	'coverWidths'
];

const sameValue = (a: unknown, b: unknown) =>
	JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

type Shortlisted = CurrentDecision & { rank: number | null };

/**
 * The submitted version of each decided entry that the public copy is written from: the one the
 * judges of the deciding round read (frozen when that round opened), so the gallery shows what
 * was judged; the newest version for an entry whose round recorded none (data older than that).
 */
export async function judgedVersions(
	db: Executor,
	decided: Pick<CurrentDecision, 'entryId' | 'roundId'>[]
): Promise<Map<string, Record<string, unknown>>> {
	if (decided.length === 0) return new Map();
	const pairs = sql.join(
		decided.map((row) => sql`(${row.roundId}::uuid, ${row.entryId}::uuid)`),
		sql`, `
	);
	const rows = rowsOf<{ entryId: string; content: Record<string, unknown> }>(
		await db.execute(sql`
			select distinct on (d.entry_id) d.entry_id as "entryId", v.content
			from (values ${pairs}) as d (round_id, entry_id)
			left join ${roundEntries} re on re.round_id = d.round_id and re.entry_id = d.entry_id
			join ${entryVersions} v on v.entry_id = d.entry_id
				and (re.version_number is null or v.number = re.version_number)
			order by d.entry_id, v.number desc`)
	);
	return new Map(rows.map((row) => [row.entryId, row.content]));
}

/**
 * Replaces the challenge's gallery with the shortlisted entries, row by row: rows of entries
 * no longer shortlisted are deleted, rows whose content changed are updated in place (keeping
 * their slug, their first publication time and the people's choice votes that point at them),
 * new ones are inserted with a fresh slug; then the gallery's facets are rewritten from the rows.
 * Seven queries for any number of entries.
 */
export async function replaceGallery(
	...args: Parameters<typeof writeGallery>
): Promise<GalleryChanges> {
	const [tx, challengeId] = args;
	const changes = await writeGallery(...args);
	await refreshGalleryFacets(tx, challengeId);
	return changes;
}

type GalleryChanges = { added: number; updated: number; removed: number; unchanged: number };

async function writeGallery(
	tx: Transaction,
	challengeId: string,
	publicationId: string,
	shortlisted: Shortlisted[],
	at: Date,
	adultOn: Date
): Promise<GalleryChanges> {
	const ids = shortlisted.map((row) => row.entryId);
	const removed = await tx
		.delete(galleryEntries)
		.where(
			and(
				eq(galleryEntries.challengeId, challengeId),
				ids.length > 0 ? notInArray(galleryEntries.entryId, ids) : undefined
			)
		)
		.returning({ entryId: galleryEntries.entryId });
	if (ids.length === 0) return { added: 0, updated: 0, removed: removed.length, unchanged: 0 };

	const [versionOf, entryRows, trackRows, existing] = await Promise.all([
		judgedVersions(tx, shortlisted),
		tx.select().from(entries).where(inArray(entries.id, ids)),
		tx.select().from(tracks).where(eq(tracks.challengeId, challengeId)),
		tx.select().from(galleryEntries).where(inArray(galleryEntries.entryId, ids))
	]);
	const entryOf = new Map(entryRows.map((row) => [row.id, row]));
	const trackOf = new Map(trackRows.map((row) => [row.id, row]));
	const existingOf = new Map(existing.map((row) => [row.entryId, row]));

	const contents = shortlistedContents(shortlisted, versionOf, entryOf, trackOf);
	const { coverOf, peopleOf } = await coversAndPeople(tx, shortlisted, contents, adultOn);
	const values = galleryValues(
		galleryOrder(shortlisted, contents, trackOf),
		{ challengeId, publicationId },
		{ contents, trackOf, coverOf, peopleOf }
	);

	const changed = values.filter((value) => {
		const old = existingOf.get(value.entryId);
		return !old || COMPARED.some((key) => !sameValue(old[key], value[key]));
	});
	await dropVotesOfMovedEntries(tx, changed, existingOf);
	const { renamed, fresh, slugs } = await gallerySlugs(
		tx,
		shortlisted,
		changed,
		existingOf,
		peopleOf
	);
	await upsertGalleryRows(tx, changed, existingOf, renamed, slugs, at);
	// Unchanged rows now belong to this publication too (their content and times stay).
	await tx
		.update(galleryEntries)
		.set({ publicationId })
		.where(
			and(
				eq(galleryEntries.challengeId, challengeId),
				ne(galleryEntries.publicationId, publicationId)
			)
		);
	const added = fresh.length - renamed.size;
	return {
		added,
		updated: changed.length - added,
		removed: removed.length,
		unchanged: values.length - changed.length
	};
}

type Track = typeof tracks.$inferSelect;
type Cover = Pick<typeof files.$inferSelect, 'id' | 'width' | 'height' | 'variants'>;
type TeamPeople = ReturnType<typeof peopleByAge>;
type GalleryValue = GalleryValues & { entryId: string };

/** The public answers of each shortlisted entry; every one must land in a track that exists. */
function shortlistedContents(
	shortlisted: Shortlisted[],
	versionOf: Map<string, Record<string, unknown>>,
	entryOf: Map<string, Entry>,
	trackOf: Map<string, Track>
): Map<string, PublicContent> {
	const contents = new Map<string, PublicContent>();
	for (const row of shortlisted) {
		const entry = entryOf.get(row.entryId);
		const content = publicContent(versionOf.get(row.entryId) ?? (entry ? entryContent(entry) : {}));
		// A track removed since submission: the entry's current track, if any.
		if (!content.trackId || !trackOf.has(content.trackId))
			content.trackId = entry?.trackId && trackOf.has(entry.trackId) ? entry.trackId : null;
		if (!content.trackId)
			throw new ServiceError(409, m.results_error_no_track({ label: row.label }), 'confirm');
		contents.set(row.entryId, content);
	}
	return contents;
}

async function coversAndPeople(
	tx: Transaction,
	shortlisted: Shortlisted[],
	contents: Map<string, PublicContent>,
	adultOn: Date
): Promise<{ coverOf: Map<string, Cover>; peopleOf: Map<string, TeamPeople> }> {
	const coverIds = [...contents.values()]
		.map((content) => content.coverFileId)
		.filter((id): id is string => id !== null);
	const teamIds = [...new Set(shortlisted.map((row) => row.teamId))];
	const [coverRows, memberRows] = await Promise.all([
		coverIds.length > 0
			? tx
					.select({
						id: files.id,
						width: files.width,
						height: files.height,
						variants: files.variants
					})
					.from(files)
					.where(inArray(files.id, coverIds))
			: Promise.resolve([]),
		tx
			.select({
				teamId: teamMembers.teamId,
				name: users.name,
				dateOfBirth: users.dateOfBirth
			})
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.where(inArray(teamMembers.teamId, teamIds))
			.orderBy(sql`${teamMembers.role} = 'lead' desc`, sql`lower(${users.name})`, asc(users.id))
	]);
	const coverOf = new Map(coverRows.map((row) => [row.id, row]));
	// Adults are named; a minor's name is taken out of every text of the public copy too.
	const peopleOf = new Map(
		teamIds.map((teamId) => [
			teamId,
			peopleByAge(
				memberRows.filter((member) => member.teamId === teamId),
				adultOn
			)
		])
	);
	return { coverOf, peopleOf };
}

/** Gallery order: tracks in their order, then rank within the track, then label. */
function galleryOrder(
	shortlisted: Shortlisted[],
	contents: Map<string, PublicContent>,
	trackOf: Map<string, Track>
): Shortlisted[] {
	return [...shortlisted].sort((a, b) => {
		const trackA = trackOf.get(contents.get(a.entryId)!.trackId!)!;
		const trackB = trackOf.get(contents.get(b.entryId)!.trackId!)!;
		return (
			trackA.position - trackB.position ||
			trackA.slug.localeCompare(trackB.slug) ||
			(a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
			a.label - b.label ||
			a.entryId.localeCompare(b.entryId)
		);
	});
}

function galleryValues(
	ordered: Shortlisted[],
	{ challengeId, publicationId }: { challengeId: string; publicationId: string },
	{
		contents,
		trackOf,
		coverOf,
		peopleOf
	}: {
		contents: Map<string, PublicContent>;
		trackOf: Map<string, Track>;
		coverOf: Map<string, Cover>;
		peopleOf: Map<string, TeamPeople>;
	}
): GalleryValue[] {
	return ordered.map((row, index) => {
		const { texts: content } = redactPublicTexts(
			{ ...contents.get(row.entryId)!, teamName: row.teamName },
			peopleOf.get(row.teamId)?.matcher ?? null
		);
		const track = trackOf.get(content.trackId!)!;
		const cover = content.coverFileId ? coverOf.get(content.coverFileId) : undefined;
		return {
			entryId: row.entryId,
			challengeId,
			publicationId,
			position: index + 1,
			title: content.title,
			tagline: content.tagline,
			trackId: track.id,
			trackSlug: track.slug,
			trackName: track.name,
			sdgs: content.sdgs,
			countries: content.countries,
			problem: content.problem,
			solution: content.solution,
			aiApproach: content.aiApproach,
			responsibleAi: content.responsibleAi,
			impact: content.impact,
			videoUrl: content.videoUrl,
			prototypeUrl: content.prototypeUrl,
			repositoryUrl: content.repositoryUrl,
			teamName: content.teamName,
			memberNames: peopleOf.get(row.teamId)?.adults ?? [],
			coverFileId: cover?.id ?? null,
			coverWidth: cover?.width ?? null,
			coverHeight: cover?.height ?? null,
			coverWidths: cover
				? [...new Set(cover.variants.map((variant) => variant.width))].sort((x, y) => x - y)
				: []
		};
	});
}

/**
 * A vote is for an entry in a track: an entry now in another track loses the old track's votes
 * (its gallery row's key changes, which the votes' foreign key would refuse).
 */
async function dropVotesOfMovedEntries(
	tx: Transaction,
	changed: GalleryValue[],
	existingOf: Map<string, GalleryEntry>
): Promise<void> {
	const moving = changed.filter((value) => {
		const old = existingOf.get(value.entryId);
		return old && old.trackId !== value.trackId;
	});
	for (const value of moving)
		await tx
			.delete(peoplesChoiceVotes)
			.where(
				and(
					eq(peoplesChoiceVotes.entryId, value.entryId),
					eq(peoplesChoiceVotes.trackId, existingOf.get(value.entryId)!.trackId)
				)
			);
}

/**
 * Slugs: kept when the entry had one, unless it names a minor (one given before their names
 * were redacted from titles); new ones unique across every challenge's gallery.
 */
async function gallerySlugs(
	tx: Transaction,
	shortlisted: Shortlisted[],
	changed: GalleryValue[],
	existingOf: Map<string, GalleryEntry>,
	peopleOf: Map<string, TeamPeople>
): Promise<{ renamed: Set<string>; fresh: GalleryValue[]; slugs: Map<string, string> }> {
	const teamOf = new Map(shortlisted.map((row) => [row.entryId, row.teamId]));
	const renamed = new Set(
		changed
			.filter((value) => {
				const old = existingOf.get(value.entryId);
				const matcher = peopleOf.get(teamOf.get(value.entryId) ?? '')?.matcher ?? null;
				return old !== undefined && slugNames(old.slug, matcher);
			})
			.map((value) => value.entryId)
	);
	const fresh = changed.filter(
		(value) => !existingOf.has(value.entryId) || renamed.has(value.entryId)
	);
	const slugs = new Map<string, string>();
	if (fresh.length > 0) {
		const taken = new Set(
			(await tx.select({ slug: galleryEntries.slug }).from(galleryEntries)).map((row) => row.slug)
		);
		const labelOf = new Map(shortlisted.map((row) => [row.entryId, row.label]));
		for (const value of fresh)
			slugs.set(
				value.entryId,
				uniqueSlug(slugify(value.title, labelOf.get(value.entryId) ?? 0), taken)
			);
	}
	return { renamed, fresh, slugs };
}

async function upsertGalleryRows(
	tx: Transaction,
	changed: GalleryValue[],
	existingOf: Map<string, GalleryEntry>,
	renamed: Set<string>,
	slugs: Map<string, string>,
	at: Date
): Promise<void> {
	if (changed.length > 0)
		await tx
			.insert(galleryEntries)
			.values(
				changed.map((value) => ({
					...value,
					slug:
						(renamed.has(value.entryId) ? undefined : existingOf.get(value.entryId)?.slug) ??
						slugs.get(value.entryId)!,
					publishedAt: at,
					updatedAt: at
				}))
			)
			.onConflictDoUpdate({
				target: galleryEntries.entryId,
				set: {
					slug: sql`excluded.slug`,
					publicationId: sql`excluded.publication_id`,
					position: sql`excluded.position`,
					title: sql`excluded.title`,
					tagline: sql`excluded.tagline`,
					trackId: sql`excluded.track_id`,
					trackSlug: sql`excluded.track_slug`,
					trackName: sql`excluded.track_name`,
					sdgs: sql`excluded.sdgs`,
					countries: sql`excluded.countries`,
					problem: sql`excluded.problem`,
					solution: sql`excluded.solution`,
					aiApproach: sql`excluded.ai_approach`,
					responsibleAi: sql`excluded.responsible_ai`,
					impact: sql`excluded.impact`,
					videoUrl: sql`excluded.video_url`,
					prototypeUrl: sql`excluded.prototype_url`,
					repositoryUrl: sql`excluded.repository_url`,
					teamName: sql`excluded.team_name`,
					memberNames: sql`excluded.member_names`,
					coverFileId: sql`excluded.cover_file_id`,
					coverWidth: sql`excluded.cover_width`,
					coverHeight: sql`excluded.cover_height`,
					coverWidths: sql`excluded.cover_widths`,
					updatedAt: sql`excluded.updated_at`
				}
			});
}
