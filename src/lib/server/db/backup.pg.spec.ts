import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { openDatabase } from './index';
import { runMigrations } from './migrate';
import { seedDemoData } from '../seed/seed';

const run = promisify(execFile);
const migrationsFolder = 'supabase/migrations';

// The schemas the portal owns: its tables and drizzle's migration journal.
const SCHEMAS = `('public', 'drizzle')`;
const CATALOGUE_QUERIES = {
	tables: `select table_schema, table_name from information_schema.tables
		where table_schema in ${SCHEMAS} order by 1, 2`,
	// A restored CHECK is re-parsed from its text: `(a AND b) AND c` comes back as `(a AND b AND c)`.
	constraints: `select conrelid::regclass::text as table_name, conname, contype,
		case contype when 'c' then regexp_replace(pg_get_constraintdef(oid), '[()]', '', 'g')
		else pg_get_constraintdef(oid) end as definition
		from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
	indexes: `select tablename, indexname, indexdef from pg_indexes where schemaname in ${SCHEMAS} order by 1, 2`,
	rowSecurity: `select relname, relrowsecurity from pg_class
		where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
	policies: `select tablename, policyname, roles::text, cmd, qual, with_check from pg_policies
		where schemaname = 'public' order by 1, 2`,
	schemaUsage: `select nspname, has_schema_privilege('anon', oid, 'USAGE') as anon from pg_namespace
		where nspname in ${SCHEMAS} order by 1`,
	grants: `select table_name, grantee, privilege_type from information_schema.role_table_grants
		where table_schema = 'public' and grantee in ('anon', 'authenticated') order by 1, 2, 3`,
	// New rows after a restore must not collide with restored ones.
	sequences: `select schemaname, sequencename, last_value from pg_sequences
		where schemaname in ${SCHEMAS} order by 1, 2`
};

type Query = <Row = Record<string, unknown>>(text: string) => Promise<Row[]>;

/** Each table's row count and the md5 of its rows as text, in a stable order. */
async function tableContents(query: Query) {
	const tables = await query<{ name: string }>(
		`select format('%I.%I', table_schema, table_name) as name from information_schema.tables
		 where table_schema in ${SCHEMAS} and table_type = 'BASE TABLE' order by 1`
	);
	const contents: Record<string, { rows: number; md5: string | null }> = {};
	for (const { name } of tables) {
		const [row] = await query<{ rows: number; md5: string | null }>(
			`select count(*)::int as rows, md5(string_agg(t::text, E'\\n' order by t::text)) as md5
			 from ${name} t`
		);
		contents[name] = row;
	}
	return contents;
}

let source: TestDatabase;
let folder: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
	source = await createTestDatabase();
	folder = await mkdtemp(path.join(tmpdir(), 'portal-backup-'));
	cleanups.push(() => rm(folder, { recursive: true, force: true }));
});

afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

async function restoreIntoFreshDatabase(dump: string, restoreArguments: string[]) {
	const adminUrl = process.env.TEST_DATABASE_URL as string;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const name = `portal_restore_${randomBytes(6).toString('hex')}`;
	await admin.unsafe(`create database ${name}`);
	cleanups.push(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	});
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	await run('pg_restore', [
		'--no-owner',
		'--exit-on-error',
		...restoreArguments,
		`--dbname=${url}`,
		dump
	]);
	const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
	cleanups.push(() => client.end({ timeout: 5 }));
	const query: Query = async <Row>(text: string) => Array.from(await client.unsafe(text)) as Row[];
	return { url: url.toString(), query };
}

/** The same rows, catalogue and migration journal; and starting the app migrates nothing. */
async function expectSameDatabase(restored: { url: string; query: Query }) {
	const before = await tableContents(source.query);
	expect(before['public.users'].rows).toBeGreaterThanOrEqual(6);
	expect(before['public.challenges'].rows).toBe(1);
	expect(await tableContents(restored.query)).toEqual(before);
	for (const [label, text] of Object.entries(CATALOGUE_QUERIES))
		expect(await restored.query(text), label).toEqual(await source.query(text));

	const journal = JSON.parse(
		await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')
	) as { entries: unknown[] };
	const journalQuery = `select id, hash, created_at::text from drizzle.__drizzle_migrations order by id`;
	const applied = await restored.query(journalQuery);
	expect(applied).toHaveLength(journal.entries.length);
	expect(applied).toEqual(await source.query(journalQuery));
	// What the app does at start: with the journal restored, every migration is skipped.
	const settings = { kind: 'postgres', url: restored.url, prepare: true, poolMax: 2 } as const;
	const handle = await openDatabase(settings);
	try {
		await runMigrations(handle, settings, migrationsFolder);
	} finally {
		await handle.close();
	}
	expect(await restored.query(journalQuery)).toEqual(applied);
	expect(await tableContents(restored.query)).toEqual(before);
}

describe("backup with pg_dump and restore with pg_restore (the README's commands)", () => {
	beforeAll(async () => {
		await seedDemoData(source.db);
		// Values that plain-text round trips tend to mangle.
		await createUser(source.db, { name: 'Zoë "Q" O\'Brien\\tab\tnewline\n끝', roles: ['judge'] });
		await createUser(source.db, { name: '모든 사람', dateOfBirth: '2009-02-28' });
	});

	it('restores a whole-database dump into a fresh database', async () => {
		const dump = path.join(folder, 'whole.dump');
		await run('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${source.url}`]);
		await expectSameDatabase(await restoreIntoFreshDatabase(dump, []));
	}, 120_000);

	it('restores a dump of the portal schemas only (Supabase) into a fresh database', async () => {
		const dump = path.join(folder, 'portal.dump');
		await run('pg_dump', [
			'--format=custom',
			'--schema=public',
			'--schema=drizzle',
			`--file=${dump}`,
			`--dbname=${source.url}`
		]);
		// Every database already has the public schema: restore everything but its creation.
		const { stdout } = await run('pg_restore', ['--list', dump]);
		const list = path.join(folder, 'portal.list');
		await writeFile(
			list,
			stdout
				.split('\n')
				.filter((line) => !/ SCHEMA - public /.test(line))
				.join('\n')
		);
		await expectSameDatabase(await restoreIntoFreshDatabase(dump, [`--use-list=${list}`]));
	}, 120_000);
});
