import { and, asc, desc, eq, inArray, max, ne, notInArray, sql } from 'drizzle-orm';
import { personNameMatcher } from '$lib/domain/identity-redaction';
import { localize, type LocalizedText } from '$lib/domain/localized-text';
import { slugify, uniqueSlug } from '$lib/domain/slug';
import { readVersionContent } from '$lib/domain/entry-version';
import {
	asPublishedBasis,
	asScoreBasis,
	publicationBasis,
	type PublishedBasis,
	type ScoreBasis
} from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../audit';
import { now } from '../clock';
import { rowsOf, type Database, type Executor, type Transaction } from '../db';
import {
	challenges,
	entries,
	entryDecisions,
	entryVersions,
	files,
	galleryEntries,
	peoplesChoiceVotes,
	publishedResults,
	resultPublications,
	roundEntries,
	rounds,
	teamMembers,
	teams,
	tracks,
	users,
	type Decision,
	type Entry,
	type GalleryEntry,
	type RoundState
} from '../db/schema';
import { ServiceError } from '../errors';
import { enqueueEmail } from '../mail/outbox';
import { resultsEmails } from '../mail/results-templates';
import { peopleByAge, redactPublicTexts, slugNames, type PublicTextField } from './gallery-privacy';
import { getLeaderboard, type LeaderboardRow } from './leaderboard';
import type { Actor } from '../request';

/**
 * Publishing the results. A publication (version 1, then each explicit re-publication, which
 * needs a reason) freezes, in one transaction:
 *  - published_results: the decision of every decided entry of the challenge, with its rank
 *    within its track and its scores in that round;
 *  - gallery_entries: the public copy of every shortlisted entry.
 * Decisions and scores may change afterwards; nothing public moves until the next publication.
 *
 * Which decision counts for an entry decided in several rounds: the one of its latest round (by
 * position), so "advance" in the screening and "shortlist" in the final gives "shortlist".
 * Withdrawn entries are left out.
 *
 * The gallery shows what the team SUBMITTED: the newest entry_versions row (a draft edit made
 * after submission stays private). An entry with no version at all, which only rows made outside
 * the submission flow can be, is shown from its entry row. Only adults are named: 18 or older on
 * the submission deadline (the day the challenge's minor rules are judged by) and so on the day
 * of publication too; a minor's name is never copied, neither into the member list nor into any
 * text of the public copy (gallery-privacy.ts redacts it, and the organizer sees where before
 * publishing).
 */

export const REASON_MAX_LENGTH = 2000;
/** The audit action of a publication. */
export const PUBLISH_ACTION = 'results.publish';

export type CurrentDecision = {
	entryId: string;
	teamId: string;
	roundId: string;
	roundName: string;
	roundPosition: number;
	roundState: RoundState;
	feedbackReleased: boolean;
	label: number;
	title: string;
	teamName: string;
	decision: Decision;
};

/** The decision that counts for each entry now (see above), by round position then label. */
export async function currentDecisions(
	db: Executor,
	challengeId: string
): Promise<CurrentDecision[]> {
	const rows = await db
		.selectDistinctOn([entryDecisions.entryId], {
			entryId: entryDecisions.entryId,
			teamId: entries.teamId,
			roundId: entryDecisions.roundId,
			roundName: rounds.name,
			roundPosition: rounds.position,
			roundState: rounds.state,
			feedbackReleasedAt: rounds.feedbackReleasedAt,
			label: roundEntries.label,
			// As submitted (a draft edit made since is the team's private work in progress).
			title: sql<string>`coalesce((select ${entryVersions.content} ->> 'title' from ${entryVersions} where ${entryVersions.entryId} = ${entries.id} order by ${entryVersions.number} desc limit 1), ${entries.title})`,
			teamName: teams.name,
			decision: entryDecisions.decision
		})
		.from(entryDecisions)
		.innerJoin(rounds, eq(rounds.id, entryDecisions.roundId))
		.innerJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, entryDecisions.roundId),
				eq(roundEntries.entryId, entryDecisions.entryId)
			)
		)
		.innerJoin(entries, eq(entries.id, entryDecisions.entryId))
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.where(and(eq(rounds.challengeId, challengeId), ne(entries.status, 'withdrawn')))
		.orderBy(entryDecisions.entryId, desc(rounds.position));
	return rows
		.map(({ feedbackReleasedAt, ...row }) => ({
			...row,
			feedbackReleased: feedbackReleasedAt !== null
		}))
		.sort((a, b) => a.roundPosition - b.roundPosition || a.label - b.label);
}

