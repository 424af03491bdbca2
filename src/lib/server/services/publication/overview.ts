import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
	asPublishedBasis,
	asScoreBasis,
	type PublishedBasis,
	type ScoreBasis
} from '$lib/domain/score-basis';
import { type Executor } from '../../db';
import {
	entries,
	entryDecisions,
	entryVersions,
	publishedResults,
	resultPublications,
	roundEntries,
	rounds,
	teams,
	users,
	type Decision,
	type RoundState
} from '../../db/schema';

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
export async function roundsNotClosedWithDecisions(db: Executor, challengeId: string) {
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
