/**
 * npm run test:faults — the portal under faults, on the production build (`build/`).
 *
 * 1. Crash: for the embedded default (a PGlite folder) and for PostgreSQL (a fresh database on
 *    TEST_DATABASE_URL's server, default 127.0.0.1:5432), 200 clients work at once — 100 judges
 *    saving score sheets and 100 team leads editing and submitting their entries — and the server
 *    is killed with SIGKILL in the middle. It is started again on the same data; then the database
 *    must open, the invariants hold (every score and score item belongs to an assignment and a
 *    sheet, no assignment is blocked by a conflict, one version per entry and number, a version
 *    for every submitted entry) and every save acknowledged before the kill is there.
 * 2. PostgreSQL restart: with the app running on PostgreSQL, the database server is stopped —
 *    pages and saves answer a clean 503 page (not a 500) — and started again: the same requests
 *    succeed without restarting the app. Needs root and pg_ctlcluster (as on the CI machine).
 *
 * Exits 1 on any failure. REQUIRE_POSTGRES=1 makes a missing PostgreSQL a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { fingerprint } from '../src/lib/domain/entry-merge';
import { REQUIRED_QUESTIONS, TEXT_QUESTIONS } from '../src/lib/domain/entry-fields';
import { createSession } from '../src/lib/server/auth/session';
import { openDatabase, rowsOf, type Database, type DatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import * as schema from '../src/lib/server/db/schema';
import { seedDemoData } from '../src/lib/server/seed/seed';
import { getCurrentChallenge } from '../src/lib/server/services/challenges';
import { blockedPairs } from '../src/lib/server/services/conflicts/pairs';
import { submitEntry } from '../src/lib/server/services/entries';
import { sleep, waitForServer } from './bench/load';

const PORT = 4398;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const JUDGES = 100;
const LEADS = 100;
// The kill comes once enough work was acknowledged to check (at most after 45 s).
const KILL_AFTER_MS = Number(process.env.FAULTS_KILL_AFTER_MS ?? 45_000);
const ENOUGH = { scores: 60, entries: 30, resubmissions: 20 };
// Each client pauses up to this long between saves, as people do; without it PGlite (one
// connection) serves the short score saves and starves the multi-query entry edits.
const MAX_PAUSE_MS = 400;
const pause = () => sleep(Math.random() * MAX_PAUSE_MS);
const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

type Backend =
	| { kind: 'pglite'; dataDir: string }
	| { kind: 'postgres'; url: string; drop: () => Promise<void> };

type Fixture = {
	roundId: string;
	criteria: { id: string; scaleMin: number; scaleMax: number }[];
	judges: { token: string; assignmentId: string }[];
	leads: { token: string; entryId: string }[];
};

const failures: string[] = [];
const check = (condition: boolean, message: string) => {
	if (!condition) failures.push(message);
	console.log(`faults: ${condition ? 'ok' : 'FAILED'} — ${message}`);
};

const settingsOf = (backend: Backend) =>
	backend.kind === 'pglite'
		? ({ kind: 'pglite', dataDir: path.join(backend.dataDir, 'db') } as const)
		: ({ kind: 'postgres', url: backend.url, prepare: true, poolMax: 4 } as const);

/** A lead's team and its complete entry, submitted as a team would (version 1, in round 1). */
async function submittedEntry(
	db: DatabaseHandle['db'],
	input: {
		challengeId: string;
		trackId: string;
		lead: { id: string };
		index: number;
		text: Record<string, string>;
	}
) {
	const { lead, index, text } = input;
	const [team] = await db
		.insert(schema.teams)
		.values({ challengeId: input.challengeId, name: `Fault team ${index}` })
		.returning();
	await db.insert(schema.teamMembers).values({
		teamId: team!.id,
		challengeId: input.challengeId,
		userId: lead.id,
		role: 'lead'
	});
	const file = async (kind: 'cover' | 'deck') =>
		(
			await db
				.insert(schema.files)
				.values({
					teamId: team!.id,
					kind,
					storageKey: `teams/${team!.id}/${randomBytes(8).toString('hex')}.${kind === 'cover' ? 'webp' : 'pdf'}`,
					contentType: kind === 'cover' ? 'image/webp' : 'application/pdf',
					byteSize: 1000,
					storedBytes: 1000,
					sha256: randomBytes(32).toString('hex')
				})
				.returning({ id: schema.files.id })
		)[0]!.id;
	const [entry] = await db
		.insert(schema.entries)
		.values({
			teamId: team!.id,
			challengeId: input.challengeId,
			title: `Fault entry ${index}`,
			tagline: 'Under fire',
			...text,
			trackId: input.trackId,
			countries: ['KR'],
			sdgs: [11],
			stage: 'pilot',
			coverFileId: await file('cover'),
			deckFileId: await file('deck')
		})
		.returning({ id: schema.entries.id });
	// Submitted as a team would: version 1, and the entry joins round 1.
	await submitEntry(
		db,
		{
			actorId: lead.id,
			ipAddress: '127.0.0.1',
			userAgent: 'faults',
			baseUrl: ORIGIN,
			locale: 'en'
		},
		{ challenge: (await getCurrentChallenge(db))! }
	);
	return { token: (await createSession(db, lead.id)).token, entryId: entry!.id };
}