/** Rounds holding a decision while they are not closed or decided (publishing must wait). */
async function roundsNotClosedWithDecisions(db: Executor, challengeId: string) {
	return db
		.selectDistinct({ id: rounds.id, name: rounds.name, position: rounds.position })
		.from(entryDecisions)
		.innerJoin(rounds, eq(rounds.id, entryDecisions.roundId))
		.where(
			and(eq(rounds.challengeId, challengeId), inArray(rounds.state, ['draft', 'open'] as const))
		)
		.orderBy(asc(rounds.position));
}

export type PublicationSummary = {
	id: string;
	version: number;
	publishedAt: Date;
	publishedBy: string | null;
	/** 'normalized' for publications frozen with the earlier z-score (kept as they were). */
	scoreBasis: PublishedBasis;
	reason: string;
};

async function latestPublication(
	db: Executor,
	challengeId: string
): Promise<PublicationSummary | null> {
	const [row] = await db
		.select({
			id: resultPublications.id,
			version: resultPublications.version,
			publishedAt: resultPublications.publishedAt,
			publishedBy: users.name,
			scoreBasis: resultPublications.scoreBasis,
			reason: resultPublications.reason
		})
		.from(resultPublications)
		.leftJoin(users, eq(users.id, resultPublications.publishedBy))
		.where(eq(resultPublications.challengeId, challengeId))
		.orderBy(desc(resultPublications.version))
		.limit(1);
	if (!row) return null;
	return { ...row, scoreBasis: asPublishedBasis(row.scoreBasis) };
}

export type DecisionChange = {
	entryId: string;
	/** The entry's label in the round; null when it has left the round since the publication. */
	label: number | null;
	title: string;
	teamName: string;
	roundName: string;
	published: Decision | null;
	current: Decision | null;
};

/** A round holding decisions, with the score that ranks its entries in a publication. */
export type DecidingRound = {
	id: string;
	name: string;
	scoreBasis: ScoreBasis;
	chosenBy: string | null;
	chosenAt: Date | null;
};

export type PublicationOverview = {
	latest: PublicationSummary | null;
	/** The rounds whose decisions a publication now would hold, by position. */
	decidingRounds: DecidingRound[];
	/** Decisions that differ from the latest publication (empty before the first one). */
	changes: DecisionChange[];
	decided: number;
	counts: Record<Decision, number>;
	/** Rounds that must be closed before publishing. */
	blockingRounds: { id: string; name: string }[];
};

/**
 * What the results page says about publishing: the latest publication, the decisions that
 * changed since then, how many would be published now and what stops a publication. Four
 * queries.
 */
