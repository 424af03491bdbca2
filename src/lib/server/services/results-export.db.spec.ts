import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '$lib/domain/csv';
import { assignments, rounds, scores, teams, users } from '../db/schema';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { leaderboardFixtures, type FixtureCriterion } from '../testing/leaderboard-fixtures';
import { setDecision, setRoundScoreBasis } from './decisions';
import { publishResults } from './publication';
import {
	DECISIONS_COLUMNS,
	decisionsCsv,
	LEADERBOARD_COLUMNS,
	leaderboardCsv,
	reviewsCsv
} from './results-export';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
const fixtures = leaderboardFixtures(() => ({ db: database.db, challengeId: challenge.id }));
const AT = new Date('2026-09-21T10:00:00Z');

const judgeNames = ['Oluwaseun Adeyemi', 'Ingrid Haugland'];
const judgeEmails: string[] = [];
let roundId = '';
let made: { entryId: string; teamId: string; teamName: string; label: number }[] = [];
const titles = ['=HYPERLINK("http://evil.example")', '+Flood Watch', 'Plain title'];

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const organizer = await createUser(database.db, { roles: ['organizer'], name: 'Mina Park' });
	const { rubricId, criteria } = await fixtures.rubric([
		{ weight: 60, scaleMin: 1, scaleMax: 5 },
		{ weight: 40, scaleMin: 1, scaleMax: 5 }
	]);
	roundId = await fixtures.round(rubricId, { judgesPerEntry: 2, state: 'closed' });
	const judges = await fixtures.judges(judgeNames);
	judgeEmails.push(
		...(
			await database.db.select({ email: users.email }).from(users).where(inArray(users.id, judges))
		).map((row) => row.email)
	);
	made = [];
	for (const [index, title] of titles.entries()) {
		const entry = await fixtures.entry(roundId, { title, trackId: challenge.tracks[0]!.id });
		made.push(entry);
		for (const [number, judgeId] of judges.entries())
			await fixtures.review(
				roundId,
				rubricId,
				criteria as FixtureCriterion[],
				entry.entryId,
				judgeId,
				[5 - index, 5 - number]
			);
	}
	// A team name a spreadsheet would run, and texts with names in them.
	await database.db
		.update(teams)
		.set({ name: '@SUM(A1) Team' })
		.where(eq(teams.id, made[2]!.teamId));
	made[2]!.teamName = '@SUM(A1) Team';
	await database.db
		.update(scores)
		.set({
			feedback: `Great work, ${made[0]!.teamName}!`,
			privateNote: '-1 for the budget',
			overallComment: 'Signed, Oluwaseun'
		})
		.where(
			inArray(
				scores.assignmentId,
				database.db
					.select({ id: assignments.id })
					.from(assignments)
					.where(eq(assignments.entryId, made[0]!.entryId))
			)
		);
	const actor = { actorId: organizer.id, ipAddress: null };
	await setDecision(database.db, actor, {
		challengeId: challenge.id,
		roundId,
		entryId: made[0]!.entryId,
		decision: 'shortlist',
		note: '=cmd|"/c calc"!A1'
	});
	await setDecision(database.db, actor, {
		challengeId: challenge.id,
		roundId,
		entryId: made[1]!.entryId,
		decision: 'not_selected',
		note: 'Tab\there'
	});
});

