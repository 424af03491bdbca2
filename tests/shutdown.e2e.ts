import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import postgres from 'postgres';

/**
 * `node build` stops promptly on SIGTERM: the database pool is closed on sveltekit:shutdown
 * (postgres.js would otherwise keep the process alive). Runs against this machine's PostgreSQL
 * when it answers, otherwise against the embedded database (and says so in the report).
 */
const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
	const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		const name = `portal_shutdown_${randomBytes(5).toString('hex')}`;
		await admin.unsafe(`create database ${name}`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return {
			url: url.toString(),
			drop: async () => {
				await admin.unsafe(`drop database if exists ${name} with (force)`);
				await admin.end();
			}
		};
	} catch {
		await admin.end({ timeout: 1 });
		return null;
	}
}

test('the production server exits within seconds of SIGTERM', async ({ request }, testInfo) => {
	test.setTimeout(120_000);
	const database = await freshPostgresDatabase();
	// CI requires PostgreSQL: there a missing server is a failure, not a quiet fallback.
	if (process.env.REQUIRE_POSTGRES === '1')
		expect(database, `PostgreSQL at ${adminUrl} must answer`).not.toBeNull();
	testInfo.annotations.push({
		type: 'database',
		description: database ? 'PostgreSQL' : 'embedded PGlite (PostgreSQL not reachable)'
	});
	const dataDir = `.data-e2e-shutdown-${randomBytes(3).toString('hex')}`;
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			PORT: '4177',
			ORIGIN: 'http://localhost:4177',
			APP_ENV: 'test',
			DATA_DIR: dataDir,
			...(database ? { DATABASE_URL: database.url, SEED_DEMO_DATA: 'true' } : {})
		},
		stdio: 'ignore'
	});
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	try {
		await expect(async () => {
			const health = await request.get('http://localhost:4177/health');
			expect(health.status()).toBe(200);
		}).toPass({ timeout: 60_000 });
		// A request that used the pool, so connections are open.
		expect((await request.get('http://localhost:4177/')).status()).toBe(200);
		const started = Date.now();
		child.kill('SIGTERM');
		const code = await Promise.race([
			exited,
			new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000))
		]);
		expect(code).not.toBe('timeout');
		expect(Date.now() - started).toBeLessThan(15_000);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
		await database?.drop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
