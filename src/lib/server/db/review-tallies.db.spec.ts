import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { leaderboardFixtures, type FixtureCriterion } from '../testing/leaderboard-fixtures';
import { weightedTotal } from '$lib/domain/rubric';
import {
	assignments,
	criterionRoundTallies,
	criterionUnitTallies,
	criterionValueTallies,
	entries,
	judgeConflicts,
	roundEntries,
	scoreItems,
	scores
} from './schema';
import { seededRandom as prng } from '$lib/domain/seeded-random';

/**
 * The review tallies (migration review_tallies) are kept by database triggers. After every kind of
 * write that can change them — sheets submitted, reopened, edited, deleted; assignments made and
 * removed; entries withdrawn, reinstated, taken out of a round, put back, deleted; conflicts
 * confirmed and dismissed (suspending and restoring assignments); several rows in one statement —
 * they must equal a recount from the source tables, done here independently in TypeScript. A
 * seeded random sequence of such writes over two rounds that share entries.
 */
let database: TestDatabase;
let challengeId: string;
const fixtures = leaderboardFixtures(() => ({ db: database.db, challengeId }));

type Unit = { m: number; s: number; q: number; values: number[] };

/** The tallies as they should be, recounted from assignments, sheets, values and entries. */
async function recount(roundIds: string[]) {
	const db = database.db;
	const [memberships, entryRows, assignmentRows, sheetRows, itemRows] = await Promise.all([
		db.select().from(roundEntries).where(inArray(roundEntries.roundId, roundIds)),
		db.select({ id: entries.id, status: entries.status }).from(entries),
		db.select().from(assignments).where(inArray(assignments.roundId, roundIds)),
		db.select().from(scores),
		db.select().from(scoreItems)
	]);
	const status = new Map(entryRows.map((row) => [row.id, row.status]));
	const sheet = new Map(sheetRows.map((row) => [row.assignmentId, row]));
	const perEntry = new Map<string, { judges: string[]; totals: (number | null)[] }>();
	const units = new Map<string, Unit>();
	for (const membership of memberships) {
		const key = `${membership.roundId}|${membership.entryId}`;
		// A suspended assignment (a conflict blocks it) counts nowhere.
		const mine = assignmentRows
			.filter(
				(row) =>
					row.roundId === membership.roundId &&
					row.entryId === membership.entryId &&
					row.suspendedAt === null
			)
			.sort((a, b) => (a.judgeId < b.judgeId ? -1 : a.judgeId > b.judgeId ? 1 : 0));
		perEntry.set(key, {
			judges: mine.map((row) => row.judgeId),
			totals: mine.map((row) => {
				const found = sheet.get(row.id);
				return found?.status === 'submitted' ? found.totalHundredths : null;
			})
		});
		if (status.get(membership.entryId) === 'withdrawn') continue;
		for (const assignment of mine) {
			if (sheet.get(assignment.id)?.status !== 'submitted') continue;
			for (const item of itemRows) {
				if (item.assignmentId !== assignment.id || item.value === null) continue;
				const unitKey = `${membership.roundId}|${item.criterionId}|${membership.entryId}`;
				const unit = units.get(unitKey) ?? { m: 0, s: 0, q: 0, values: [] };
				unit.m += 1;
				unit.s += item.value;
				unit.q += item.value * item.value;
				unit.values.push(item.value);
				units.set(unitKey, unit);
			}
		}
	}
	const rounds = new Map<string, { n: number; s: number; q: number; within: number }>();
	const values = new Map<string, number>();
	for (const [key, unit] of units) {
		const [roundId, criterionId] = key.split('|');
		for (const value of unit.values) {
			const valueKey = `${roundId}|${criterionId}|${value}`;
			values.set(valueKey, (values.get(valueKey) ?? 0) + 1);
		}
		if (unit.m < 2) continue;
		const sums = rounds.get(`${roundId}|${criterionId}`) ?? { n: 0, s: 0, q: 0, within: 0 };
		sums.n += unit.m;
		sums.s += unit.s;
		sums.q += unit.q;
		sums.within += (unit.m * unit.q - unit.s * unit.s) / (unit.m - 1);
		rounds.set(`${roundId}|${criterionId}`, sums);
	}
	return { perEntry, units, rounds, values };
}

