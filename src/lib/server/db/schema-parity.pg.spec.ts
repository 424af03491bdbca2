import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';

const run = promisify(execFile);

// The catalogue, as seen through information_schema and pg_catalog, in a stable order.
// (PostgreSQL 18, inside PGlite, also lists NOT NULL as constraints; columns already compare them.)
const CATALOGUE_QUERIES = {
	columns: `select table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default, character_maximum_length
		from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
	constraints: `select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
		from pg_constraint where connamespace = 'public'::regnamespace and contype <> 'n' order by 1, 2`,
	indexes: `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
	enums: `select t.typname, e.enumlabel, e.enumsortorder from pg_type t join pg_enum e on e.enumtypid = t.oid order by 1, 3`,
	rowSecurity: `select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
	migrations: `select hash from drizzle.__drizzle_migrations order by created_at`
};

async function migrateWithScript(env: Record<string, string>) {
	const clean = { ...process.env };
	delete clean.DATABASE_URL;
	await run('npx', ['tsx', 'scripts/db-migrate.ts'], {
		env: { ...clean, ...env },
		timeout: 120_000
	});
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups) await cleanup();
});

describe('npm run db:migrate', () => {
	it('gives the same schema on an empty PostgreSQL database and an empty PGlite folder', async () => {
		const adminUrl = process.env.TEST_DATABASE_URL as string;
		const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
		const name = `portal_parity_${randomBytes(6).toString('hex')}`;
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		cleanups.push(async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		});
		const folder = mkdtempSync(join(tmpdir(), 'portal-parity-'));
		cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));

		await migrateWithScript({ DATABASE_URL: url.toString() });
		await migrateWithScript({ DATA_DIR: folder });

		const pg = postgres(url.toString(), { max: 1, onnotice: () => {} });
		const { PGlite } = await import('@electric-sql/pglite');
		const lite = await PGlite.create(join(folder, 'db'));
		try {
			for (const [name, query] of Object.entries(CATALOGUE_QUERIES)) {
				const fromPostgres = Array.from(await pg.unsafe(query));
				const fromPglite = (await lite.query(query)).rows;
				expect(fromPostgres.length, name).toBeGreaterThan(0);
				expect(JSON.parse(JSON.stringify(fromPglite)), name).toEqual(
					JSON.parse(JSON.stringify(fromPostgres))
				);
			}
		} finally {
			await pg.end();
			await lite.close();
		}
	}, 240_000);
});
