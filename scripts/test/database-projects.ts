import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

/**
 * The database tests run twice: on PGlite and on a real PostgreSQL server. The PostgreSQL run
 * needs a server whose URL (a maintenance database of a role that may CREATE DATABASE) is in
 * TEST_DATABASE_URL; it defaults to the local server. Each test file gets its own fresh database.
 * When no server answers, the run says so loudly (and fails when REQUIRE_POSTGRES=1, as in CI).
 *
 * Files share a worker's loaded modules (`isolate: false`): importing the app again for every file
 * cost more than the tests themselves. A file that mocks a module (`vi.mock`) needs modules of its
 * own, so those files run in an isolated project beside the shared one.
 */
export const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

const setupFiles = ['scripts/test/database-setup.ts'];
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

/** Files under src whose names end with one of the suffixes and that call vi.mock. */
function mockingFiles(suffixes: string[]): string[] {
	return readdirSync('src', { recursive: true, encoding: 'utf8' })
		.filter((file) => suffixes.some((suffix) => file.endsWith(suffix)))
		.map((file) => path.join('src', file))
		.filter((file) => /\bvi\.mock\(/.test(readFileSync(file, 'utf8')));
}

/** Two projects for one engine: the shared-module one and the isolated one for mocking files. */
function projectsFor(name: string, suffixes: string[], env: Record<string, string>) {
	const include = suffixes.map((suffix) => `src/**/*${suffix}`);
	const mocking = mockingFiles(suffixes);
	const common = { environment: 'node' as const, env, setupFiles, ...timeouts };
	return [
		{
			extends: true as const,
			test: { ...common, name, include, exclude: mocking, isolate: false }
		},
		{
			extends: true as const,
			test: { ...common, name: `${name}-isolated`, include: mocking, passWithNoTests: true }
		}
	];
}

export async function databaseProjects() {
	const pglite = projectsFor('db-pglite', ['.db.spec.ts'], { TEST_DB: 'pglite' });
	const url = process.env.TEST_DATABASE_URL || defaultTestDatabaseUrl;
	const env = { TEST_DB: 'postgres', TEST_DATABASE_URL: url };
	if (!process.env.VITEST || (await canConnect(url)))
		return [...pglite, ...projectsFor('db-postgres', ['.db.spec.ts', '.pg.spec.ts'], env)];
	const message = `PostgreSQL at ${redact(url)} is not reachable: the db-postgres tests cannot run.`;
	if (process.env.REQUIRE_POSTGRES === '1') throw new Error(message);
	console.warn(
		`\n!!! ${message}\n!!! Only the PGlite database tests run. Set TEST_DATABASE_URL to run both.\n`
	);
	return pglite;
}

async function canConnect(url: string): Promise<boolean> {
	const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

function redact(url: string): string {
	return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