/** The tallies as the triggers left them (rows that add up to nothing count as absent). */
async function tallies(roundIds: string[]) {
	const db = database.db;
	const [memberships, unitRows, roundRows, valueRows] = await Promise.all([
		db
			.select({
				roundId: roundEntries.roundId,
				entryId: roundEntries.entryId,
				assignedJudges: roundEntries.assignedJudges,
				// As JSON: drizzle reads a NULL element of integer[] as NaN.
				reviewTotals: sql<(number | null)[]>`array_to_json(${roundEntries.reviewTotals})`
			})
			.from(roundEntries)
			.where(inArray(roundEntries.roundId, roundIds)),
		db.select().from(criterionUnitTallies).where(inArray(criterionUnitTallies.roundId, roundIds)),
		db.select().from(criterionRoundTallies).where(inArray(criterionRoundTallies.roundId, roundIds)),
		db.select().from(criterionValueTallies).where(inArray(criterionValueTallies.roundId, roundIds))
	]);
	return {
		perEntry: new Map(
			memberships.map((row) => [
				`${row.roundId}|${row.entryId}`,
				{ judges: row.assignedJudges, totals: row.reviewTotals }
			])
		),
		units: new Map(
			unitRows.map((row) => [
				`${row.roundId}|${row.criterionId}|${row.entryId}`,
				{ m: row.m, s: row.s, q: row.q, values: [...row.values].sort((a, b) => a - b) }
			])
		),
		rounds: new Map(
			roundRows
				.filter((row) => row.n !== 0 || row.s !== 0 || row.q !== 0 || Number(row.within) !== 0)
				.map((row) => [
					`${row.roundId}|${row.criterionId}`,
					{ n: row.n, s: row.s, q: row.q, within: Number(row.within) }
				])
		),
		values: new Map(
			valueRows
				.filter((row) => row.count !== 0)
				.map((row) => [`${row.roundId}|${row.criterionId}|${row.value}`, row.count])
		)
	};
}

/** Suspended exactly the assignments a confirmed team conflict blocks (recounted here). */
async function expectSuspensionsMatch(step: string) {
	const db = database.db;
	const [assignmentRows, entryRows, conflictRows] = await Promise.all([
		db.select().from(assignments),
		db.select({ id: entries.id, teamId: entries.teamId }).from(entries),
		db.select().from(judgeConflicts)
	]);
	const teamOf = new Map(entryRows.map((row) => [row.id, row.teamId]));
	for (const row of assignmentRows) {
		const blocked = conflictRows.some(
			(conflict) =>
				conflict.status === 'confirmed' &&
				conflict.judgeId === row.judgeId &&
				conflict.teamId === teamOf.get(row.entryId)
		);
		expect(row.suspendedAt !== null, `${step}: assignment ${row.id}`).toBe(blocked);
	}
}

async function expectTalliesMatch(roundIds: string[], step: string) {
	await expectSuspensionsMatch(step);
	const [expected, actual] = await Promise.all([recount(roundIds), tallies(roundIds)]);
	expect(actual.perEntry, step).toEqual(expected.perEntry);
	expect(actual.units, step).toEqual(
		new Map(
			[...expected.units].map(([key, unit]) => [
				key,
				{ ...unit, values: [...unit.values].sort((a, b) => a - b) }
			])
		)
	);
	expect([...actual.rounds.keys()].sort(), step).toEqual([...expected.rounds.keys()].sort());
	for (const [key, sums] of expected.rounds) {
		const found = actual.rounds.get(key)!;
		expect({ n: found.n, s: found.s, q: found.q }, step).toEqual({
			n: sums.n,
			s: sums.s,
			q: sums.q
		});
		expect(found.within, step).toBeCloseTo(sums.within, 9);
	}
	expect(actual.values, step).toEqual(expected.values);
}

