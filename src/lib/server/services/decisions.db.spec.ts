import { and, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as audit from '../audit';
import { auditLog, entries, entryDecisions, roundEntries, rounds } from '../db/schema';
import { ServiceError } from '../errors';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { leaderboardFixtures, type FixtureCriterion } from '../testing/leaderboard-fixtures';
import {
	decideTopOfEachTrack,
	decisionHistory,
	getDecision,
	moveAdvancedEntries,
	SCORE_BASIS_ACTION,
	setDecision,
	setDecisions,
	setRoundScoreBasis,
	topOfEachTrack
} from './decisions';
import { getLeaderboard } from './leaderboard';

// recordAudit wrapped, so one test can make it fail half-way through a bulk change.
vi.mock('../audit', async (importOriginal) => {
	const real = await importOriginal<typeof import('../audit')>();
	return { ...real, recordAudit: vi.fn(real.recordAudit) };
});

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let organizer: { actorId: string; ipAddress: string };
let rubricId: string;
let criteria: FixtureCriterion[];
const fixtures = leaderboardFixtures(() => ({ db: database.db, challengeId: challenge.id }));

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const person = await createUser(database.db, { roles: ['organizer'], name: 'Mina Park' });
	organizer = { actorId: person.id, ipAddress: '203.0.113.7' };
	({ rubricId, criteria } = await fixtures.rubric([{ weight: 1, scaleMin: 0, scaleMax: 100 }]));
});

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

/** A closed round with entries scored by two judges: `scores[i]` is entry i's total. */
async function scoredRound(
	scores: (number | null)[],
	options: { tracks?: (string | null)[]; state?: 'open' | 'closed' } = {}
) {
	const roundId = await fixtures.round(rubricId, {
		judgesPerEntry: 2,
		state: options.state ?? 'closed'
	});
	const judges = await fixtures.judges(['Judge A', 'Judge B']);
	const made = [];
	for (const [index, score] of scores.entries()) {
		const entry = await fixtures.entry(roundId, {
			title: `Entry ${index}`,
			trackId: options.tracks ? options.tracks[index] : challenge.tracks[0]!.id
		});
		if (score !== null)
			for (const judgeId of judges)
				await fixtures.review(roundId, rubricId, criteria, entry.entryId, judgeId, [score]);
		made.push(entry);
	}
	return { roundId, entries: made, ids: made.map((entry) => entry.entryId) };
}

const decisionRows = (roundId: string) =>
	database.db.select().from(entryDecisions).where(eq(entryDecisions.roundId, roundId));

const auditRows = (entryIds: string[]) =>
	database.db
		.select()
		.from(auditLog)
		.where(
			and(
				eq(auditLog.entityType, 'entry'),
				inArray(auditLog.entityId, entryIds),
				like(auditLog.action, 'decision.%')
			)
		)
		.orderBy(auditLog.id);

