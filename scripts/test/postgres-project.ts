import postgres from 'postgres';

/**
 * The database tests run twice: on PGlite and on a real PostgreSQL server. The PostgreSQL run
 * needs a server whose URL (a maintenance database of a role that may CREATE DATABASE) is in
 * TEST_DATABASE_URL; it defaults to the local server. Each test file gets its own fresh database.
 * When no server answers, the run says so loudly (and fails when REQUIRE_POSTGRES=1, as in CI).
 */
export const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresTestProject() {
	const url = process.env.TEST_DATABASE_URL || defaultTestDatabaseUrl;
	const project = {
		extends: true as const,
		test: {
			name: 'db-postgres',
			environment: 'node' as const,
			include: ['src/**/*.db.spec.ts', 'src/**/*.pg.spec.ts'],
			env: { TEST_DB: 'postgres', TEST_DATABASE_URL: url },
			testTimeout: 60_000,
			hookTimeout: 120_000
		}
	};
	if (!process.env.VITEST) return project;
	const reachable = await canConnect(url);
	if (reachable) return project;
	const message = `PostgreSQL at ${redact(url)} is not reachable: the db-postgres tests cannot run.`;
	if (process.env.REQUIRE_POSTGRES === '1') throw new Error(message);
	console.warn(
		`\n!!! ${message}\n!!! Only the PGlite database tests run. Set TEST_DATABASE_URL to run both.\n`
	);
	return { ...project, test: { ...project.test, include: [] as string[], passWithNoTests: true } };
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
