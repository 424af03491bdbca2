import { randomBytes, randomUUID } from 'node:crypto';
import { weightedTotal } from '$lib/domain/rubric';
import type { Database } from '../db';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	rubricCriteria,
	rubrics,
	scoreItems,
	scores,
	teams
} from '../db/schema';
import { createUser } from './fixtures';

type Context = { db: Database; challengeId: string };

export type FixtureCriterion = { id: string; weight: number; scaleMin: number; scaleMax: number };

/**
 * Rubrics, rounds, entries and score sheets with criterion values, made directly in the
 * database for the leaderboard's tests. Totals are computed with weightedTotal, as saveScore does.
 * `context` is read at call time (the test database is made in beforeAll).
 */
export function leaderboardFixtures(context: () => Context) {
	let position = 100;
	let label = 0;

	async function round(
		rubricId: string,
		options: {
			judgesPerEntry?: number;
			state?: 'draft' | 'open' | 'closed';
			challengeId?: string;
		} = {}
	) {
		const [row] = await context()
			.db.insert(rounds)
			.values({
				challengeId: options.challengeId ?? context().challengeId,
				position: ++position,
				name: `Round ${position}`,
				rubricId,
				state: options.state ?? 'closed',
				judgesPerEntry: options.judgesPerEntry ?? 3,
				opensAt: new Date('2026-01-01T00:00:00Z'),
				closesAt: new Date('2026-02-01T00:00:00Z')
			})
			.returning({ id: rounds.id });
		return row!.id;
	}

	/** A team and its entry in the round (labels 1, 2, 3… in the order made). */
	async function entry(
		roundId: string,
		options: { title: string; trackId?: string | null; status?: 'submitted' | 'withdrawn' }
	) {
		const { db, challengeId } = context();
		const [team] = await db
			.insert(teams)
			.values({ challengeId, name: `Team ${options.title} ${randomBytes(3).toString('hex')}` })
			.returning({ id: teams.id, name: teams.name });
		const [row] = await db
			.insert(entries)
			.values({
				teamId: team!.id,
				challengeId,
				status: options.status ?? 'submitted',
				title: options.title,
				trackId: options.trackId ?? null
			})
			.returning({ id: entries.id });
		await db.insert(roundEntries).values({ roundId, entryId: row!.id, label: ++label });
		return { entryId: row!.id, teamId: team!.id, teamName: team!.name, label };
	}

	return {
		rubric: (
			criteria: { weight: number; scaleMin: number; scaleMax: number }[],
			challengeId = context().challengeId
		) => insertRubric(context().db, criteria, challengeId),
		round,
		judges: (names: string[]) => insertJudges(context().db, names),
		entry,
		assign: (roundId: string, entryId: string, judgeId: string) =>
			insertAssignment(context().db, roundId, entryId, judgeId),
		review: (...args: ReviewArguments) => insertReview(context().db, ...args)
	};
}

type ReviewArguments =
	Parameters<typeof insertReview> extends [Database, ...infer Rest] ? Rest : never;

async function insertRubric(
	db: Database,
	criteria: { weight: number; scaleMin: number; scaleMax: number }[],
	challengeId: string
) {
	const [row] = await db
		.insert(rubrics)
		.values({
			challengeId,
			familyId: randomUUID(),
			name: `Rubric ${randomBytes(3).toString('hex')}`
		})
		.returning({ id: rubrics.id });
	const inserted = await db
		.insert(rubricCriteria)
		.values(
			criteria.map((criterion, index) => ({
				rubricId: row!.id,
				position: index,
				name: `Criterion ${index + 1}`,
				...criterion
			}))
		)
		.returning({
			id: rubricCriteria.id,
			weight: rubricCriteria.weight,
			scaleMin: rubricCriteria.scaleMin,
			scaleMax: rubricCriteria.scaleMax,
			position: rubricCriteria.position
		});
	inserted.sort((a, b) => a.position - b.position);
	return { rubricId: row!.id, criteria: inserted as FixtureCriterion[] };
}

async function insertJudges(db: Database, names: string[]) {
	const ids: string[] = [];
	for (const name of names) ids.push((await createUser(db, { roles: ['judge'], name })).id);
	return ids;
}

async function insertAssignment(db: Database, roundId: string, entryId: string, judgeId: string) {
	const [row] = await db
		.insert(assignments)
		.values({ roundId, entryId, judgeId })
		.returning({ id: assignments.id });
	return row!.id;
}

/** An assignment with a score sheet holding `values` (one per criterion, in order). */
async function insertReview(
	db: Database,
	roundId: string,
	rubricId: string,
	criteria: FixtureCriterion[],
	entryId: string,
	judgeId: string,
	values: (number | null)[],
	status: 'draft' | 'submitted' = 'submitted'
) {
	const assignmentId = await insertAssignment(db, roundId, entryId, judgeId);
	const total = weightedTotal(
		criteria,
		Object.fromEntries(criteria.map((criterion, index) => [criterion.id, values[index]]))
	);
	await db.insert(scores).values({
		assignmentId,
		rubricId,
		status,
		totalHundredths: status === 'submitted' ? total : null,
		submittedAt: status === 'submitted' ? new Date() : null
	});
	await db.insert(scoreItems).values(
		criteria.map((criterion, index) => ({
			assignmentId,
			criterionId: criterion.id,
			scaleMin: criterion.scaleMin,
			scaleMax: criterion.scaleMax,
			value: values[index] ?? null
		}))
	);
	return assignmentId;
}