/** The data: demo challenge, round 1 open now, 100 entries of 100 leads, 100 judges × 2. */
async function prepare(backend: Backend): Promise<Fixture> {
	const handle: DatabaseHandle = await openDatabase(settingsOf(backend));
	const db = handle.db;
	try {
		await runMigrations(handle, settingsOf(backend), 'supabase/migrations');
		await seedDemoData(db);
		const [challenge] = await db.select().from(schema.challenges).limit(1);
		const [track] = await db
			.select()
			.from(schema.tracks)
			.where(eq(schema.tracks.challengeId, challenge!.id))
			.limit(1);
		const day = 86_400_000;
		const [round] = await db
			.update(schema.rounds)
			.set({
				state: 'open',
				opensAt: new Date(Date.now() - day),
				closesAt: new Date(Date.now() + 30 * day)
			})
			.where(and(eq(schema.rounds.challengeId, challenge!.id), eq(schema.rounds.position, 1)))
			.returning();
		const criteria = await db
			.select({
				id: schema.rubricCriteria.id,
				scaleMin: schema.rubricCriteria.scaleMin,
				scaleMax: schema.rubricCriteria.scaleMax
			})
			.from(schema.rubricCriteria)
			.where(eq(schema.rubricCriteria.rubricId, round!.rubricId))
			.orderBy(asc(schema.rubricCriteria.position));
		const person = (prefix: string, index: number) => ({
			email: `${prefix}-${index}@faults.example.org`,
			name: `${prefix} ${index}`,
			country: 'KR',
			dateOfBirth: '1995-05-05',
			passwordHash: 'not-a-real-hash',
			emailVerifiedAt: new Date()
		});
		const judgeRows = await db
			.insert(schema.users)
			.values(Array.from({ length: JUDGES }, (_, index) => person('judge', index)))
			.returning({ id: schema.users.id });
		await db
			.insert(schema.userRoles)
			.values(judgeRows.map((row) => ({ userId: row.id, role: 'judge' as const })));
		const leadRows = await db
			.insert(schema.users)
			.values(Array.from({ length: LEADS }, (_, index) => person('lead', index)))
			.returning({ id: schema.users.id });
		const text = Object.fromEntries(
			REQUIRED_QUESTIONS.filter((key) => key in TEXT_QUESTIONS).map((key) => [key, `start ${key}`])
		);
		const leads: Fixture['leads'] = [];
		const entryIds: string[] = [];
		for (const [index, lead] of leadRows.entries()) {
			const submitted = await submittedEntry(db, {
				challengeId: challenge!.id,
				trackId: track!.id,
				lead,
				index,
				text
			});
			entryIds.push(submitted.entryId);
			leads.push(submitted);
		}
		// Two judges per entry, two entries per judge.
		const judges: Fixture['judges'] = [];
		for (const [index, judge] of judgeRows.entries()) {
			const token = (await createSession(db, judge.id)).token;
			for (const offset of [0, 1]) {
				const [assignment] = await db
					.insert(schema.assignments)
					.values({
						roundId: round!.id,
						entryId: entryIds[(index + offset * 37) % entryIds.length]!,
						judgeId: judge.id
					})
					.returning({ id: schema.assignments.id });
				judges.push({ token, assignmentId: assignment!.id });
			}
		}
		return { roundId: round!.id, criteria, judges, leads };
	} finally {
		await handle.close();
	}
}