describe('review tallies kept by the database', () => {
	let rubricId: string;
	let criteria: FixtureCriterion[];
	let roundIds: string[];
	let judgeIds: string[];
	const members: { roundId: string; entryId: string }[] = [];
	const entryIds: string[] = [];

	beforeAll(async () => {
		database = await createTestDatabase();
		challengeId = (await demoChallenge(database.db)).id;
		({ rubricId, criteria } = await fixtures.rubric([
			{ weight: 2, scaleMin: 1, scaleMax: 5 },
			{ weight: 1, scaleMin: 0, scaleMax: 10 },
			{ weight: 1, scaleMin: 1, scaleMax: 3 }
		]));
		roundIds = [await fixtures.round(rubricId), await fixtures.round(rubricId)];
		judgeIds = await fixtures.judges(['J1', 'J2', 'J3', 'J4', 'J5']);
		for (let index = 0; index < 6; index++) {
			const made = await fixtures.entry(roundIds[0]!, { title: `Entry ${index}` });
			entryIds.push(made.entryId);
			members.push({ roundId: roundIds[0]!, entryId: made.entryId });
		}
		// Three of them are in the second round too.
		for (const entryId of entryIds.slice(0, 3)) {
			await database.db
				.insert(roundEntries)
				.values({ roundId: roundIds[1]!, entryId, label: 100 + members.length });
			members.push({ roundId: roundIds[1]!, entryId });
		}
	});

	it('equal a recount after 120 random writes of every kind', async () => {
		const db = database.db;
		const random = prng(20261203);
		const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
		const someValues = () =>
			criteria.map((criterion) =>
				random() < 0.15
					? null
					: criterion.scaleMin +
						Math.floor(random() * (criterion.scaleMax - criterion.scaleMin + 1))
			);
		const totalOf = (values: (number | null)[]) =>
			weightedTotal(
				criteria,
				Object.fromEntries(criteria.map((criterion, index) => [criterion.id, values[index]]))
			);
		const sheets = async (status?: 'draft' | 'submitted') =>
			(
				await db
					.select({ assignmentId: scores.assignmentId })
					.from(scores)
					.where(status ? eq(scores.status, status) : undefined)
			).map((row) => row.assignmentId);
		let label = 500;

		const operations: Record<string, () => Promise<unknown>> = {
			async review() {
				const { roundId, entryId } = pick(members);
				const judgeId = pick(judgeIds);
				const taken = await db
					.select()
					.from(assignments)
					.where(
						and(
							eq(assignments.roundId, roundId),
							eq(assignments.entryId, entryId),
							eq(assignments.judgeId, judgeId)
						)
					);
				if (taken.length > 0) return;
				await fixtures.review(
					roundId,
					rubricId,
					criteria,
					entryId,
					judgeId,
					someValues(),
					random() < 0.3 ? 'draft' : 'submitted'
				);
			},
			async assignOnly() {
				const { roundId, entryId } = pick(members);
				await db
					.insert(assignments)
					.values({ roundId, entryId, judgeId: pick(judgeIds) })
					.onConflictDoNothing();
			},
			async submit() {
				const drafts = await sheets('draft');
				if (drafts.length === 0) return;
				const assignmentId = pick(drafts);
				const items = await db
					.select()
					.from(scoreItems)
					.where(eq(scoreItems.assignmentId, assignmentId));
				const values = criteria.map(
					(criterion) => items.find((item) => item.criterionId === criterion.id)?.value ?? null
				);
				await db.transaction(async (tx) => {
					await tx
						.update(scores)
						.set({ status: 'submitted', totalHundredths: totalOf(values), submittedAt: new Date() })
						.where(eq(scores.assignmentId, assignmentId));
				});
			},
			async reopen() {
				const submitted = await sheets('submitted');
				if (submitted.length === 0) return;
				await db
					.update(scores)
					.set({ status: 'draft', totalHundredths: null, submittedAt: null })
					.where(eq(scores.assignmentId, pick(submitted)));
			},
			async editValue() {
				const all = await sheets();
				if (all.length === 0) return;
				const criterion = pick(criteria);
				await db
					.update(scoreItems)
					.set({
						value: random() < 0.2 ? null : criterion.scaleMin + (random() < 0.5 ? 0 : 1)
					})
					.where(
						and(eq(scoreItems.assignmentId, pick(all)), eq(scoreItems.criterionId, criterion.id))
					);
			},
			async editManyInOneStatement() {
				const all = await sheets('submitted');
				if (all.length < 2) return;
				const chosen = [pick(all), pick(all), pick(all)];
				await db
					.update(scoreItems)
					.set({ value: criteria[0]!.scaleMax })
					.where(
						and(
							inArray(scoreItems.assignmentId, chosen),
							eq(scoreItems.criterionId, criteria[0]!.id)
						)
					);
			},
			async withdraw() {
				await db
					.update(entries)
					.set({ status: 'withdrawn' })
					.where(eq(entries.id, pick(entryIds)));
			},
			async reinstate() {
				await db
					.update(entries)
					.set({ status: 'submitted' })
					.where(eq(entries.id, pick(entryIds)));
			},
			async unassign() {
				const all = await db.select({ id: assignments.id }).from(assignments);
				if (all.length === 0) return;
				await db.delete(assignments).where(eq(assignments.id, pick(all).id));
			},
			async deleteSheet() {
				const all = await sheets();
				if (all.length === 0) return;
				await db.delete(scores).where(eq(scores.assignmentId, pick(all)));
			},
			async leaveRound() {
				if (members.length <= 2) return;
				const index = Math.floor(random() * members.length);
				const { roundId, entryId } = members[index]!;
				await db
					.delete(roundEntries)
					.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId)));
				members.splice(index, 1);
			},
			async confirmConflict() {
				// A judge declares a conflict with a team: its assignments are suspended at once.
				const entryId = pick(entryIds);
				const [entry] = await db
					.select({ teamId: entries.teamId })
					.from(entries)
					.where(eq(entries.id, entryId));
				if (!entry) return;
				await db.insert(judgeConflicts).values({
					challengeId,
					judgeId: pick(judgeIds),
					kind: 'team',
					teamId: entry.teamId,
					source: 'judge',
					status: 'confirmed'
				});
			},
			async dismissConflict() {
				const all = await db.select({ id: judgeConflicts.id }).from(judgeConflicts);
				if (all.length === 0) return;
				const { id } = pick(all);
				if (random() < 0.5)
					await db
						.update(judgeConflicts)
						.set({ status: 'dismissed' })
						.where(eq(judgeConflicts.id, id));
				else await db.delete(judgeConflicts).where(eq(judgeConflicts.id, id));
			},
			async joinRound() {
				const roundId = pick(roundIds);
				const entryId = pick(entryIds);
				if (members.some((row) => row.roundId === roundId && row.entryId === entryId)) return;
				await db.insert(roundEntries).values({ roundId, entryId, label: ++label });
				members.push({ roundId, entryId });
			}
		};
		const names = Object.keys(operations);
		const counts = Object.fromEntries(names.map((name) => [name, 0]));
		for (let step = 0; step < 120; step++) {
			// Reviews first, so that there is something to reopen, edit and delete.
			const name = step < 25 ? 'review' : pick(names);
			await operations[name]!();
			counts[name] += 1;
			await expectTalliesMatch(roundIds, `step ${step}: ${name}`);
		}
		for (const name of names) expect(counts[name], name).toBeGreaterThan(0);

		// Finally an entry deleted outright (its sheets, assignments and places go by cascade).
		await db.delete(entries).where(eq(entries.id, entryIds[0]!));
		await expectTalliesMatch(roundIds, 'entry deleted');
		const units = await db.select().from(criterionUnitTallies);
		expect(units.some((unit) => unit.entryId === entryIds[0])).toBe(false);
	});
});