describe('setDecision', () => {
	it('records the decision with its note, and every change in the audit log', async () => {
		const { roundId, ids } = await scoredRound([80]);
		const [entryId] = ids as [string];
		expect(
			await setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryId,
				decision: 'shortlist',
				note: '  Strong pilot '
			})
		).toEqual({ changed: true });
		const decision = await getDecision(database.db, roundId, entryId);
		expect(decision).toMatchObject({
			decision: 'shortlist',
			note: 'Strong pilot',
			decidedBy: 'Mina Park'
		});

		// An override says why; the audit keeps both decisions and the note.
		await setDecision(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryId,
			decision: 'not_selected',
			note: 'Data licence unclear'
		});
		await setDecision(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryId,
			decision: null,
			note: 'Reconsider'
		});
		expect(await getDecision(database.db, roundId, entryId)).toBeNull();

		const records = await auditRows([entryId]);
		expect(records.map((record) => record.action)).toEqual([
			'decision.set',
			'decision.set',
			'decision.clear'
		]);
		expect(records.map((record) => record.data)).toEqual([
			expect.objectContaining({
				roundId,
				from: null,
				to: 'shortlist',
				note: 'Strong pilot',
				via: 'entry'
			}),
			expect.objectContaining({
				from: 'shortlist',
				to: 'not_selected',
				note: 'Data licence unclear'
			}),
			expect.objectContaining({ from: 'not_selected', to: null, note: 'Reconsider' })
		]);
		for (const record of records) {
			expect(record.actorId).toBe(organizer.actorId);
			expect(record.ipAddress).toBe(organizer.ipAddress);
		}

		// The history page reads the same records, newest first.
		const history = await decisionHistory(database.db, roundId, entryId);
		expect(history.map((item) => [item.from, item.to, item.note, item.actorName])).toEqual([
			['not_selected', null, 'Reconsider', 'Mina Park'],
			['shortlist', 'not_selected', 'Data licence unclear', 'Mina Park'],
			[null, 'shortlist', 'Strong pilot', 'Mina Park']
		]);
	});

	it('changes nothing (and audits nothing) when decision and note are the same', async () => {
		const { roundId, ids } = await scoredRound([70]);
		const [entryId] = ids as [string];
		await setDecision(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryId,
			decision: 'advance',
			note: 'Go'
		});
		expect(
			await setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryId,
				decision: 'advance',
				note: 'Go'
			})
		).toEqual({ changed: false });
		expect(await auditRows([entryId])).toHaveLength(1);
		// A new note on the same decision is a change: the reason is kept.
		expect(
			await setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryId,
				decision: 'advance',
				note: 'Go, clearly'
			})
		).toEqual({ changed: true });
		expect(await auditRows([entryId])).toHaveLength(2);
	});

	it('refuses open rounds, entries of other rounds, withdrawn entries and long notes', async () => {
		const open = await scoredRound([60], { state: 'open' });
		const closed = await scoredRound([60]);
		const openRefusal = await refusal(
			setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId: open.roundId,
				entryId: open.ids[0]!,
				decision: 'shortlist'
			})
		);
		expect(openRefusal.status).toBe(409);

		const elsewhere = await refusal(
			setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId: closed.roundId,
				entryId: open.ids[0]!,
				decision: 'shortlist'
			})
		);
		expect([elsewhere.status, elsewhere.field]).toEqual([400, 'entryId']);

		await database.db
			.update(entries)
			.set({ status: 'withdrawn' })
			.where(eq(entries.id, closed.ids[0]!));
		const withdrawn = await refusal(
			setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId: closed.roundId,
				entryId: closed.ids[0]!,
				decision: 'advance'
			})
		);
		expect([withdrawn.status, withdrawn.field]).toEqual([400, 'entryId']);

		const other = await scoredRound([55]);
		const long = await refusal(
			setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId: other.roundId,
				entryId: other.ids[0]!,
				decision: 'advance',
				note: 'x'.repeat(2001)
			})
		);
		expect([long.status, long.field]).toEqual([400, 'note']);

		const missing = await refusal(
			setDecision(database.db, organizer, {
				challengeId: challenge.id,
				roundId: '00000000-0000-4000-8000-000000000000',
				entryId: other.ids[0]!,
				decision: 'advance'
			})
		);
		expect(missing.status).toBe(404);
		expect(await decisionRows(other.roundId)).toEqual([]);
	});
});