function startServer(backend: Backend): ChildProcess {
	return spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN,
			APP_ENV: 'test',
			DATA_DIR:
				backend.kind === 'pglite'
					? backend.dataDir
					: mkdtempSync(path.join(os.tmpdir(), 'faults-files-')),
			DATABASE_URL: backend.kind === 'postgres' ? backend.url : '',
			SEED_DEMO_DATA: 'false',
			RATE_LIMIT_IP_FACTOR: '1000',
			PUBLIC_CACHE_SECONDS: '0'
		}
	});
}

const exited = (child: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});

function post(token: string, url: string, fields: Record<string, string>) {
	return fetch(`${ORIGIN}${url}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: ORIGIN,
			accept: 'text/html',
			cookie: `session=${token}`,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** 200 clients until the kill; returns the last acknowledged counter of each sheet and entry. */
async function workUntilKilled(fixture: Fixture, server: ChildProcess) {
	const ackedScores = new Map<string, number>();
	const ackedEntries = new Map<string, number>();
	let stop = false;
	let acknowledged = 0;
	let refused = 0;
	let resubmissions = 0;
	const judgeLoop = async (judge: Fixture['judges'][number]) => {
		for (let n = 1; !stop; n++) {
			const fields: Record<string, string> = {
				feedback: `fault ${judge.assignmentId} ${n}`,
				overallComment: '',
				privateNote: '',
				intent: n % 3 === 0 ? 'submit' : 'draft'
			};
			for (const criterion of fixture.criteria)
				fields[`value.${criterion.id}`] = String(
					criterion.scaleMin + (n % (criterion.scaleMax - criterion.scaleMin + 1))
				);
			try {
				const response = await post(
					judge.token,
					`/judge/score/${judge.assignmentId}?/save`,
					fields
				);
				if (response.status === 303) {
					ackedScores.set(judge.assignmentId, n);
					acknowledged++;
				} else refused++;
				await pause();
			} catch {
				return;
			}
		}
	};
	const leadLoop = async (lead: Fixture['leads'][number]) => {
		let stored = 'start problem';
		for (let n = 1; !stop; n++) {
			const problem = `fault ${lead.entryId} ${n}`;
			try {
				const response = await post(lead.token, '/team/entry/story?/save', {
					problem,
					solution: 'start solution',
					aiApproach: 'start aiApproach',
					stage: 'pilot',
					'base.problem': fingerprint(stored),
					'base.solution': fingerprint('start solution'),
					'base.aiApproach': fingerprint('start aiApproach'),
					'base.stage': fingerprint('pilot'),
					intent: 'stay'
				});
				if (response.status === 303) {
					stored = problem;
					ackedEntries.set(lead.entryId, n);
					acknowledged++;
				} else refused++;
				// Every edit is submitted again: a new version each time.
				const submitted = await post(lead.token, '/team/entry/review?/submit', {});
				if (submitted.status === 200) {
					acknowledged++;
					resubmissions++;
				} else refused++;
				await pause();
			} catch {
				return;
			}
		}
	};
	const clients = [
		...fixture.judges.filter((_, index) => index % 2 === 0).map(judgeLoop),
		...fixture.leads.map(leadLoop)
	];
	const started = Date.now();
	while (
		Date.now() - started < KILL_AFTER_MS &&
		(ackedScores.size < ENOUGH.scores ||
			ackedEntries.size < ENOUGH.entries ||
			resubmissions < ENOUGH.resubmissions)
	)
		await sleep(100);
	const elapsed = Date.now() - started;
	server.kill('SIGKILL');
	stop = true;
	await exited(server);
	await Promise.all(clients);
	return { ackedScores, ackedEntries, acknowledged, refused, elapsed };
}

async function verify(
	backend: Backend,
	fixture: Fixture,
	acked: Awaited<ReturnType<typeof workUntilKilled>>
) {
	const handle = await openDatabase(settingsOf(backend));
	const db: Database = handle.db;
	try {
		const query = async <Row>(text: string) => rowsOf<Row>(await db.execute(sql.raw(text)));
		const [orphanScores] = await query<{ count: number }>(
			`select count(*)::int as count from scores s left join assignments a on a.id = s.assignment_id where a.id is null`
		);
		check(
			Number(orphanScores!.count) === 0,
			`${backend.kind}: every score belongs to an assignment`
		);
		const [orphanItems] = await query<{ count: number }>(
			`select count(*)::int as count from score_items i left join scores s on s.assignment_id = i.assignment_id where s.assignment_id is null`
		);
		check(Number(orphanItems!.count) === 0, `${backend.kind}: every score item belongs to a sheet`);
		const [incomplete] = await query<{ count: number }>(
			`select count(*)::int as count from scores s where s.status = 'submitted' and exists (select 1 from score_items i where i.assignment_id = s.assignment_id and i.value is null)`
		);
		check(
			Number(incomplete!.count) === 0,
			`${backend.kind}: every submitted sheet has all its values`
		);
		const blocked = await blockedPairs(db, fixture.roundId);
		const assigned = await db
			.select({ judgeId: schema.assignments.judgeId, entryId: schema.assignments.entryId })
			.from(schema.assignments)
			.where(eq(schema.assignments.roundId, fixture.roundId));
		const pairs = new Set(assigned.map((row) => `${row.judgeId}|${row.entryId}`));
		check(
			blocked.every((pair) => !pairs.has(`${pair.judgeId}|${pair.entryId}`)),
			`${backend.kind}: no assignment is blocked by a conflict`
		);
		const [duplicates] = await query<{ count: number }>(
			`select count(*)::int as count from (select entry_id, number from entry_versions group by 1, 2 having count(*) > 1) d`
		);
		check(Number(duplicates!.count) === 0, `${backend.kind}: one version per entry and number`);
		const [versionless] = await query<{ count: number }>(
			`select count(*)::int as count from entries e where e.status = 'submitted' and not exists (select 1 from entry_versions v where v.entry_id = e.id)`
		);
		check(
			Number(versionless!.count) === 0,
			`${backend.kind}: every submitted entry has its versions`
		);
		const [versions] = await query<{ count: number }>(
			`select count(*)::int as count from entry_versions`
		);
		check(
			Number(versions!.count) > LEADS,
			`${backend.kind}: resubmissions under load made new versions`
		);

		const scores = await query<{ assignment_id: string; feedback: string }>(
			`select assignment_id, feedback from scores`
		);
		const storedScore = new Map(
			scores.map((row) => [row.assignment_id, Number(row.feedback.split(' ').at(-1))])
		);
		const lostScores = [...acked.ackedScores].filter(
			([id, n]) => !((storedScore.get(id) ?? 0) >= n)
		);
		check(
			lostScores.length === 0,
			`${backend.kind}: all ${acked.ackedScores.size} acknowledged score saves are stored (${lostScores.length} lost)`
		);
		const entryRows = await query<{ id: string; problem: string }>(
			`select id, problem from entries`
		);
		const storedEntry = new Map(
			entryRows.map((row) => [row.id, Number(row.problem.split(' ').at(-1)) || 0])
		);
		const lostEntries = [...acked.ackedEntries].filter(
			([id, n]) => !((storedEntry.get(id) ?? 0) >= n)
		);
		check(
			lostEntries.length === 0,
			`${backend.kind}: all ${acked.ackedEntries.size} acknowledged entry edits are stored (${lostEntries.length} lost)`
		);
	} finally {
		await handle.close();
	}
}

async function crashTest(backend: Backend) {
	const fixture = await prepare(backend);
	let server = startServer(backend);
	await waitForServer(`${ORIGIN}/health`);
	const acked = await workUntilKilled(fixture, server);
	console.log(
		`faults: ${backend.kind}: killed with SIGKILL after ${acked.elapsed} ms — ${acked.acknowledged} saves acknowledged, ${acked.refused} refused, by 200 clients`
	);
	check(acked.acknowledged > 200, `${backend.kind}: the clients were busy when the server died`);
	server = startServer(backend);
	try {
		await waitForServer(`${ORIGIN}/health`, 60_000);
		check(true, `${backend.kind}: the server starts again on the same data and its database opens`);
		const page = await fetch(`${ORIGIN}/judge/score/${fixture.judges[0]!.assignmentId}`, {
			headers: { cookie: `session=${fixture.judges[0]!.token}` }
		});
		check(page.status === 200, `${backend.kind}: a judge's score page answers after the restart`);
	} catch (error) {
		check(false, `${backend.kind}: the server starts again on the same data (${String(error)})`);
	} finally {
		server.kill('SIGTERM');
		await exited(server);
	}
	await verify(backend, fixture, acked);
	return fixture;
}

