import { randomBytes } from 'node:crypto';
import { eq, max } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import type { Database } from '../db';
import {
	challenges,
	entries,
	files,
	galleryEntries,
	resultPublications,
	teamMembers,
	teams,
	tracks
} from '../db/schema';
import { createUser } from './fixtures';
import { refreshGalleryFacets } from '../services/publication/facets';

/**
 * A challenge with a published gallery, written straight into the tables (the publication
 * service fills gallery_entries in production; these fixtures stand in for it in the gallery's
 * tests). Every gallery row has the entry, team and lead its foreign keys need.
 */

export type FixtureTrack = { id: string; slug: string; name: LocalizedText };

let created = 0;

/** A challenge that becomes the current one (its deadline is later than any made before). */
export async function createGalleryChallenge(
	db: Database,
	options: { trackSlugs?: string[]; peoplesChoice?: boolean; votingClosesAt?: Date | null } = {}
) {
	const tag = randomBytes(4).toString('hex');
	const text = (en: string): LocalizedText => ({ en, ko: `${en} (한국어)` });
	const day = 86_400_000;
	// Each one a minute later than the one before, so the newest is the current challenge.
	const base = Date.UTC(2030, 0, 1) + ++created * 60_000;
	const [challenge] = await db
		.insert(challenges)
		.values({
			slug: `gallery-${tag}`,
			title: text(`Gallery challenge ${tag}`),
			theme: text('Theme'),
			summary: text('Summary'),
			description: text('Description'),
			organizerName: text('Organizer'),
			organizerAbout: text('About'),
			eventName: text('Symposium'),
			eventLocation: text('Songdo'),
			submissionsOpenAt: new Date(base),
			submissionDeadlineAt: new Date(base + 30 * day),
			judgingStartsAt: new Date(base + 31 * day),
			resultsAt: new Date(base + 60 * day),
			eventAt: new Date(base + 70 * day),
			peoplesChoiceEnabled: options.peoplesChoice ?? false,
			votingClosesAt: options.votingClosesAt ?? null
		})
		.returning({ id: challenges.id, slug: challenges.slug });
	const slugs = options.trackSlugs ?? ['disaster-response', 'transport', 'welfare'];
	const trackRows = await db
		.insert(tracks)
		.values(
			slugs.map((slug, position) => ({
				challengeId: challenge.id,
				slug,
				position,
				name: { en: `Track ${slug}`, ko: `트랙 ${slug}` },
				description: { en: '' }
			}))
		)
		.returning({ id: tracks.id, slug: tracks.slug, name: tracks.name });
	const ordered = slugs.map((slug) => trackRows.find((track) => track.slug === slug)!);
	return { id: challenge.id, slug: challenge.slug, tracks: ordered as FixtureTrack[] };
}

export type GalleryRowInput = {
	slug: string;
	title: string;
	track: FixtureTrack;
	position?: number;
	tagline?: string;
	sdgs?: number[];
	countries?: string[];
	problem?: string;
	solution?: string;
	aiApproach?: string;
	impact?: string;
	teamName?: string;
	memberNames?: string[];
	videoUrl?: string;
	prototypeUrl?: string;
	repositoryUrl?: string;
	/** A cover file row (no bytes are stored) with these variant widths. */
	coverWidths?: number[];
};

/**
 * A result publication (the next version) and its gallery rows. Positions default to the order
 * given. Returns the rows as inserted, with entry, team and cover ids.
 */
export async function publishGalleryRows(
	db: Database,
	challengeId: string,
	rows: GalleryRowInput[],
	publishedAt = new Date('2030-03-01T09:00:00Z')
) {
	const [{ latest }] = await db
		.select({ latest: max(resultPublications.version) })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId));
	const [publication] = await db
		.insert(resultPublications)
		.values({ challengeId, version: (latest ?? 0) + 1, publishedAt })
		.returning({ id: resultPublications.id });
	const inserted = [];
	for (const [index, row] of rows.entries()) {
		const lead = await createUser(db);
		const teamName = row.teamName ?? `Team ${randomBytes(4).toString('hex')}`;
		const [team] = await db
			.insert(teams)
			.values({ challengeId, name: teamName })
			.returning({ id: teams.id });
		await db
			.insert(teamMembers)
			.values({ teamId: team.id, challengeId, userId: lead.id, role: 'lead' });
		let coverFileId: string | null = null;
		const widths = row.coverWidths ?? [];
		if (row.coverWidths) {
			const folder = `teams/${team.id}`;
			const name = randomBytes(8).toString('hex');
			const [file] = await db
				.insert(files)
				.values({
					teamId: team.id,
					kind: 'cover',
					storageKey: `${folder}/${name}.webp`,
					contentType: 'image/webp',
					byteSize: 1000,
					storedBytes: 1000 * (widths.length + 1),
					variants: widths.map((width) => ({
						width,
						key: `${folder}/${name}-${width}.webp`,
						bytes: 1000
					})),
					width: widths[widths.length - 1] ?? 1600,
					height: Math.round(((widths[widths.length - 1] ?? 1600) * 9) / 16),
					sha256: randomBytes(32).toString('hex')
				})
				.returning({ id: files.id });
			coverFileId = file.id;
		}
		const [entry] = await db
			.insert(entries)
			.values({
				teamId: team.id,
				challengeId,
				status: 'submitted',
				title: row.title,
				trackId: row.track.id,
				submittedAt: publishedAt,
				coverFileId
			})
			.returning({ id: entries.id });
		const values = {
			entryId: entry.id,
			challengeId,
			publicationId: publication.id,
			slug: row.slug,
			position: row.position ?? index + 1,
			title: row.title,
			tagline: row.tagline ?? '',
			trackId: row.track.id,
			trackSlug: row.track.slug,
			trackName: row.track.name,
			sdgs: row.sdgs ?? [],
			countries: row.countries ?? [],
			problem: row.problem ?? '',
			solution: row.solution ?? '',
			aiApproach: row.aiApproach ?? '',
			responsibleAi: {
				privacy: 'Only aggregated data leaves the office.',
				fairness: 'Audited for bias every quarter.',
				oversight: 'An officer approves every decision.',
				accessibility: 'Works by text message and with screen readers.'
			},
			impact: row.impact ?? '',
			videoUrl: row.videoUrl ?? '',
			prototypeUrl: row.prototypeUrl ?? '',
			repositoryUrl: row.repositoryUrl ?? '',
			teamName,
			memberNames: row.memberNames ?? ['Ada Lovelace'],
			coverFileId,
			coverWidth: coverFileId ? (widths[widths.length - 1] ?? 1600) : null,
			coverHeight: coverFileId ? Math.round(((widths[widths.length - 1] ?? 1600) * 9) / 16) : null,
			coverWidths: widths,
			publishedAt
		};
		await db.insert(galleryEntries).values(values);
		inserted.push({ ...values, teamId: team.id, leadId: lead.id });
	}
	await refreshGalleryFacets(db, challengeId);
	return { publicationId: publication.id, rows: inserted };
}
