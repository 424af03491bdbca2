import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests run against the production build (`vite build`, then `node build`), in
 * Debian's Chromium. Two servers, each on a fresh embedded database:
 *  - main (4173): the portal as a newcomer gets it, with demo data;
 *  - strict (4174): production-like rate limits for the brute-force tests, kept apart so that
 *    blocking the test machine's address there does not disturb the other tests;
 *  - production (4175): APP_ENV=production, as behind a TLS-terminating proxy;
 *  - timetravel (4176): for tests that move the server's clock (POST /dev/clock);
 *  - judging (4178): the whole judging process, whose round states the tests change;
 *  - results (4179): results, publication and the public gallery (it publishes once);
 *  - blind (4180): the blind-round leak crawl;
 *  - matrix (4181): the access matrix (every route and action for every role);
 *  - inject (4182): XSS and SQL payloads in every text field;
 *  - notify (4183): judges told by mail of their work, whose round 1 the test opens;
 *  - rounds (4189): a fresh demo install whose round 1 the round-state tests open and close.
 */
// Debian's headless shell (package chromium-headless-shell) where it is installed: the same engine
// without the full browser's GPU process and window machinery, it does the suite's work with about
// a quarter less CPU on this two-core machine. Full Chromium otherwise.
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
const executablePath =
	process.env.CHROMIUM_PATH || (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

const server = (port: number, name: string, extra: Record<string, string> = {}) => ({
	command: `node scripts/e2e-server.js`,
	port,
	reuseExistingServer: false,
	timeout: 120_000,
	stdout: 'pipe' as const,
	env: {
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		DATA_DIR: `.data-e2e-${name}`,
		APP_ENV: 'test',
		...extra
	}
});

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: true,
	workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
	forbidOnly: true,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: 'http://localhost:4173',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			// This machine has no internet: keep Chromium from trying.
			args: ['--disable-background-networking', '--disable-component-update', '--no-first-run']
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: [
		// Per-IP limits are raised on the main server: all tests share one address.
		server(4173, 'main', { RATE_LIMIT_IP_FACTOR: '50' }),
		server(4174, 'strict'),
		// Its clock is moved by the tests (deadlines); only files that run serially use it.
		server(4176, 'timetravel', { RATE_LIMIT_IP_FACTOR: '50' }),
		// Its own database for the whole-judging tests (they open, close and release rounds).
		// Without the demo gallery's six entries, so round 1 holds only the tests' own.
		server(4178, 'judging', { RATE_LIMIT_IP_FACTOR: '50', SEED_DEMO_GALLERY: 'false' }),
		// The blind-round leak test, whose round changes must not meet the flow test's.
		server(4180, 'blind', { RATE_LIMIT_IP_FACTOR: '50', SEED_DEMO_GALLERY: 'false' }),
		// The access matrix: every route × every role, with real data of its own.
		server(4181, 'matrix', { RATE_LIMIT_IP_FACTOR: '50' }),
		// Injection payloads everywhere, published once; no demo gallery (a first publication).
		server(4182, 'inject', { RATE_LIMIT_IP_FACTOR: '50', SEED_DEMO_GALLERY: 'false' }),
		// Judges' work mail: it opens round 1, which must hold only the test's own entries.
		server(4183, 'notify', { RATE_LIMIT_IP_FACTOR: '50', SEED_DEMO_GALLERY: 'false' }),
		// Its own database for results and the gallery (publications change the demo gallery).
		server(4179, 'results', { RATE_LIMIT_IP_FACTOR: '50' }),
		// A fresh demo install whose round 1 only the round-state tests open, close and reopen.
		server(4189, 'rounds', { RATE_LIMIT_IP_FACTOR: '50' }),
		// Production settings (behind a TLS-terminating proxy): no mailbox, __Host- cookies, HSTS.
		// Never seeded: its organizer comes from admin:create (scripts/e2e-server.js).
		server(4175, 'production', {
			APP_ENV: 'production',
			ORIGIN: 'https://portal.test',
			SMTP_URL: 'smtp://127.0.0.1:9',
			E2E_ADMIN_EMAIL: 'operator@portal.test'
		})
	]
});