async function postgresRestartTest(
	backend: Extract<Backend, { kind: 'postgres' }>,
	fixture: Fixture
) {
	const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
	const canRestart =
		process.getuid?.() === 0 && clusters.length > 0 && existsSync('/usr/bin/pg_ctlcluster');
	if (!canRestart) {
		const message = 'PostgreSQL restart: needs root and pg_ctlcluster';
		if (process.env.REQUIRE_POSTGRES === '1') check(false, message);
		else console.log(`faults: skipped — ${message}`);
		return;
	}
	const cluster = (action: 'start' | 'stop') =>
		spawnSync(
			'pg_ctlcluster',
			[
				'--skip-systemctl-redirect',
				clusters[0]!,
				'main',
				action,
				...(action === 'stop' ? ['-m', 'fast'] : [])
			],
			{
				encoding: 'utf8'
			}
		);
	const judge = fixture.judges[0]!;
	const requests = () => [
		fetch(`${ORIGIN}/gallery`),
		fetch(`${ORIGIN}/judge`, { headers: { cookie: `session=${judge.token}` } }),
		post(judge.token, `/judge/score/${judge.assignmentId}?/save`, {
			feedback: 'after the restart',
			overallComment: '',
			privateNote: '',
			intent: 'draft',
			...Object.fromEntries(
				fixture.criteria.map((criterion) => [`value.${criterion.id}`, String(criterion.scaleMin)])
			)
		})
	];
	const server = startServer(backend);
	try {
		await waitForServer(`${ORIGIN}/health`);
		const before = await Promise.all(requests());
		check(
			before.map((response) => response.status).join() === '200,200,303',
			`postgres restart: gallery, dashboard and a save answer before (${before.map((r) => r.status).join(', ')})`
		);
		const stopped = cluster('stop');
		check(
			stopped.status === 0,
			`postgres restart: the database server stops (${stopped.stderr.trim()})`
		);
		const during = await Promise.all(requests());
		const statuses = during.map((response) => response.status);
		check(
			statuses.every((status) => status === 503),
			`postgres restart: while it is down, every request is a 503 (${statuses.join(', ')})`
		);
		const page = await during[0]!.text();
		check(
			/Temporarily unavailable/.test(page) && !/Internal Error/.test(page),
			'postgres restart: the 503 page says what happened'
		);
		check((await fetch(`${ORIGIN}/health`)).status === 503, 'postgres restart: /health says 503');
		const started = cluster('start');
		check(
			started.status === 0,
			`postgres restart: the database server starts again (${started.stderr.trim()})`
		);
		let after: Response[] = [];
		const deadline = Date.now() + 30_000;
		do {
			await sleep(500);
			after = await Promise.all(requests());
		} while (
			after.map((response) => response.status).join() !== '200,200,303' &&
			Date.now() < deadline
		);
		check(
			after.map((response) => response.status).join() === '200,200,303',
			`postgres restart: the same requests succeed again without restarting the app (${after.map((r) => r.status).join(', ')})`
		);
		check(server.exitCode === null, 'postgres restart: the app kept running throughout');
	} finally {
		if (!spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status) {
			// already up
		} else cluster('start');
		server.kill('SIGTERM');
		await exited(server);
	}
}

