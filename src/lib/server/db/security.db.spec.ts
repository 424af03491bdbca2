import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import { seedDemoData } from '../seed/seed';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoData(database.db);
	await createUser(database.db);
});

// Supabase's database linter, lint 0013 "rls_disabled_in_public" (supabase/splinter).
const RLS_DISABLED_IN_PUBLIC = `
select format('Table \`%s.%s\` is in the public schema but RLS has not been enabled.', n.nspname, c.relname) as detail
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on c.relnamespace = n.oid
where c.relkind = 'r' and n.nspname = 'public' and not c.relrowsecurity`;

describe('Row Level Security and Supabase roles', () => {
	it('has RLS enabled on every table in public (Supabase lint 0013 finds nothing)', async () => {
		const tables = await database.query<{ n: number }>(
			`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`
		);
		expect(tables[0].n).toBeGreaterThan(5);
		expect(await database.query(RLS_DISABLED_IN_PUBLIC)).toEqual([]);
	});

	it('creates the anon and authenticated roles', async () => {
		const roles = await database.query<{ rolname: string }>(
			`select rolname from pg_roles where rolname in ('anon', 'authenticated') order by rolname`
		);
		expect(roles.map((role) => role.rolname)).toEqual(['anon', 'authenticated']);
	});

	it('grants anon and authenticated no privilege on any table, except anon reading the showcase view', async () => {
		const granted = await database.query(`
			select c.relname, r.rolname, p.privilege
			from pg_class c
			join pg_namespace n on n.oid = c.relnamespace
			cross join (values ('anon'), ('authenticated')) as r(rolname)
			cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) as p(privilege)
			where n.nspname = 'public' and c.relkind in ('r', 'v', 'm')
			and has_table_privilege(r.rolname, c.oid, p.privilege)`);
		expect(granted).toEqual([{ relname: 'showcase', rolname: 'anon', privilege: 'SELECT' }]);
	});

	it.each(['anon', 'authenticated'])('reads nothing as %s (SET ROLE)', async (role) => {
		const tables = await database.query<{ table_name: string }>(
			`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
		);
		const outcomes: string[] = [];
		for (const { table_name } of tables) {
			try {
				const rows = await database.queryAsRole<{ n: number }>(
					role,
					`select count(*)::int as n from "${table_name}"`
				);
				outcomes.push(`${table_name}: ${rows[0]?.n}`);
				expect(rows[0]?.n).toBe(0);
			} catch (error) {
				outcomes.push(`${table_name}: ${String((error as Error).message)}`);
				expect(String((error as Error).message)).toMatch(/permission denied/);
			}
		}
		expect(outcomes.length).toBe(tables.length);
		// The owner still sees the seeded rows, so "nothing" above is not an empty database.
		const owner = await database.query<{ n: number }>(`select count(*)::int as n from users`);
		expect(owner[0].n).toBeGreaterThan(0);
	});
});
