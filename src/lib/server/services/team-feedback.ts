import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { assignments, rounds, rubricCriteria, scoreItems, scores } from '../db/schema';

export type CriterionAverage = {
	name: string;
	scaleMin: number;
	scaleMax: number;
	/** Mean of the submitted values, or null when no judge scored it. */
	average: number | null;
};

export type RoundFeedback = {
	roundId: string;
	roundName: string;
	releasedAt: Date;
	/** Number of submitted score sheets behind the averages. */
	reviews: number;
	criteria: CriterionAverage[];
	/** Judges' feedback texts, without any judge identity, in a fixed but meaningless order. */
	feedback: string[];
};

/**
 * What a team may read about its entry's judging: for each round whose feedback the organizers
 * released, the per-criterion averages and the feedback texts of submitted scores. Never a
 * judge's name, email, id, private note or individual score sheet. Three queries, any number
 * of rounds.
 */
export async function teamFeedback(db: Executor, entryId: string): Promise<RoundFeedback[]> {
	const released = await db
		.select({
			id: rounds.id,
			name: rounds.name,
			rubricId: rounds.rubricId,
			releasedAt: rounds.feedbackReleasedAt,
			position: rounds.position
		})
		.from(rounds)
		.innerJoin(assignments, eq(assignments.roundId, rounds.id))
		.where(and(eq(assignments.entryId, entryId), isNotNull(rounds.feedbackReleasedAt)))
		.groupBy(rounds.id)
		.orderBy(asc(rounds.position));
	if (released.length === 0) return [];
	const roundIds = released.map((round) => round.id);

	// Per round and criterion: the mean of submitted values, by the rubric that was scored.
	const averages = await db
		.select({
			roundId: assignments.roundId,
			criterionId: rubricCriteria.id,
			name: rubricCriteria.name,
			position: rubricCriteria.position,
			scaleMin: rubricCriteria.scaleMin,
			scaleMax: rubricCriteria.scaleMax,
			average: sql<string | null>`avg(${scoreItems.value})`
		})
		.from(assignments)
		.innerJoin(scores, and(eq(scores.assignmentId, assignments.id), eq(scores.status, 'submitted')))
		.innerJoin(rubricCriteria, eq(rubricCriteria.rubricId, scores.rubricId))
		.leftJoin(
			scoreItems,
			and(
				eq(scoreItems.assignmentId, assignments.id),
				eq(scoreItems.criterionId, rubricCriteria.id)
			)
		)
		.where(
			and(
				eq(assignments.entryId, entryId),
				inArray(assignments.roundId, roundIds),
				isNull(assignments.suspendedAt)
			)
		)
		.groupBy(assignments.roundId, rubricCriteria.id)
		.orderBy(asc(rubricCriteria.position));

	// Feedback texts, ordered by a hash of the assignment so the order says nothing about who.
	const texts = await db
		.select({ roundId: assignments.roundId, feedback: scores.feedback })
		.from(assignments)
		.innerJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.entryId, entryId),
				inArray(assignments.roundId, roundIds),
				// A review a conflict set aside is no feedback.
				isNull(assignments.suspendedAt),
				eq(scores.status, 'submitted')
			)
		)
		.orderBy(sql`md5(${assignments.id}::text)`);

	return released.map((round) => {
		const own = texts.filter((row) => row.roundId === round.id);
		return {
			roundId: round.id,
			roundName: round.name,
			releasedAt: round.releasedAt as Date,
			reviews: own.length,
			criteria: averages
				.filter((row) => row.roundId === round.id)
				.map((row) => ({
					name: row.name,
					scaleMin: row.scaleMin,
					scaleMax: row.scaleMax,
					average: row.average === null ? null : Math.round(Number(row.average) * 10) / 10
				})),
			feedback: own.map((row) => row.feedback.trim()).filter((text) => text.length > 0)
		};
	});
}
