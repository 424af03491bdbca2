import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	rubricCriteria,
	scoreItems,
	scores
} from '../db/schema';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor } from '../testing/fixtures';
import { teamFeedback } from './team-feedback';
import { createTeam } from './teams';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

describe('feedback to teams', () => {
	it('shows released rounds only: averages and texts of submitted scores, no judge and no private note', async () => {
		const { db } = database;
		const challenge = await demoChallenge(db);
		const lead = await createUser(db);
		const team = await createTeam(db, testActor(lead.id), { challenge, name: 'Feedback team' });
		const [entry] = await db.select().from(entries).where(eq(entries.teamId, team.id));
		const [round] = await db
			.select()
			.from(rounds)
			.where(eq(rounds.challengeId, challenge.id))
			.orderBy(asc(rounds.position))
			.limit(1);
		const criteria = await db
			.select()
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, round.rubricId))
			.orderBy(asc(rubricCriteria.position));
		await db.insert(roundEntries).values({ roundId: round.id, entryId: entry.id, label: 1 });

		const judges = await Promise.all(
			['Judge Visible Name One', 'Judge Visible Name Two', 'Judge Drafting'].map((name) =>
				createUser(db, { name, roles: ['judge'] })
			)
		);
		const sheets = [
			{ value: 4, status: 'submitted', feedback: 'Strong evidence of need.' },
			{ value: 2, status: 'submitted', feedback: '' },
			{ value: 5, status: 'draft', feedback: 'Draft text that must not show.' }
		] as const;
		for (const [index, judge] of judges.entries()) {
			const sheet = sheets[index];
			const [assignment] = await db
				.insert(assignments)
				.values({ roundId: round.id, entryId: entry.id, judgeId: judge.id })
				.returning();
			await db.insert(scores).values({
				assignmentId: assignment.id,
				rubricId: round.rubricId,
				status: sheet.status,
				feedback: sheet.feedback,
				privateNote: `Private note by ${judge.email}`,
				submittedAt: sheet.status === 'submitted' ? new Date() : null
			});
			await db.insert(scoreItems).values(
				criteria.map((criterion) => ({
					assignmentId: assignment.id,
					criterionId: criterion.id,
					scaleMin: criterion.scaleMin,
					scaleMax: criterion.scaleMax,
					// The first criterion is left unscored by the second judge.
					value: index === 1 && criterion.position === criteria[0].position ? null : sheet.value
				}))
			);
		}

		// Not released: nothing.
		expect(await teamFeedback(db, entry.id)).toEqual([]);

		await db.update(rounds).set({ feedbackReleasedAt: new Date() }).where(eq(rounds.id, round.id));
		const feedback = await teamFeedback(db, entry.id);
		expect(feedback).toHaveLength(1);
		expect(feedback[0].reviews).toBe(2);
		expect(feedback[0].feedback).toEqual(['Strong evidence of need.']);
		expect(feedback[0].criteria.map((criterion) => criterion.name)).toEqual(
			criteria.map((criterion) => criterion.name)
		);
		// Only submitted sheets count: (4 + 2) / 2, and 4 alone where the second left it empty.
		expect(feedback[0].criteria[0].average).toBe(4);
		expect(feedback[0].criteria.slice(1).every((criterion) => criterion.average === 3)).toBe(true);

		const text = JSON.stringify(feedback);
		for (const judge of judges) {
			expect(text).not.toContain(judge.id);
			expect(text).not.toContain(judge.email);
			expect(text).not.toContain(judge.name);
		}
		expect(text).not.toContain('Private note');
		expect(text).not.toContain('Draft text');
	});
});