describe('leaderboard CSV', () => {
	it('ranks by the chosen score and neutralizes formulas in every text cell', async () => {
		const file = await leaderboardCsv(database.db, challenge.id, roundId, 'raw', AT);
		expect(file?.filename).toMatch(/^leaderboard-round-\d+-raw-2026-09-21\.csv$/);
		expect(file!.csv.startsWith('\uFEFF')).toBe(true);
		expect(file!.csv).toContain('\r\n');
		const [header, ...rows] = parseCsv(file!.csv);
		expect(header).toEqual([...LEADERBOARD_COLUMNS]);
		const column = (name: (typeof LEADERBOARD_COLUMNS)[number]) => header!.indexOf(name);
		expect(rows.map((row) => row[column('rank')])).toEqual(['1', '2', '3']);
		expect(rows.map((row) => row[column('title')])).toEqual([
			`'${titles[0]}`,
			`'${titles[1]}`,
			'Plain title'
		]);
		expect(rows[2]![column('team')]).toBe("'@SUM(A1) Team");
		expect(rows[0]![column('decision')]).toBe('shortlist');
		expect(rows[0]![column('decisionNote')]).toBe('\'=cmd|"/c calc"!A1');
		expect(rows[1]![column('decisionNote')]).toBe('Tab\there');
		expect(rows[0]![column('reviews')]).toBe('2');
		// Numbers stay numbers (a spreadsheet can compute with them).
		expect(Number(rows[0]![column('rawMean')])).toBeGreaterThan(
			Number(rows[1]![column('rawMean')])
		);
		// No cell of the file starts with a formula character.
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
	});

	it('states on every row which score ranked the file and which one decides the round', async () => {
		const column = (header: string[], name: (typeof LEADERBOARD_COLUMNS)[number]) =>
			header.indexOf(name);
		// No score asked for: the round's deciding score, the default nobody changed.
		const byDefault = (await leaderboardCsv(database.db, challenge.id, roundId, null, AT))!;
		expect(byDefault.filename).toMatch(/-adjusted-2026-09-21\.csv$/);
		const [header, ...rows] = parseCsv(byDefault.csv);
		for (const row of rows)
			expect(row[column(header!, 'rankedBy')]).toBe(
				'adjusted score (the default: no organizer has changed it)'
			);
		// Adjusted figures with their interval; the judges agree on the order, so it holds.
		const adjusted = Number(rows[0]![column(header!, 'adjusted')]);
		expect(Number(rows[0]![column(header!, 'adjustedLow')])).toBeLessThan(adjusted);
		expect(Number(rows[0]![column(header!, 'adjustedHigh')])).toBeGreaterThan(adjusted);
		expect(rows[0]![column(header!, 'group')]).toBe('1');

		// The organizer chooses raw: files say who and when; looking by the other score says so.
		const [organizer] = await database.db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.name, 'Mina Park'))
			.limit(1);
		await setRoundScoreBasis(
			database.db,
			{ actorId: organizer!.id },
			{ challengeId: challenge.id, roundId, basis: 'raw' }
		);
		await database.db
			.update(rounds)
			.set({ scoreBasisChosenAt: new Date('2026-09-20T08:00:00Z') })
			.where(eq(rounds.id, roundId));
		const chosen = parseCsv(
			(await leaderboardCsv(database.db, challenge.id, roundId, null, AT))!.csv
		);
		expect(chosen[1]![column(chosen[0]!, 'rankedBy')]).toBe(
			'raw mean (chosen by Mina Park on 2026-09-20)'
		);
		const looking = parseCsv(
			(await leaderboardCsv(database.db, challenge.id, roundId, 'adjusted', AT))!.csv
		);
		expect(looking[1]![column(looking[0]!, 'rankedBy')]).toBe(
			'adjusted score, for looking only: this round decides by raw mean (chosen by Mina Park on 2026-09-20)'
		);
		const decisions = parseCsv((await decisionsCsv(database.db, challenge.id, AT)).csv);
		const rankedBy = decisions[0]!.indexOf('rankedBy');
		expect(decisions.slice(1).map((row) => row[rankedBy])).toEqual([
			'raw mean (chosen by Mina Park on 2026-09-20)',
			'raw mean (chosen by Mina Park on 2026-09-20)'
		]);
		await setRoundScoreBasis(
			database.db,
			{ actorId: organizer!.id },
			{ challengeId: challenge.id, roundId, basis: 'adjusted' }
		);
	});

	it('is null for a round of another challenge (or none)', async () => {
		expect(
			await leaderboardCsv(
				database.db,
				challenge.id,
				'00000000-0000-4000-8000-000000000000',
				'raw',
				AT
			)
		).toBeNull();
	});
});

