import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { toCsv } from '$lib/domain/csv';
import { isMinorOnDeadline } from '$lib/domain/eligibility';
import { QUESTION_ORDER, TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../db';
import {
	challenges,
	entries,
	entryVersions,
	files,
	guardianConsents,
	teamMembers,
	teams,
	tracks,
	users,
	type EntryStatus
} from '../db/schema';
import { ServiceError } from '../errors';
import { containsPattern, decodeCursor, encodeCursor, UUID_PATTERN } from './listing';

export const ENTRIES_PAGE_SIZE = 25;

export type EntryListOptions = {
	search: string;
	status?: EntryStatus;
	trackId?: string;
	/** Cursor from a previous page's `nextAfter`. */
	after?: string;
	pageSize?: number;
};

type EntryCursor = [sortName: string, teamId: string];

const isEntryCursor = (value: unknown): value is EntryCursor =>
	Array.isArray(value) &&
	value.length === 2 &&
	typeof value[0] === 'string' &&
	value[0].length <= 200 &&
	typeof value[1] === 'string' &&
	UUID_PATTERN.test(value[1]);

/** Team names sort without regard to case; the team id breaks ties (names are unique anyway). */
const sortName = sql<string>`lower(${teams.name})`;

const memberCount = sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`;

/** The newest submitted version of each entry (a lateral subquery: one query for the page). */
function latestVersion(db: Executor) {
	return db
		.select({ number: entryVersions.number, submittedAt: entryVersions.submittedAt })
		.from(entryVersions)
		.where(eq(entryVersions.entryId, entries.id))
		.orderBy(desc(entryVersions.number))
		.limit(1)
		.as('latest_version');
}

/**
 * One page of the challenge's teams with their entries, ordered by team name, in a single
 * query whatever the page size (member counts and latest versions are subqueries).
 */
export async function listEntries(db: Executor, challengeId: string, options: EntryListOptions) {
	const pageSize = options.pageSize ?? ENTRIES_PAGE_SIZE;
	let after: EntryCursor | null = null;
	if (options.after) {
		after = decodeCursor(options.after, isEntryCursor);
		if (!after) throw new ServiceError(400, m.organizer_error_page(), 'after');
	}
	const search = options.search.trim();
	const latest = latestVersion(db);
	const rows = await db
		.select({
			entryId: entries.id,
			teamId: teams.id,
			teamName: teams.name,
			sortName,
			title: entries.title,
			status: entries.status,
			trackId: entries.trackId,
			trackSlug: tracks.slug,
			trackName: tracks.name,
			memberCount,
			latestVersion: latest.number,
			submittedAt: latest.submittedAt,
			updatedAt: entries.updatedAt
		})
		.from(entries)
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.leftJoinLateral(latest, sql`true`)
		.where(
			and(
				eq(entries.challengeId, challengeId),
				search
					? or(
							ilike(teams.name, containsPattern(search)),
							ilike(entries.title, containsPattern(search))
						)
					: undefined,
				options.status ? eq(entries.status, options.status) : undefined,
				options.trackId ? eq(entries.trackId, options.trackId) : undefined,
				after ? sql`(${sortName}, ${teams.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined
			)
		)
		.orderBy(sortName, asc(teams.id))
		.limit(pageSize + 1);
	const page = rows.slice(0, pageSize).map(({ sortName: _sortName, ...row }) => ({
		...row,
		memberCount: Number(row.memberCount)
	}));
	const last = rows.length > pageSize ? rows[pageSize - 1] : undefined;
	return {
		entries: page,
		nextAfter: last ? encodeCursor([last.sortName, last.teamId]) : undefined
	};
}

/**
 * An entry with everything an organizer checks: its team and members (with who is under 18 on
 * the deadline), the submitted versions and the files. 404 for an entry of another challenge.
 */