describe('setDecisions (checked rows)', () => {
	it('decides every checked entry with one audit record each', async () => {
		const { roundId, ids } = await scoredRound([90, 80, 70]);
		const result = await setDecisions(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryIds: [ids[0]!, ids[2]!, ids[0]!],
			decision: 'shortlist',
			note: 'Panel agreed'
		});
		expect(result).toEqual({ changed: 2 });
		const rows = await decisionRows(roundId);
		expect(rows.map((row) => row.entryId).sort()).toEqual([ids[0], ids[2]].sort());
		expect(rows.every((row) => row.note === 'Panel agreed' && row.decision === 'shortlist')).toBe(
			true
		);
		const records = await auditRows(ids);
		expect(records).toHaveLength(2);
		expect(records.every((record) => record.data.via === 'selected')).toBe(true);
	});

	it('writes nothing when one of the entries cannot be decided', async () => {
		const { roundId, ids } = await scoredRound([90, 80]);
		const other = await scoredRound([50]);
		const error = await refusal(
			setDecisions(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryIds: [...ids, other.ids[0]!],
				decision: 'shortlist'
			})
		);
		expect(error.field).toBe('entryId');
		expect(await decisionRows(roundId)).toEqual([]);
		expect(await auditRows(ids)).toEqual([]);
	});

	it('is one transaction: a failure half-way leaves no decision behind', async () => {
		const { roundId, ids } = await scoredRound([90, 80, 70]);
		const recordAudit = vi.mocked(audit.recordAudit);
		const real = recordAudit.getMockImplementation()!;
		recordAudit
			.mockImplementationOnce(real)
			.mockImplementationOnce(() => Promise.reject(new Error('audit log unavailable')));
		await expect(
			setDecisions(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryIds: ids,
				decision: 'advance',
				note: 'Batch'
			})
		).rejects.toThrow('audit log unavailable');
		expect(await decisionRows(roundId)).toEqual([]);
		expect(await auditRows(ids)).toEqual([]);
		// And it works once the audit log is back.
		expect(
			await setDecisions(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				entryIds: ids,
				decision: 'advance',
				note: 'Batch'
			})
		).toEqual({ changed: 3 });
	});
});

describe('top N of each track', () => {
	it('picks entries ranked within N of their own track (ties included, unranked never)', () => {
		const rows = [
			{ entryId: 'a', trackRankRaw: 1, trackRankAdjusted: 2 },
			{ entryId: 'b', trackRankRaw: 2, trackRankAdjusted: 1 },
			{ entryId: 'c', trackRankRaw: 2, trackRankAdjusted: 3 },
			{ entryId: 'd', trackRankRaw: 4, trackRankAdjusted: 4 },
			{ entryId: 'e', trackRankRaw: null, trackRankAdjusted: null },
			{ entryId: 'x', trackRankRaw: 1, trackRankAdjusted: 1 }
		];
		expect(topOfEachTrack(rows, 2, 'raw')).toEqual(['a', 'b', 'c', 'x']);
		expect(topOfEachTrack(rows, 2, 'adjusted')).toEqual(['a', 'b', 'x']);
		expect(topOfEachTrack(rows, 1, 'adjusted')).toEqual(['b', 'x']);
	});

	it("shortlists the top N of each track by the round's score, in one go", async () => {
		const first = challenge.tracks[0]!;
		const second = challenge.tracks[1]!;
		const { roundId, ids } = await scoredRound([90, 80, 80, 60, 70, 50, null], {
			tracks: [first.id, first.id, first.id, first.id, second.id, second.id, second.id]
		});
		// An earlier decision on an entry outside the top stays.
		await setDecision(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryId: ids[3]!,
			decision: 'not_selected'
		});
		const result = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			count: 2,
			decision: 'shortlist',
			note: 'Top two per track'
		});
		// Judges who agree: the adjusted score is the raw mean; no line between unsure entries.
		expect(result).toEqual({
			basis: 'adjusted',
			uncertain: [],
			applied: true,
			changed: 5,
			picked: 5
		});
		const decided = new Map(
			(await decisionRows(roundId)).map((row) => [row.entryId, row.decision])
		);
		expect(ids.map((id) => decided.get(id) ?? null)).toEqual([
			'shortlist',
			'shortlist',
			'shortlist', // tied for 2nd
			'not_selected',
			'shortlist',
			'shortlist',
			null // no review, no rank
		]);
		const records = await auditRows(ids);
		expect(records.filter((record) => record.data.via === 'top')).toHaveLength(5);
		expect(records.find((record) => record.data.via === 'top')!.data).toMatchObject({
			basis: 'adjusted',
			count: 2,
			uncertainLines: 0
		});

		// Again: nothing changes, nothing is audited twice.
		expect(
			await decideTopOfEachTrack(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				count: 2,
				decision: 'shortlist',
				note: 'Top two per track'
			})
		).toMatchObject({ applied: true, changed: 0, picked: 5 });
		expect(await auditRows(ids)).toHaveLength(records.length);
	});

	it('refuses a count out of range and a round where nothing is ranked', async () => {
		const { roundId } = await scoredRound([null, null]);
		for (const count of [0, 501, 1.5]) {
			const error = await refusal(
				decideTopOfEachTrack(database.db, organizer, {
					challengeId: challenge.id,
					roundId,
					count,
					decision: 'shortlist'
				})
			);
			expect([error.status, error.field]).toEqual([400, 'count']);
		}
		const nothing = await refusal(
			decideTopOfEachTrack(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				count: 3,
				decision: 'advance'
			})
		);
		expect(nothing.status).toBe(409);
	});
});