describe('reviews CSV', () => {
	it('anonymized: judges numbered, entries by label, no name, email, title or text', async () => {
		const file = await reviewsCsv(database.db, challenge.id, roundId, 'anonymized', AT);
		expect(file?.filename).toMatch(/-anonymized-2026-09-21\.csv$/);
		const [header, ...rows] = parseCsv(file!.csv);
		expect(header).toEqual([
			'round',
			'label',
			'track',
			'judge',
			'total',
			'1. Criterion 1',
			'2. Criterion 2'
		]);
		expect(rows).toHaveLength(6);
		expect(new Set(rows.map((row) => row[3]))).toEqual(new Set(['Judge 1', 'Judge 2']));
		expect(rows.map((row) => Number(row[1]))).toEqual(
			made.flatMap((entry) => [entry.label, entry.label])
		);
		// Each label's two rows: one per judge, numbered the same way for every entry.
		const numbering = new Set(rows.map((row) => `${row[3]}:${row[6]}`));
		expect(numbering.size).toBe(2);
		const text = file!.csv.toLowerCase();
		for (const secret of [
			...judgeNames,
			...judgeEmails,
			...made.map((entry) => entry.teamName),
			'Flood Watch',
			'Plain title',
			'HYPERLINK',
			'Great work',
			'budget',
			'Oluwaseun'
		])
			expect(text).not.toContain(secret.toLowerCase());
	});

	it('named: judges, teams, titles and texts for the organizers, still formula-safe', async () => {
		const file = await reviewsCsv(database.db, challenge.id, roundId, 'named', AT);
		const [header, ...rows] = parseCsv(file!.csv);
		expect(header!.slice(0, 9)).toEqual([
			'round',
			'label',
			'title',
			'team',
			'track',
			'judge',
			'judgeEmail',
			'submittedAt',
			'total'
		]);
		expect(rows).toHaveLength(6);
		for (const name of judgeNames) expect(rows.some((row) => row[5] === name)).toBe(true);
		for (const email of judgeEmails) expect(rows.some((row) => row[6] === email)).toBe(true);
		const first = rows.find((row) => row[2] === `'${titles[0]}`)!;
		expect(first[header!.indexOf('privateNote')]).toBe("'-1 for the budget");
		expect(first[header!.indexOf('feedback')]).toContain('Great work');
	});
});

describe('decisions CSV', () => {
	it('lists every decision with its note, who decided and the published decision', async () => {
		const before = await decisionsCsv(database.db, challenge.id, AT);
		expect(before.filename).toBe('decisions-2026-09-21.csv');
		const [header, ...rows] = parseCsv(before.csv);
		expect(header).toEqual([...DECISIONS_COLUMNS]);
		expect(rows).toHaveLength(2);
		const column = (name: (typeof DECISIONS_COLUMNS)[number]) => header!.indexOf(name);
		expect(rows.map((row) => row[column('decision')])).toEqual(['shortlist', 'not_selected']);
		expect(rows[0]![column('note')]).toBe('\'=cmd|"/c calc"!A1');
		expect(rows[0]![column('title')]).toBe(`'${titles[0]}`);
		expect(rows[0]![column('decidedBy')]).toBe('Mina Park');
		expect(rows.map((row) => row[column('publishedDecision')])).toEqual(['', '']);

		const [organizer] = await database.db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.name, 'Mina Park'))
			.limit(1);
		await publishResults(
			database.db,
			{ actorId: organizer!.id, baseUrl: 'https://portal.test' },
			{ challengeId: challenge.id, reason: '' }
		);
		const after = parseCsv((await decisionsCsv(database.db, challenge.id, AT)).csv);
		expect(after.slice(1).map((row) => row[column('publishedDecision')])).toEqual([
			'shortlist',
			'not_selected'
		]);
	});
});
