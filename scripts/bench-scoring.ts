/**
 * npm run bench:scoring — how fast a judge's score is saved on the embedded default (PGlite).
 *
 * A fresh PGlite database in a temporary folder: the demo challenge with its 6-criterion rubric,
 * an open round, 200 judges, 600 entries with 3 judges each (9 entries per judge). Then all 200
 * judges work at the same time, each through its 9 entries twice (a draft, then a submit; the
 * second pass re-submits), every save through saveScore, so 7,200 transactions.
 *
 * Two measurements:
 * - paced (the headline `score_save_p50/p95`): every judge pauses a random 0–1,000 ms between
 *   saves — 200 judges then send about 400 saves a second, far more than people reading entries
 *   do, while the latency still shows queueing behind other judges' saves;
 * - burst: all 200 judges save back to back with no pause. PGlite is one connection, so these
 *   latencies are mostly the wait behind the other 199 judges; the throughput line is the
 *   server's capacity.
 * Exits 1 when a save fails or a stored score does not match what was sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import * as schema from '../src/lib/server/db/schema';
import { seedDemoData } from '../src/lib/server/seed/seed';
import { freezeClock } from '../src/lib/server/clock';
import { saveScore } from '../src/lib/server/services/scoring';
import { seededRandom as prng } from '../src/lib/domain/seeded-random';

const JUDGES = 200;
const ENTRIES = 600;
const PER_ENTRY = 3;
const PASSES = 2;
const MAX_PAUSE_MS = 1000;

const { rounds, rubricCriteria, userRoles, users, teams, entries, roundEntries, assignments } =
	schema;

function percentile(sorted: number[], fraction: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function chunked<T>(rows: T[], size: number, insert: (part: T[]) => Promise<unknown>) {
	for (let start = 0; start < rows.length; start += size)
		await insert(rows.slice(start, start + size));
}

async function setUp(db: Database) {
	await seedDemoData(db);
	const [challenge] = await db.select().from(schema.challenges).limit(1);
	const at = new Date('2026-10-01T09:00:00Z');
	freezeClock(at);
	const [round] = await db
		.update(rounds)
		.set({
			state: 'open',
			opensAt: new Date(at.getTime() - 86_400_000),
			closesAt: new Date(at.getTime() + 30 * 86_400_000)
		})
		.where(and(eq(rounds.challengeId, challenge.id), eq(rounds.position, 1)))
		.returning();
	const criteria = await db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.rubricId, round.rubricId))
		.orderBy(asc(rubricCriteria.position));

	const judgeRows = await db
		.insert(users)
		.values(
			Array.from({ length: JUDGES }, (_, index) => ({
				email: `bench-judge-${index}@example.org`,
				name: `Bench Judge ${index}`,
				country: 'KR',
				dateOfBirth: '1980-01-01',
				passwordHash: 'not-a-real-hash',
				emailVerifiedAt: at
			}))
		)
		.returning({ id: users.id });
	await db
		.insert(userRoles)
		.values(judgeRows.map((row) => ({ userId: row.id, role: 'judge' as const })));

	const teamRows: { id: string }[] = [];
	await chunked(
		Array.from({ length: ENTRIES }, (_, index) => ({
			challengeId: challenge.id,
			name: `Bench team ${index}`
		})),
		200,
		async (part) =>
			teamRows.push(...(await db.insert(teams).values(part).returning({ id: teams.id })))
	);
	const entryRows: { id: string }[] = [];
	await chunked(teamRows, 200, async (part) =>
		entryRows.push(
			...(await db
				.insert(entries)
				.values(
					part.map((team, index) => ({
						teamId: team.id,
						challengeId: challenge.id,
						status: 'submitted' as const,
						submittedAt: at,
						title: `Bench entry ${entryRows.length + index}`,
						problem: 'A problem of public administration, described at some length.'
					}))
				)
				.returning({ id: entries.id }))
		)
	);
	await chunked(
		entryRows.map((entry, index) => ({ roundId: round.id, entryId: entry.id, label: index + 1 })),
		300,
		(part) => db.insert(roundEntries).values(part)
	);
	const pairs = entryRows.flatMap((entry, index) =>
		Array.from({ length: PER_ENTRY }, (_, offset) => ({
			roundId: round.id,
			entryId: entry.id,
			judgeId: judgeRows[(index * PER_ENTRY + offset) % JUDGES].id
		}))
	);
	const assignmentRows: { id: string; judgeId: string }[] = [];
	await chunked(pairs, 300, async (part) =>
		assignmentRows.push(
			...(await db
				.insert(assignments)
				.values(part)
				.returning({ id: assignments.id, judgeId: assignments.judgeId }))
		)
	);
	const byJudge = new Map<string, string[]>();
	for (const row of assignmentRows)
		byJudge.set(row.judgeId, [...(byJudge.get(row.judgeId) ?? []), row.id]);
	return { criteria, byJudge };
}

type Criterion = { id: string; scaleMin: number; scaleMax: number };

async function runJudges(
	db: Database,
	criteria: Criterion[],
	byJudge: Map<string, string[]>,
	pause: (random: () => number) => Promise<void>,
	seed: number
) {
	const latencies: number[] = [];
	const expected = new Map<string, Record<string, number>>();
	let failures = 0;
	const started = performance.now();
	await Promise.all(
		[...byJudge.entries()].map(async ([judgeId, assignmentIds], judgeIndex) => {
			const random = prng(seed + judgeIndex);
			for (let pass = 0; pass < PASSES; pass++) {
				for (const assignmentId of assignmentIds) {
					const values = Object.fromEntries(
						criteria.map((criterion) => [
							criterion.id,
							criterion.scaleMin +
								Math.floor(random() * (criterion.scaleMax - criterion.scaleMin + 1))
						])
					);
					const half = Object.fromEntries(Object.entries(values).slice(0, 3));
					for (const [intent, sheet] of [
						['draft', half],
						['submit', values]
					] as const) {
						await pause(random);
						const begin = performance.now();
						try {
							await saveScore(
								db,
								{ actorId: judgeId },
								{
									assignmentId,
									values: sheet,
									comments: { [criteria[0].id]: `Pass ${pass}` },
									overallComment: 'Solid entry.',
									feedback: 'Show more evidence of impact.',
									privateNote: '',
									intent
								}
							);
							latencies.push(performance.now() - begin);
						} catch (error) {
							failures += 1;
							if (failures <= 3) console.error(error);
						}
					}
					expected.set(assignmentId, values);
				}
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	return { latencies: latencies.sort((a, b) => a - b), expected, failures, seconds };
}

async function verify(db: Database, expected: Map<string, Record<string, number>>) {
	const items = await db
		.select({
			assignmentId: schema.scoreItems.assignmentId,
			criterionId: schema.scoreItems.criterionId,
			value: schema.scoreItems.value
		})
		.from(schema.scoreItems);
	let mismatches = 0;
	for (const item of items)
		if (expected.get(item.assignmentId)?.[item.criterionId] !== item.value) mismatches += 1;
	const [submitted] = await db
		.select({ count: count() })
		.from(schema.scores)
		.where(eq(schema.scores.status, 'submitted'));
	return { mismatches, submitted: submitted.count };
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-scoring-'));
let exitCode = 0;
try {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const client = await PGlite.create(folder);
	const db = drizzle({ client, schema }) as unknown as Database;
	const handle: DatabaseHandle = { db, kind: 'pglite', close: () => client.close() };
	await runMigrations(handle, { kind: 'pglite', dataDir: folder }, 'supabase/migrations');
	const setupStart = performance.now();
	const { criteria, byJudge } = await setUp(db);
	console.log(`bench: setup ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

	const paced = await runJudges(
		db,
		criteria,
		byJudge,
		(random) => sleep(random() * MAX_PAUSE_MS),
		1
	);
	const burst = await runJudges(db, criteria, byJudge, async () => {}, 1001);
	const check = await verify(db, burst.expected);
	await handle.close();

	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const saves = paced.latencies.length;
	console.log(`bench: score_save_p50 ${percentile(paced.latencies, 0.5).toFixed(2)} ms`);
	console.log(`bench: score_save_p95 ${percentile(paced.latencies, 0.95).toFixed(2)} ms`);
	console.log(
		`bench: score_save_rate ${(saves / paced.seconds).toFixed(0)} saves/s (paced: ${JUDGES} judges, 0–${MAX_PAUSE_MS} ms pause between saves)`
	);
	console.log(
		`bench: burst_score_save_p50 ${percentile(burst.latencies, 0.5).toFixed(2)} ms, p95 ${percentile(burst.latencies, 0.95).toFixed(2)} ms, throughput ${(burst.latencies.length / burst.seconds).toFixed(0)} saves/s (${JUDGES} judges, no pause; one PGlite connection, so mostly queueing)`
	);
	console.log(
		`bench: data ${JUDGES} judges, ${ENTRIES} entries × ${PER_ENTRY} judges, ${criteria.length} criteria, ${saves} saves per run (draft + submit, ${PASSES} passes); machine ${cpu}, ${os.cpus().length} cores, ${os.platform()} ${os.release()}; node ${process.version}; PGlite in ${folder}`
	);
	const failures = paced.failures + burst.failures;
	if (failures > 0 || check.mismatches > 0 || check.submitted !== ENTRIES * PER_ENTRY) {
		console.error(
			`bench: FAILED — ${failures} failed saves, ${check.mismatches} stored values differ, ${check.submitted} of ${ENTRIES * PER_ENTRY} sheets submitted`
		);
		exitCode = 1;
	} else {
		console.log(`bench: ok — every sheet submitted and every stored value matches`);
	}
} finally {
	freezeClock(undefined);
	rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);