/**
 * A round where the two scores disagree: A is lenient, B harsh (they share s1, s2: 70/40 and
 * 66/38, so the model gives A +9.67 and B −9.67); x was reviewed by A alone (80), y by B alone
 * (75). Raw mean: x first; adjusted: y (84.67) before x (70.33). All in one track.
 */
async function splitRound() {
	const roundId = await fixtures.round(rubricId, { judgesPerEntry: 2, state: 'closed' });
	const [a, b] = await fixtures.judges(['Lenient A', 'Harsh B']);
	const trackId = challenge.tracks[0]!.id;
	const made: Record<string, string> = {};
	for (const key of ['s1', 's2', 'x', 'y'])
		made[key] = (await fixtures.entry(roundId, { title: key, trackId })).entryId;
	const sheets: [string, string, number][] = [
		['s1', a!, 70],
		['s1', b!, 40],
		['s2', a!, 66],
		['s2', b!, 38],
		['x', a!, 80],
		['y', b!, 75]
	];
	for (const [key, judgeId, score] of sheets)
		await fixtures.review(roundId, rubricId, criteria, made[key]!, judgeId, [score]);
	return { roundId, made };
}

describe("the round's deciding score", () => {
	const basisAudit = (roundId: string) =>
		database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, roundId), eq(auditLog.action, SCORE_BASIS_ACTION)))
			.orderBy(auditLog.id);

	it('is adjusted by default; a change is stored with who and when, and audited once', async () => {
		const { roundId } = await splitRound();
		const before = await getLeaderboard(database.db, challenge.id, roundId);
		expect(before!.round).toMatchObject({ scoreBasis: 'adjusted', scoreBasisChosenAt: null });

		expect(
			await setRoundScoreBasis(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				basis: 'raw'
			})
		).toEqual({
			changed: true
		});
		const [row] = await database.db.select().from(rounds).where(eq(rounds.id, roundId));
		expect(row).toMatchObject({ scoreBasis: 'raw', scoreBasisChosenBy: organizer.actorId });
		expect(row!.scoreBasisChosenAt).toBeInstanceOf(Date);
		const after = await getLeaderboard(database.db, challenge.id, roundId);
		expect(after!.round).toMatchObject({ scoreBasis: 'raw', scoreBasisChosenBy: 'Mina Park' });

		// The same choice again changes nothing and writes no record.
		expect(
			await setRoundScoreBasis(database.db, organizer, {
				challengeId: challenge.id,
				roundId,
				basis: 'raw'
			})
		).toEqual({
			changed: false
		});
		await setRoundScoreBasis(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			basis: 'adjusted'
		});
		const records = await basisAudit(roundId);
		expect(records.map((record) => [record.data.from, record.data.to])).toEqual([
			['adjusted', 'raw'],
			['raw', 'adjusted']
		]);
		for (const record of records) {
			expect(record).toMatchObject({
				actorId: organizer.actorId,
				ipAddress: organizer.ipAddress,
				entityType: 'round'
			});
		}
	});

	it("is refused for another challenge's round (or none)", async () => {
		const missing = await refusal(
			setRoundScoreBasis(database.db, organizer, {
				challengeId: challenge.id,
				roundId: '00000000-0000-4000-8000-000000000000',
				basis: 'raw'
			})
		);
		expect(missing.status).toBe(404);
	});

	it('decides the top N: the raw leader when the round chose raw, the adjusted one otherwise', async () => {
		const raw = await splitRound();
		await setRoundScoreBasis(database.db, organizer, {
			challengeId: challenge.id,
			roundId: raw.roundId,
			basis: 'raw'
		});
		const byRaw = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId: raw.roundId,
			count: 1,
			decision: 'shortlist',
			confirmUncertain: true
		});
		expect(byRaw).toMatchObject({ basis: 'raw', applied: true, picked: 1 });
		expect((await decisionRows(raw.roundId)).map((row) => row.entryId)).toEqual([raw.made.x]);

		const adjusted = await splitRound();
		const byAdjusted = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId: adjusted.roundId,
			count: 1,
			decision: 'shortlist',
			confirmUncertain: true
		});
		expect(byAdjusted).toMatchObject({ basis: 'adjusted', applied: true, picked: 1 });
		expect((await decisionRows(adjusted.roundId)).map((row) => row.entryId)).toEqual([
			adjusted.made.y
		]);
	});

	it('warns when the line falls inside overlapping intervals, and decides once confirmed', async () => {
		const { roundId, made } = await splitRound();
		// y (84.67) is taken, x (70.33) left out: their intervals overlap widely.
		const warned = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			count: 1,
			decision: 'advance',
			note: 'Best of the track'
		});
		expect(warned).toMatchObject({ applied: false, changed: 0, picked: 1 });
		expect(warned.uncertain).toHaveLength(1);
		expect(warned.uncertain[0]).toMatchObject({
			trackId: challenge.tracks[0]!.id,
			lastTaken: { entryId: made.y, score: 84.67 },
			firstLeft: { entryId: made.x, score: 70.33 }
		});
		expect(await decisionRows(roundId)).toEqual([]);

		const confirmed = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			count: 1,
			decision: 'advance',
			note: 'Best of the track',
			confirmUncertain: true
		});
		expect(confirmed).toMatchObject({ applied: true, changed: 1, picked: 1 });
		const [record] = await auditRows([made.y!]);
		expect(record!.data).toMatchObject({ via: 'top', basis: 'adjusted', uncertainLines: 1 });

		// Top 2 takes x and leaves s1 out: with one review each side, still too close to call.
		const sure = await decideTopOfEachTrack(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			count: 2,
			decision: 'advance'
		});
		expect(sure.uncertain.map((cut) => cut.firstLeft.entryId)).toEqual([made.s1]);
	});
});

