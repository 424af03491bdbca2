import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import { personNameMatcher } from '$lib/domain/identity-redaction';
import { now } from '../../clock';
import { type Executor } from '../../db';
import { challenges, entries, galleryEntries, teamMembers, users } from '../../db/schema';
import { peopleByAge, redactPublicTexts, type PublicTextField } from '../gallery-privacy';
import { currentDecisions, type CurrentDecision } from './overview';
import { entryContent, judgedVersions, publicContent } from './gallery-snapshot';

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
export async function galleryRemovals(
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
