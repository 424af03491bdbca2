import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The portal's production build, started as an operator starts it (`node scripts/serve.js`), on
 * the embedded default in `dataDir` whatever a local .env says, for the benchmarks. `env` adds to
 * or overrides the defaults (APP_ENV=production behind an https ORIGIN, mail to nowhere).
 */
export function startPortal(options: {
	port: number;
	dataDir: string;
	buildDir: string;
	origin: string;
	env?: Record<string, string>;
}): ChildProcess {
	return spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			BUILD_DIR: options.buildDir,
			PORT: String(options.port),
			HOST: '127.0.0.1',
			APP_ENV: 'production',
			ORIGIN: options.origin,
			SMTP_URL: 'smtp://127.0.0.1:9',
			DATA_DIR: options.dataDir,
			DATABASE_URL: '',
			SUPABASE_URL: '',
			SUPABASE_SERVICE_ROLE_KEY: '',
			...options.env
		}
	});
}

/** Stops a started portal (SIGTERM, then SIGKILL after 15 s) and waits for it to exit. */
export async function stopPortal(child: ChildProcess | null): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}