describe('moveAdvancedEntries', () => {
	it('moves the entries decided to advance into the next round, once', async () => {
		const { roundId, ids } = await scoredRound([90, 80, 70]);
		const nextRoundId = await fixtures.round(rubricId, { state: 'draft' });
		const none = await refusal(
			moveAdvancedEntries(database.db, organizer, { challengeId: challenge.id, roundId })
		);
		expect(none.status).toBe(409);

		await setDecisions(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryIds: ids.slice(0, 2),
			decision: 'advance'
		});
		await setDecision(database.db, organizer, {
			challengeId: challenge.id,
			roundId,
			entryId: ids[2]!,
			decision: 'not_selected'
		});
		expect(
			await moveAdvancedEntries(database.db, organizer, { challengeId: challenge.id, roundId })
		).toEqual({
			toRoundId: nextRoundId,
			added: 2,
			advancing: 2
		});
		const moved = await database.db
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(eq(roundEntries.roundId, nextRoundId));
		expect(moved.map((row) => row.entryId).sort()).toEqual(ids.slice(0, 2).sort());
		expect(
			await moveAdvancedEntries(database.db, organizer, { challengeId: challenge.id, roundId })
		).toEqual({
			toRoundId: nextRoundId,
			added: 0,
			advancing: 2
		});
	});
});