export async function getEntryForOrganizer(db: Executor, challengeId: string, entryId: string) {
	const [row] = await db
		.select({
			entry: entries,
			team: teams,
			track: { id: tracks.id, slug: tracks.slug, name: tracks.name },
			deadline: challenges.submissionDeadlineAt
		})
		.from(entries)
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.innerJoin(challenges, eq(challenges.id, entries.challengeId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.where(and(eq(entries.id, entryId), eq(entries.challengeId, challengeId)))
		.limit(1);
	if (!row) throw ServiceError.notFound();
	const { entry, team } = row;
	const fileIds = [entry.coverFileId, entry.deckFileId].filter((id): id is string => Boolean(id));
	const [members, versions, fileRows] = await Promise.all([
		db
			.select({
				userId: users.id,
				name: users.name,
				email: users.email,
				dateOfBirth: users.dateOfBirth,
				role: teamMembers.role,
				joinedAt: teamMembers.joinedAt,
				consentedAt: guardianConsents.consentedAt
			})
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.leftJoin(
				guardianConsents,
				and(
					eq(guardianConsents.userId, users.id),
					eq(guardianConsents.challengeId, team.challengeId)
				)
			)
			.where(eq(teamMembers.teamId, team.id))
			.orderBy(sql`${teamMembers.role} = 'lead' desc`, sql`lower(${users.name})`, asc(users.id)),
		db
			.select({
				number: entryVersions.number,
				submittedAt: entryVersions.submittedAt,
				submitterName: users.name
			})
			.from(entryVersions)
			.leftJoin(users, eq(users.id, entryVersions.submittedBy))
			.where(eq(entryVersions.entryId, entry.id))
			.orderBy(desc(entryVersions.number)),
		fileIds.length ? db.select().from(files).where(inArray(files.id, fileIds)) : []
	]);
	return {
		entry,
		team: { id: team.id, name: team.name, createdAt: team.createdAt },
		track: row.track,
		members: members.map(({ dateOfBirth, consentedAt, ...member }) => {
			const minor = isMinorOnDeadline(dateOfBirth, row.deadline);
			return { ...member, minor, consented: minor ? consentedAt !== null : null };
		}),
		versions,
		cover: fileRows.find((file) => file.id === entry.coverFileId) ?? null,
		deck: fileRows.find((file) => file.id === entry.deckFileId) ?? null
	};
}

/** Text answers, in form order: their keys are the CSV's column names. */
const TEXT_COLUMNS = QUESTION_ORDER.filter((key): key is TextQuestionKey => key in TEXT_QUESTIONS);

export const CSV_COLUMNS = [
	'team',
	'status',
	'latestVersion',
	'submittedAt',
	'track',
	'countries',
	'sdgs',
	'stage',
	...TEXT_COLUMNS,
	'memberCount',
	'memberNames',
	'memberEmails',
	'createdAt',
	'updatedAt'
] as const;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Members in a stable order (lead first), the same for names and emails. */
const memberOrder = sql`${teamMembers.role} = 'lead' desc, lower(${users.name}), ${users.id}`;

/**
 * Every team of the challenge and its entry as CSV (toCsv: quoted, formula-safe text, counts as
 * numbers), one row per team, in one query.
 */
export async function exportEntriesCsv(db: Executor, challengeId: string): Promise<string> {
	const latest = latestVersion(db);
	const rows = await db
		.select({
			team: teams.name,
			entry: entries,
			trackSlug: tracks.slug,
			latestVersion: latest.number,
			submittedAt: latest.submittedAt,
			memberCount,
			memberNames: sql<
				string | null
			>`(select string_agg(${users.name}, ';' order by ${memberOrder}) from ${teamMembers} inner join ${users} on ${users.id} = ${teamMembers.userId} where ${teamMembers.teamId} = ${teams.id})`,
			memberEmails: sql<
				string | null
			>`(select string_agg(${users.email}, ';' order by ${memberOrder}) from ${teamMembers} inner join ${users} on ${users.id} = ${teamMembers.userId} where ${teamMembers.teamId} = ${teams.id})`
		})
		.from(entries)
		.innerJoin(teams, eq(teams.id, entries.teamId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.leftJoinLateral(latest, sql`true`)
		.where(eq(entries.challengeId, challengeId))
		.orderBy(sortName, asc(teams.id));
	const records = rows.map((row) => [
		row.team,
		row.entry.status,
		row.latestVersion,
		iso(row.submittedAt),
		row.trackSlug,
		row.entry.countries.join(';'),
		row.entry.sdgs.join(';'),
		row.entry.stage,
		...TEXT_COLUMNS.map((key) => row.entry[key]),
		Number(row.memberCount),
		row.memberNames,
		row.memberEmails,
		iso(row.entry.createdAt),
		iso(row.entry.updatedAt)
	]);
	return toCsv(CSV_COLUMNS, records);
}
