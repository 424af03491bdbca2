import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../db';
import {
	assignments,
	entries,
	roundEntries,
	rounds,
	scores,
	teamMembers,
	teams
} from '../db/schema';
import { ServiceError } from '../errors';
import type { getCurrentChallenge } from '../services/challenges';
import { createUser } from './fixtures';

type Context = {
	db: Database;
	challenge: NonNullable<Awaited<ReturnType<typeof getCurrentChallenge>>>;
	rubricId: string;
};

/**
 * Rounds, judges, entries and score sheets made directly in the database, for the judging
 * services' tests. `context` is read at call time (the test database is made in beforeAll).
 */
export function judgingFixtures(context: () => Context) {
	let position = 10;

	async function refusal(promise: Promise<unknown>) {
		const error = await promise.then(
			() => null,
			(caught: unknown) => caught
		);
		expect(error).toBeInstanceOf(ServiceError);
		return error as ServiceError;
	}

	async function newRound(judgesPerEntry: number, state: 'draft' | 'open' | 'closed' = 'draft') {
		const [round] = await context()
			.db.insert(rounds)
			.values({
				challengeId: context().challenge.id,
				position: ++position,
				name: `Round ${position}`,
				rubricId: context().rubricId,
				state,
				judgesPerEntry,
				opensAt: new Date('2026-01-01T00:00:00Z'),
				closesAt: new Date('2026-02-01T00:00:00Z')
			})
			.returning({ id: rounds.id });
		return round!.id;
	}

	async function judges(count: number) {
		const list = [];
		for (let index = 0; index < count; index++)
			list.push(await createUser(context().db, { roles: ['judge'], name: `Judge ${index}` }));
		return list.map((judge) => judge.id);
	}

	async function addEntries(
		roundId: string,
		count: number,
		status: 'submitted' | 'withdrawn' = 'submitted'
	) {
		const ids: string[] = [];
		const existing = await context()
			.db.select({ label: roundEntries.label })
			.from(roundEntries)
			.where(eq(roundEntries.roundId, roundId));
		let label = existing.length;
		for (let index = 0; index < count; index++) {
			const lead = await createUser(context().db);
			const [team] = await context()
				.db.insert(teams)
				.values({
					challengeId: context().challenge.id,
					name: `Team ${randomBytes(4).toString('hex')}`
				})
				.returning({ id: teams.id });
			await context().db.insert(teamMembers).values({
				teamId: team!.id,
				challengeId: context().challenge.id,
				userId: lead.id,
				role: 'lead'
			});
			const [entry] = await context()
				.db.insert(entries)
				.values({
					teamId: team!.id,
					challengeId: context().challenge.id,
					status,
					title: `Entry title ${index}`,
					trackId: context().challenge.tracks[0]?.id ?? null
				})
				.returning({ id: entries.id, teamId: entries.teamId });
			await context()
				.db.insert(roundEntries)
				.values({ roundId, entryId: entry!.id, label: ++label });
			ids.push(entry!.id);
		}
		return ids;
	}

	async function roundAssignments(roundId: string) {
		return context()
			.db.select({
				id: assignments.id,
				entryId: assignments.entryId,
				judgeId: assignments.judgeId,
				assignedBy: assignments.assignedBy
			})
			.from(assignments)
			.where(eq(assignments.roundId, roundId));
	}

	async function score(assignmentId: string, status: 'draft' | 'submitted', total = 7000) {
		await context()
			.db.insert(scores)
			.values({
				assignmentId,
				rubricId: context().rubricId,
				status,
				totalHundredths: status === 'submitted' ? total : null,
				submittedAt: status === 'submitted' ? new Date() : null
			});
	}

	return { refusal, newRound, judges, addEntries, roundAssignments, score };
}