export async function getPublicationOverview(
	db: Executor,
	challengeId: string
): Promise<PublicationOverview> {
	const [latest, current, blocking, deciding] = await Promise.all([
		latestPublication(db, challengeId),
		currentDecisions(db, challengeId),
		roundsNotClosedWithDecisions(db, challengeId),
		db
			.select({
				id: rounds.id,
				name: rounds.name,
				scoreBasis: rounds.scoreBasis,
				chosenBy: users.name,
				chosenAt: rounds.scoreBasisChosenAt
			})
			.from(rounds)
			.leftJoin(users, eq(users.id, rounds.scoreBasisChosenBy))
			.where(
				and(
					eq(rounds.challengeId, challengeId),
					sql`exists (select from ${entryDecisions} where ${entryDecisions.roundId} = ${rounds.id})`
				)
			)
			.orderBy(asc(rounds.position))
	]);
	const counts: Record<Decision, number> = { advance: 0, shortlist: 0, not_selected: 0 };
	for (const row of current) counts[row.decision]++;
	// Only rounds whose decision counts for some entry (its latest round) rank it when published.
	const counted = new Set(current.map((row) => row.roundId));
	const overview = {
		latest,
		decidingRounds: deciding
			.filter((round) => counted.has(round.id))
			.map((round) => ({ ...round, scoreBasis: asScoreBasis(round.scoreBasis) })),
		changes: [] as DecisionChange[],
		decided: current.length,
		counts,
		blockingRounds: blocking.map(({ id, name }) => ({ id, name }))
	};
	if (!latest) return overview;
	const published = await db
		.select({
			entryId: publishedResults.entryId,
			decision: publishedResults.decision,
			label: roundEntries.label,
			title: entries.title,
			teamName: teams.name,
			roundName: rounds.name,
			roundPosition: rounds.position
		})
		.from(publishedResults)
		.innerJoin(rounds, eq(rounds.id, publishedResults.roundId))
		.innerJoin(entries, eq(entries.id, publishedResults.entryId))
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.leftJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, publishedResults.roundId),
				eq(roundEntries.entryId, publishedResults.entryId)
			)
		)
		.where(eq(publishedResults.publicationId, latest.id));
	const before = new Map(published.map((row) => [row.entryId, row]));
	const nowDecided = new Map(current.map((row) => [row.entryId, row]));
	const changes: (DecisionChange & { position: number })[] = [];
	for (const row of current) {
		const old = before.get(row.entryId);
		if (old?.decision === row.decision) continue;
		changes.push({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			teamName: row.teamName,
			roundName: row.roundName,
			published: old?.decision ?? null,
			current: row.decision,
			position: row.roundPosition
		});
	}
	for (const row of published) {
		if (nowDecided.has(row.entryId)) continue;
		changes.push({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			teamName: row.teamName,
			roundName: row.roundName,
			published: row.decision,
			current: null,
			position: row.roundPosition
		});
	}
	changes.sort((a, b) => a.position - b.position || (a.label ?? 0) - (b.label ?? 0));
	return { ...overview, changes: changes.map(({ position: _position, ...change }) => change) };
}

// ---------------------------------------------------------------------------------------------
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