async function freshPostgres(): Promise<Extract<Backend, { kind: 'postgres' }> | null> {
	const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		const name = `portal_faults_${randomBytes(5).toString('hex')}`;
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return {
			kind: 'postgres',
			url: url.toString(),
			drop: async () => {
				await admin.unsafe(`drop database if exists ${name} with (force)`);
				await admin.end({ timeout: 5 });
			}
		};
	} catch {
		await admin.end({ timeout: 1 });
		return null;
	}
}

if (!existsSync(path.join(process.env.BUILD_DIR || 'build', 'index.js'))) {
	console.error('No production build: run `npm run build` first.');
	process.exit(1);
}
const folder = mkdtempSync(path.join(os.tmpdir(), 'portal-faults-'));
try {
	await crashTest({ kind: 'pglite', dataDir: folder });
	const database = await freshPostgres();
	if (!database) {
		const message = `PostgreSQL at ${adminUrl} is not reachable`;
		if (process.env.REQUIRE_POSTGRES === '1') check(false, message);
		else console.log(`faults: skipped PostgreSQL — ${message}`);
	} else {
		try {
			const fixture = await crashTest(database);
			await postgresRestartTest(database, fixture);
		} finally {
			await database.drop();
		}
	}
} catch (error) {
	console.error(error);
	failures.push(String(error));
} finally {
	rmSync(folder, { recursive: true, force: true });
}
if (failures.length > 0) {
	console.error(`faults: ${failures.length} failed:\n${failures.join('\n')}`);
	process.exit(1);
}
console.log('faults: all passed');
process.exit(0);
