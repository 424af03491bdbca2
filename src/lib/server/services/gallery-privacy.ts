import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { ageOn } from '$lib/domain/age';
import { TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import {
	addressMentions,
	findNames,
	personNameMatcher,
	redactNames,
	type NameMatcher
} from '$lib/domain/identity-redaction';
import { slugify, uniqueSlug } from '$lib/domain/slug';
import { now } from '../clock';
import type { Executor } from '../db';
import { entries, entryVersions, galleryEntries, teamMembers, teams, users } from '../db/schema';

/**
 * Names the public gallery never shows. The gallery copy of an entry names adult members only
 * (in `member_names`); a minor's name is also taken out of everything the team wrote — title,
 * tagline, answers, responsible-AI texts, impact, team name — with the normalizing matcher of
 * blind review (the name, its parts, accent-free, joined and disguised spellings), and a link
 * answer that contains it is left out. `search_vector` is generated from those columns, so the
 * search index never holds the name either. The same scrub removes a person whose account is
 * deleted, from the gallery and from their teams' entries (which a later publication copies).
 */

/** 18 or older on the day; a date that cannot be read counts as a minor's (never named). */
export function isAdultOn(dateOfBirth: string, on: Date): boolean {
	try {
		return ageOn(dateOfBirth, on) >= 18;
	} catch {
		return false;
	}
}

/** The public texts of a gallery row. */
export type PublicTexts = {
	title: string;
	tagline: string;
	teamName: string;
	problem: string;
	solution: string;
	aiApproach: string;
	responsibleAi: { privacy: string; fairness: string; oversight: string; accessibility: string };
	impact: string;
	videoUrl: string;
	prototypeUrl: string;
	repositoryUrl: string;
};

const TEXT_FIELDS = [
	'title',
	'tagline',
	'teamName',
	'problem',
	'solution',
	'aiApproach',
	'impact'
] as const;
const RESPONSIBLE_AI_FIELDS = ['privacy', 'fairness', 'oversight', 'accessibility'] as const;
const LINK_FIELDS = ['videoUrl', 'prototypeUrl', 'repositoryUrl'] as const;

/** A field of the public copy in which a name was replaced. */
export type PublicTextField =
	| (typeof TEXT_FIELDS)[number]
	| (typeof RESPONSIBLE_AI_FIELDS)[number]
	| (typeof LINK_FIELDS)[number];

/**
 * The texts with every name of the matcher replaced by "[redacted]" (a link answer naming
 * someone is dropped), and the fields that had one.
 */
export function redactPublicTexts<T extends PublicTexts>(
	texts: T,
	matcher: NameMatcher | null
): { texts: T; fields: PublicTextField[] } {
	if (!matcher || matcher.terms.length === 0) return { texts, fields: [] };
	const fields: PublicTextField[] = [];
	const result = { ...texts, responsibleAi: { ...texts.responsibleAi } };
	for (const field of TEXT_FIELDS) {
		const redacted = redactNames(texts[field], matcher);
		if (redacted !== texts[field]) {
			result[field] = redacted;
			fields.push(field);
		}
	}
	for (const field of RESPONSIBLE_AI_FIELDS) {
		const redacted = redactNames(texts.responsibleAi[field], matcher);
		if (redacted !== texts.responsibleAi[field]) {
			result.responsibleAi[field] = redacted;
			fields.push(field);
		}
	}
	for (const field of LINK_FIELDS)
		if (texts[field] && addressMentions(texts[field], matcher)) {
			result[field] = '';
			fields.push(field);
		}
	return { texts: result, fields };
}

export type TeamPeople = {
	/** Display names of the adults, in the order given. */
	adults: string[];
	minors: string[];
	/** The minors' names (adults' name parts stay), or null without minors. */
	matcher: NameMatcher | null;
};

/** A team's members split by age on a day, with the matcher of its minors' names. */
export function peopleByAge(
	members: { name: string; dateOfBirth: string }[],
	adultOn: Date
): TeamPeople {
	const adults: string[] = [];
	const minors: string[] = [];
	for (const member of members)
		(isAdultOn(member.dateOfBirth, adultOn) ? adults : minors).push(member.name);
	return {
		adults,
		minors,
		matcher: minors.length > 0 ? personNameMatcher(minors, adults) : null
	};
}

/** Whether a slug (words joined by "-") contains one of the names. */
export function slugNames(slug: string, matcher: NameMatcher | null): boolean {
	return matcher !== null && findNames(slug, matcher).length > 0;
}

function withoutOne(names: string[], name: string): string[] {
	const index = names.indexOf(name);
	return index < 0 ? names : [...names.slice(0, index), ...names.slice(index + 1)];
}

const ENTRY_TEXT_KEYS = Object.keys(TEXT_QUESTIONS) as TextQuestionKey[];

function scrubAnswers(
	answers: Record<string, unknown>,
	matcher: NameMatcher
): Record<string, string> | null {
	const changes: Record<string, string> = {};
	for (const key of ENTRY_TEXT_KEYS) {
		const value = answers[key];
		if (typeof value !== 'string' || !value) continue;
		const scrubbed =
			TEXT_QUESTIONS[key].kind === 'url'
				? addressMentions(value, matcher)
					? ''
					: value
				: redactNames(value, matcher);
		if (scrubbed !== value) changes[key] = scrubbed;
	}
	return Object.keys(changes).length > 0 ? changes : null;
}

/**
 * Erasure of a person from what is public or will be: every gallery row that names them (their
 * teams' entries, and rows listing them among the members) loses the name from `member_names`,
 * from its texts (and so from `search_vector`) and from its slug; their teams' entries and
 * submitted versions lose it from the answers, and a team named after them is renamed
 * ("[redacted]'s Lab"), so a later publication cannot copy it back. Their teammates' names stay.
 * Runs inside the account deletion's transaction, before the membership rows go. Returns the
 * number of gallery rows changed.
 */
export async function scrubPersonFromGallery(tx: Executor, userId: string): Promise<number> {
	const [person] = await tx
		.select({ name: users.name })
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	if (!person || !person.name.trim()) return 0;
	const teamIds = (
		await tx
			.select({ teamId: teamMembers.teamId })
			.from(teamMembers)
			.where(eq(teamMembers.userId, userId))
	).map((row) => row.teamId);
	const teammates = teamIds.length
		? await tx
				.select({ teamId: teamMembers.teamId, name: users.name })
				.from(teamMembers)
				.innerJoin(users, eq(users.id, teamMembers.userId))
				.where(and(inArray(teamMembers.teamId, teamIds), sql`${teamMembers.userId} <> ${userId}`))
		: [];
	const teamEntries = teamIds.length
		? await tx
				.select({ id: entries.id, teamId: entries.teamId })
				.from(entries)
				.where(inArray(entries.teamId, teamIds))
		: [];
	const entryIds = teamEntries.map((entry) => entry.id);
	const teamOfEntry = new Map(teamEntries.map((entry) => [entry.id, entry.teamId]));
	const namesOfTeam = (teamId: string | undefined) =>
		teammates.filter((mate) => mate.teamId === teamId).map((mate) => mate.name);

	await renameTeamsNamedAfter(tx, person.name, teamIds, namesOfTeam);
	await scrubTeamTexts(tx, person.name, teamEntries, namesOfTeam);

	const rows = await tx
		.select()
		.from(galleryEntries)
		.where(
			or(
				sql`${person.name} = any(${galleryEntries.memberNames})`,
				entryIds.length > 0 ? inArray(galleryEntries.entryId, entryIds) : undefined
			)
		);
	let changed = 0;
	for (const row of rows) {
		const memberNames = withoutOne(row.memberNames, person.name);
		const stay = [...memberNames, ...namesOfTeam(teamOfEntry.get(row.entryId))];
		const matcher = personNameMatcher([person.name], stay);
		const { texts, fields } = redactPublicTexts(row, matcher);
		let slug = row.slug;
		if (slugNames(row.slug, matcher)) {
			const taken = new Set(
				(await tx.select({ slug: galleryEntries.slug }).from(galleryEntries)).map(
					(taken) => taken.slug
				)
			);
			slug = uniqueSlug(slugify(texts.title, 0), taken);
		}
		if (fields.length === 0 && memberNames.length === row.memberNames.length && slug === row.slug)
			continue;
		await tx
			.update(galleryEntries)
			.set({
				slug,
				title: texts.title,
				tagline: texts.tagline,
				teamName: texts.teamName,
				problem: texts.problem,
				solution: texts.solution,
				aiApproach: texts.aiApproach,
				responsibleAi: texts.responsibleAi,
				impact: texts.impact,
				videoUrl: texts.videoUrl,
				prototypeUrl: texts.prototypeUrl,
				repositoryUrl: texts.repositoryUrl,
				memberNames,
				updatedAt: now()
			})
			.where(eq(galleryEntries.entryId, row.entryId));
		changed++;
	}
	return changed;
}

/** A team named after them is renamed (a later publication copies the team's name too). */
async function renameTeamsNamedAfter(
	tx: Executor,
	personName: string,
	teamIds: string[],
	namesOfTeam: (teamId: string | undefined) => string[]
): Promise<void> {
	for (const team of teamIds.length
		? await tx
				.select({ id: teams.id, challengeId: teams.challengeId, name: teams.name })
				.from(teams)
				.where(inArray(teams.id, teamIds))
		: []) {
		const renamed = redactNames(team.name, personNameMatcher([personName], namesOfTeam(team.id)));
		if (renamed === team.name) continue;
		const taken = new Set(
			(
				await tx
					.select({ name: sql<string>`lower(${teams.name})` })
					.from(teams)
					.where(eq(teams.challengeId, team.challengeId))
			).map((row) => row.name)
		);
		let name = renamed.slice(0, 80);
		for (let number = 2; taken.has(name.toLowerCase()); number++)
			name = `${renamed.slice(0, 80 - String(number).length - 1)} ${number}`;
		await tx.update(teams).set({ name, updatedAt: now() }).where(eq(teams.id, team.id));
	}
}

/** The team's own texts (draft and submitted versions): a teammate's name stays. */
async function scrubTeamTexts(
	tx: Executor,
	personName: string,
	teamEntries: { id: string; teamId: string }[],
	namesOfTeam: (teamId: string | undefined) => string[]
): Promise<void> {
	for (const entry of teamEntries) {
		const matcher = personNameMatcher([personName], namesOfTeam(entry.teamId));
		const [row] = await tx.select().from(entries).where(eq(entries.id, entry.id)).limit(1);
		const changes = row ? scrubAnswers(row as unknown as Record<string, unknown>, matcher) : null;
		if (changes) await tx.update(entries).set(changes).where(eq(entries.id, entry.id));
		for (const version of await tx
			.select({ id: entryVersions.id, content: entryVersions.content })
			.from(entryVersions)
			.where(eq(entryVersions.entryId, entry.id))) {
			const versionChanges = scrubAnswers(version.content, matcher);
			if (versionChanges)
				await tx
					.update(entryVersions)
					.set({ content: { ...version.content, ...versionChanges } })
					.where(eq(entryVersions.id, version.id));
		}
	}
}
