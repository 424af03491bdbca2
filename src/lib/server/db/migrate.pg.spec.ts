import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import { runMigrations } from './migrate';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const name = `portal_migrate_${randomBytes(5).toString('hex')}`;
afterAll(async () => {
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end({ timeout: 5 });
});

describe('runMigrations on PostgreSQL', () => {
	it('lets several nodes start at once: each migration is applied and recorded exactly once', async () => {
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		// As behind Supabase's transaction pooler: no prepared statements.
		const settings = { kind: 'postgres', url: url.toString(), prepare: false, poolMax: 2 } as const;
		const nodes = await Promise.all([1, 2, 3].map(() => openDatabase(settings)));
		try {
			await Promise.all(nodes.map((node) => runMigrations(node, settings, 'supabase/migrations')));
			// And again, as at the next start: nothing to do.
			await runMigrations(nodes[0]!, settings, 'supabase/migrations');
		} finally {
			await Promise.all(nodes.map((node) => node.close()));
		}
		const files = readdirSync('supabase/migrations').filter((file) => file.endsWith('.sql'));
		const database = postgres(url.toString(), { max: 1, onnotice: () => {} });
		try {
			const journal = await database`select hash from drizzle.__drizzle_migrations`;
			expect(journal).toHaveLength(files.length);
			expect(new Set(journal.map((row) => row.hash)).size).toBe(files.length);
			// No lock is left behind in this database (pg_locks lists the whole server's, and other
			// test files migrate their own databases at the same time).
			const locks = await database`
				select count(*)::int as count from pg_locks
				where locktype = 'advisory'
					and database = (select oid from pg_database where datname = current_database())`;
			expect(locks[0]!.count).toBe(0);
		} finally {
			await database.end({ timeout: 5 });
		}
	});

	it('creates the Supabase roles even when another database creates them at the same moment', async () => {
		// Roles are cluster-wide: two databases migrating at once both find a role missing. Run the
		// migration's role block on two connections with role names of this test's own, the first
		// holding its CREATE uncommitted so the second must wait on pg_authid and then find it taken.
		const suffix = randomBytes(4).toString('hex');
		const roles = [`anon_${suffix}`, `authenticated_${suffix}`];
		const file = readdirSync('supabase/migrations').find((name) =>
			name.endsWith('_supabase_roles.sql')
		)!;
		const block = readFileSync(`supabase/migrations/${file}`, 'utf8')
			.split('--> statement-breakpoint')[0]!
			.replace(/\banon\b/g, roles[0]!)
			.replace(/\bauthenticated\b/g, roles[1]!);
		const first = postgres(adminUrl, { max: 1, onnotice: () => {} });
		const second = postgres(adminUrl, { max: 1, onnotice: () => {} });
		try {
			let release!: () => void;
			const held = new Promise<void>((resolve) => (release = resolve));
			let created!: () => void;
			const createdFirst = new Promise<void>((resolve) => (created = resolve));
			const firstRun = first.begin(async (sql) => {
				await sql.unsafe(block);
				created();
				await held;
			});
			await createdFirst;
			// postgres.js sends a query only when awaited or executed.
			const secondRun = second.unsafe(block).execute();
			// The second is now waiting on the first's uncommitted role.
			await new Promise((resolve) => setTimeout(resolve, 200));
			release();
			await firstRun;
			await expect(secondRun).resolves.toBeDefined();
			const found = await admin`select rolname from pg_roles where rolname in ${admin(roles)}`;
			expect(found).toHaveLength(2);
		} finally {
			await first.end({ timeout: 5 });
			await second.end({ timeout: 5 });
			for (const role of roles) await admin.unsafe(`drop role if exists ${role}`);
		}
	});
});
