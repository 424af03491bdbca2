/**
 * npm run test:sqlmap — sqlmap (Debian's package) in batch mode against the public search and
 * paging parameters of the gallery and the Showcase API, on the production build served on
 * loopback with a fresh embedded database (the demo gallery). Exits 1 when sqlmap reports an
 * injectable parameter, or when it could not test a target. Needs `build/` (npm run build) and
 * /usr/bin/sqlmap (apt-get install -y sqlmap).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep, waitForServer } from './bench/load';

const PORT = 4397;
const ORIGIN = `http://127.0.0.1:${PORT}`;

if (!existsSync('/usr/bin/sqlmap')) {
	console.error('sqlmap is not installed: apt-get install -y sqlmap');
	process.exit(1);
}
if (!existsSync(path.join(process.env.BUILD_DIR || 'build', 'index.js'))) {
	console.error('No production build: run `npm run build` first.');
	process.exit(1);
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'portal-sqlmap-'));
const server = spawn(process.execPath, ['scripts/serve.js'], {
	stdio: ['ignore', 'ignore', 'inherit'],
	env: {
		...process.env,
		PORT: String(PORT),
		HOST: '127.0.0.1',
		ORIGIN,
		APP_ENV: 'test',
		DATA_DIR: path.join(folder, 'data'),
		DATABASE_URL: '',
		SEED_DEMO_DATA: 'true',
		// sqlmap sends hundreds of requests from one address.
		RATE_LIMIT_IP_FACTOR: '1000',
		// Every probe must reach the database, not a cached copy of an earlier answer.
		PUBLIC_CACHE_SECONDS: '0'
	}
});

let failed = false;
try {
	await waitForServer(`${ORIGIN}/health`);
	const gallery = await (await fetch(`${ORIGIN}/gallery`)).text();
	const slug = /href="\/gallery\/([a-z0-9-]+)"/.exec(gallery)?.[1];
	if (!slug) throw new Error('the demo gallery has no entry');
	const next =
		/href="\/gallery\?cursor=([A-Za-z0-9_-]+)"/.exec(gallery)?.[1] ?? 'WyJhIiwxMDAxLCJ4Il0';
	const targets = [
		{
			url: `${ORIGIN}/gallery?q=flood&track=disaster-response&sdg=11&country=KR`,
			params: 'q,track,sdg,country'
		},
		{ url: `${ORIGIN}/gallery?cursor=${next}`, params: 'cursor' },
		{
			url: `${ORIGIN}/api/v1/showcase?q=flood&track=disaster-response&sdg=11&country=KR&limit=5&lang=en`,
			params: 'q,track,sdg,country,limit,lang'
		},
		{ url: `${ORIGIN}/api/v1/showcase?cursor=${next}`, params: 'cursor' },
		// The slug in the path (sqlmap's `*` marks where to inject) and the language.
		{ url: `${ORIGIN}/api/v1/showcase/${slug}*?lang=en`, params: '' }
	];
	for (const target of targets) {
		const output = path.join(folder, 'out');
		const started = performance.now();
		const result = spawnSync(
			'/usr/bin/sqlmap',
			[
				'-u',
				target.url,
				...(target.params ? ['-p', target.params] : []),
				'--batch',
				'--level=2',
				'--risk=1',
				'--technique=BEUST',
				'--time-sec=2',
				'--threads=4',
				'--dbms=PostgreSQL',
				'--flush-session',
				'--disable-coloring',
				`--output-dir=${output}`
			],
			{ encoding: 'utf8', timeout: 15 * 60_000 }
		);
		const text = `${result.stdout}\n${result.stderr}`;
		const seconds = ((performance.now() - started) / 1000).toFixed(0);
		const injectable =
			/is vulnerable|appears to be injectable|might be injectable|sqlmap identified the following injection point/i.test(
				text
			);
		const clean = /all tested parameters do not appear to be injectable/i.test(text);
		const tests = text.match(/\] \[INFO\] testing '/g)?.length ?? 0;
		console.log(
			`sqlmap: ${target.url.replace(ORIGIN, '')} [${target.params || 'path'}] ${injectable ? 'INJECTABLE' : clean ? 'nothing found' : 'NOT TESTED'} (${tests} tests, ${seconds} s)`
		);
		if (injectable || !clean || tests === 0) {
			failed = true;
			console.log(
				text
					.split('\n')
					.filter((line) => /\[(CRITICAL|ERROR|WARNING|INFO)\]/.test(line))
					.slice(-30)
					.join('\n')
			);
		}
		const log = path.join(output, '127.0.0.1', 'log');
		if (existsSync(log) && readFileSync(log, 'utf8').trim()) {
			failed = true;
			console.log(`sqlmap logged injection points:\n${readFileSync(log, 'utf8')}`);
		}
		rmSync(output, { recursive: true, force: true });
	}
} catch (error) {
	console.error(error);
	failed = true;
} finally {
	server.kill('SIGTERM');
	await sleep(500);
	rmSync(folder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