function publicContent(content: Record<string, unknown>): PublicContent {
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

const entryContent = (entry: Entry): Record<string, unknown> => ({ ...entry });

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
async function judgedVersions(
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
 * new ones are inserted with a fresh slug. Six queries for any number of entries.
 */
async function replaceGallery(
	tx: Transaction,
	challengeId: string,
	publicationId: string,
	shortlisted: Shortlisted[],
	at: Date,
	adultOn: Date
): Promise<{ added: number; updated: number; removed: number; unchanged: number }> {
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

	// Gallery order: tracks in their order, then rank within the track, then label.
	const ordered = [...shortlisted].sort((a, b) => {
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

	const values: (GalleryValues & { entryId: string })[] = ordered.map((row, index) => {
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

	const changed = values.filter((value) => {
		const old = existingOf.get(value.entryId);
		return !old || COMPARED.some((key) => !sameValue(old[key], value[key]));
	});
	const moving = changed.filter((value) => {
		const old = existingOf.get(value.entryId);
		return old && old.trackId !== value.trackId;
	});
	// A vote is for an entry in a track: an entry now in another track loses the old track's votes
	// (its gallery row's key changes, which the votes' foreign key would refuse).
	for (const value of moving)
		await tx
			.delete(peoplesChoiceVotes)
			.where(
				and(
					eq(peoplesChoiceVotes.entryId, value.entryId),
					eq(peoplesChoiceVotes.trackId, existingOf.get(value.entryId)!.trackId)
				)
			);

	// Slugs: kept when the entry had one, unless it names a minor (one given before their names
	// were redacted from titles); new ones unique across every challenge's gallery.
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

export type MinorRedaction = {
	entryId: string;
	label: number;
	title: string;
	roundName: string;
	/** Fields of the public copy in which a minor's name will be replaced (or a link left out). */
	fields: PublicTextField[];
	/** The minors named there: for the organizers' eyes only. */
	minors: string[];
};

/**
 * What a publication now would take out of the public copy: each shortlisted entry whose texts
 * name one of its minors (under 18 on the day the gallery copy is written, as publishing
 * decides it), with the fields concerned and whose names they are. Four queries.
 */
export async function previewMinorRedactions(
	db: Executor,
	challengeId: string,
	at: Date = now()
): Promise<MinorRedaction[]> {
	const [challenge] = await db
		.select({ deadline: challenges.submissionDeadlineAt })
		.from(challenges)
		.where(eq(challenges.id, challengeId))
		.limit(1);
	if (!challenge) return [];
	const shortlisted = (await currentDecisions(db, challengeId)).filter(
		(row) => row.decision === 'shortlist'
	);
	if (shortlisted.length === 0) return [];
	const ids = shortlisted.map((row) => row.entryId);
	const [versionOf, entryRows, memberRows] = await Promise.all([
		judgedVersions(db, shortlisted),
		db.select().from(entries).where(inArray(entries.id, ids)),
		db
			.select({ teamId: teamMembers.teamId, name: users.name, dateOfBirth: users.dateOfBirth })
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.where(
				inArray(
					teamMembers.teamId,
					shortlisted.map((row) => row.teamId)
				)
			)
	]);
	const entryOf = new Map(entryRows.map((row) => [row.id, row]));
	// The same day as publishResults: the deadline, or today if that is earlier.
	const adultOn = new Date(Math.min(challenge.deadline.getTime(), at.getTime()));
	return shortlisted.flatMap((row) => {
		const people = peopleByAge(
			memberRows.filter((member) => member.teamId === row.teamId),
			adultOn
		);
		if (!people.matcher) return [];
		const entry = entryOf.get(row.entryId);
		const texts = {
			...publicContent(versionOf.get(row.entryId) ?? (entry ? entryContent(entry) : {})),
			teamName: row.teamName
		};
		const { fields } = redactPublicTexts(texts, people.matcher);
		if (fields.length === 0) return [];
		const minors = people.minors.filter(
			(minor) =>
				redactPublicTexts(texts, personNameMatcher([minor], people.adults)).fields.length > 0
		);
		return [
			{
				entryId: row.entryId,
				label: row.label,
				title: row.title,
				roundName: row.roundName,
				fields,
				minors
			}
		];
	});
}

/** A public gallery entry that a publication now would take out of the gallery. */
export type GalleryRemoval = { entryId: string; title: string; teamName: string; slug: string };

/**
 * The gallery rows of the challenge whose entry is not shortlisted in the decisions given (its
 * decision changed or was cleared, or it was withdrawn): what publishing them would remove from
 * the public gallery, by gallery order.
 */
async function galleryRemovals(
	db: Executor,
	challengeId: string,
	decided: Pick<CurrentDecision, 'entryId' | 'decision'>[]
): Promise<GalleryRemoval[]> {
	const kept = decided.filter((row) => row.decision === 'shortlist').map((row) => row.entryId);
	return db
		.select({
			entryId: galleryEntries.entryId,
			title: galleryEntries.title,
			teamName: galleryEntries.teamName,
			slug: galleryEntries.slug
		})
		.from(galleryEntries)
		.where(
			and(
				eq(galleryEntries.challengeId, challengeId),
				kept.length > 0 ? notInArray(galleryEntries.entryId, kept) : undefined
			)
		)
		.orderBy(asc(galleryEntries.position), asc(galleryEntries.slug));
}

/** What a publication now would remove from the public gallery (the publish page names them). */
export async function previewGalleryRemovals(
	db: Executor,
	challengeId: string
): Promise<GalleryRemoval[]> {
	return galleryRemovals(db, challengeId, await currentDecisions(db, challengeId));
}

// ---------------------------------------------------------------------------------------------
// Publishing

export type PublishInput = {
	reason: string;
	/**
	 * The gallery entries the organizer saw named and agreed to take out of the gallery. A
	 * publication that would remove any other published entry is refused: nothing leaves the
	 * gallery unseen, even when a decision changed after the page was read.
	 */
	removals?: string[];
};

export type PublishResult = {
	publicationId: string;
	version: number;
	results: number;
	gallery: { added: number; updated: number; removed: number; unchanged: number };
	notifiedTeams: number;
};

const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/**
 * Publishes the results (version 1) or re-publishes them (next version; a reason is required).
 * Needs at least one decision, every round holding decisions closed or decided, and each entry
 * it would take out of the public gallery confirmed by the organizer (`removals`). In one
 * transaction: the publication, the frozen results, the gallery and the teams' emails (all of
 * them the first time; afterwards only teams whose decision changed).
 */
export async function publishResults(
	db: Database,
	actor: Actor,
	challengeId: string,
	input: PublishInput,
	context: { baseUrl: string }
): Promise<PublishResult> {
	const reason = input.reason.trim();
	if ([...reason].length > REASON_MAX_LENGTH)
		throw new ServiceError(
			400,
			m.results_error_reason_length({ max: REASON_MAX_LENGTH }),
			'reason'
		);
	return db.transaction(async (tx) => {
		// One publication at a time per challenge: the challenge row is the lock.
		const [challenge] = await tx
			.select({
				id: challenges.id,
				title: challenges.title,
				submissionDeadlineAt: challenges.submissionDeadlineAt
			})
			.from(challenges)
			.where(eq(challenges.id, challengeId))
			.for('update')
			.limit(1);
		if (!challenge) throw new ServiceError(404, m.results_error_round_missing(), 'confirm');
		const [{ highest }] = await tx
			.select({ highest: max(resultPublications.version) })
			.from(resultPublications)
			.where(eq(resultPublications.challengeId, challengeId));
		const version = (highest ?? 0) + 1;
		if (version > 1 && reason.length === 0)
			throw new ServiceError(400, m.results_error_reason_required(), 'reason');
		const blocking = await roundsNotClosedWithDecisions(tx, challengeId);
		if (blocking.length > 0)
			throw new ServiceError(
				409,
				m.results_error_rounds_open({ rounds: blocking.map((round) => round.name).join(', ') }),
				'confirm'
			);
		const decided = await currentDecisions(tx, challengeId);
		if (decided.length === 0)
			throw new ServiceError(409, m.results_error_nothing_decided(), 'confirm');
		const confirmed = new Set(input.removals ?? []);
		const unconfirmed = (await galleryRemovals(tx, challengeId, decided)).filter(
			(row) => !confirmed.has(row.entryId)
		);
		if (unconfirmed.length > 0)
			throw new ServiceError(
				400,
				m.results_error_removal_unconfirmed({
					titles: unconfirmed.map((row) => `“${row.title}”`).join(', ')
				}),
				'confirmRemoval'
			);

		// Ranks and scores of each decided entry in the round of its decision, ranked by the
		// score that round decides by.
		const boards = new Map<string, Map<string, LeaderboardRow>>();
		const basisOf = new Map<string, ScoreBasis>();
		for (const roundId of new Set(decided.map((row) => row.roundId))) {
			const board = await getLeaderboard(tx, challengeId, roundId);
			boards.set(roundId, new Map((board?.rows ?? []).map((row) => [row.entryId, row])));
			if (board) basisOf.set(roundId, board.round.scoreBasis);
		}
		const basis = publicationBasis([...basisOf.values()]);
		const rowOf = (decision: CurrentDecision) =>
			boards.get(decision.roundId)?.get(decision.entryId);
		const rankOf = (decision: CurrentDecision) => {
			const row = rowOf(decision);
			if (!row) return null;
			return basisOf.get(decision.roundId) === 'raw' ? row.trackRankRaw : row.trackRankAdjusted;
		};
		const hundredths = (value: number | null | undefined) =>
			value === null || value === undefined ? null : Math.round(value * 100);

		const at = now();
		const previous = await tx
			.select({ id: resultPublications.id })
			.from(resultPublications)
			.where(
				and(
					eq(resultPublications.challengeId, challengeId),
					eq(resultPublications.version, version - 1)
				)
			)
			.limit(1);
		const [publication] = await tx
			.insert(resultPublications)
			.values({
				challengeId,
				version,
				reason,
				scoreBasis: basis,
				publishedBy: actor.actorId,
				publishedAt: at,
				notifiedAt: at
			})
			.returning({ id: resultPublications.id });
		await tx.insert(publishedResults).values(
			decided.map((decision) => {
				const row = rowOf(decision);
				return {
					publicationId: publication.id,
					entryId: decision.entryId,
					roundId: decision.roundId,
					decision: decision.decision,
					rank: rankOf(decision),
					scoreBasis: basisOf.get(decision.roundId) ?? null,
					rawMeanHundredths: hundredths(row?.rawMean),
					adjustedHundredths: hundredths(row?.adjusted),
					reviews: row?.reviews ?? 0
				};
			})
		);
		const gallery = await replaceGallery(
			tx,
			challengeId,
			publication.id,
			decided
				.filter((decision) => decision.decision === 'shortlist')
				.map((decision) => ({ ...decision, rank: rankOf(decision) })),
			at,
			// A published result comes after the deadline; the earlier day is the stricter one.
			new Date(Math.min(challenge.submissionDeadlineAt.getTime(), at.getTime()))
		);

		// Emails: every decided team the first time; afterwards those whose decision changed.
		const before = new Map<string, Decision>();
		if (previous[0])
			for (const row of await tx
				.select({ entryId: publishedResults.entryId, decision: publishedResults.decision })
				.from(publishedResults)
				.where(eq(publishedResults.publicationId, previous[0].id)))
				before.set(row.entryId, row.decision);
		const notify = decided.filter((decision) => before.get(decision.entryId) !== decision.decision);
		if (notify.length > 0) {
			const members = await tx
				.select({
					teamId: teamMembers.teamId,
					userId: users.id,
					email: users.email,
					name: users.name,
					locale: users.locale
				})
				.from(teamMembers)
				.innerJoin(users, eq(users.id, teamMembers.userId))
				.where(
					inArray(
						teamMembers.teamId,
						notify.map((decision) => decision.teamId)
					)
				);
			for (const decision of notify)
				for (const member of members.filter((row) => row.teamId === decision.teamId)) {
					const locale = asLocale(member.locale);
					await enqueueEmail(tx, {
						to: member.email,
						userId: member.userId,
						template: 'results_published',
						...resultsEmails.published(locale, {
							name: member.name,
							challenge: localize(challenge.title as LocalizedText, locale),
							title: decision.title,
							round: decision.roundName,
							decision: decision.decision,
							// "Again, and changed" only for a team that had a published result before.
							updated: before.has(decision.entryId),
							feedbackUrl: decision.feedbackReleased ? `${context.baseUrl}/team/feedback` : null,
							teamUrl: `${context.baseUrl}/team`
						})
					});
				}
		}

		await recordAudit(tx, {
			actorId: actor.actorId,
			action: PUBLISH_ACTION,
			entityType: 'result_publication',
			entityId: publication.id,
			data: {
				version,
				reason,
				basis,
				rounds: Object.fromEntries(basisOf),
				results: decided.length,
				shortlisted: decided.filter((decision) => decision.decision === 'shortlist').length,
				gallery,
				notifiedTeams: notify.length
			},
			ipAddress: actor.ipAddress ?? null
		});
		return {
			publicationId: publication.id,
			version,
			results: decided.length,
			gallery,
			notifiedTeams: notify.length
		};
	});
}

export type TeamResult = {
	decision: Decision;
	roundName: string;
	publishedAt: Date;
	feedbackReleased: boolean;
};

/**
 * The entry's result as last published, or null: before any publication, and when the latest
 * publication holds no decision for it. Later (unpublished) decisions are never shown.
 */
export async function publishedResultForEntry(
	db: Executor,
	challengeId: string,
	entryId: string
): Promise<TeamResult | null> {
	const latest = db
		.select({ version: max(resultPublications.version) })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId));
	const [row] = await db
		.select({
			decision: publishedResults.decision,
			roundName: rounds.name,
			publishedAt: resultPublications.publishedAt,
			feedbackReleasedAt: rounds.feedbackReleasedAt
		})
		.from(resultPublications)
		.innerJoin(
			publishedResults,
			and(
				eq(publishedResults.publicationId, resultPublications.id),
				eq(publishedResults.entryId, entryId)
			)
		)
		.innerJoin(rounds, eq(rounds.id, publishedResults.roundId))
		.where(
			and(
				eq(resultPublications.challengeId, challengeId),
				eq(resultPublications.version, sql`(${latest})`)
			)
		)
		.limit(1);
	if (!row) return null;
	return {
		decision: row.decision,
		roundName: row.roundName,
		publishedAt: row.publishedAt,
		feedbackReleased: row.feedbackReleasedAt !== null
	};
}
