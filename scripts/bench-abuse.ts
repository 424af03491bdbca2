/**
 * npm run bench:abuse — what one anonymous client can make a node spend (issue 12), on a
 * production build (`build-bench/`, built when missing or with BENCH_BUILD=1) on the embedded
 * default (PGlite in a fresh folder, demo data loaded beforehand by `npm run db:seed`), from
 * 127.0.0.1 (per-address limits raised, RATE_LIMIT_IP_FACTOR=1000, so the per-account ones are
 * what is measured).
 *
 * Figures, each printed as `bench: <name> <value> <unit>` with its target:
 *  - the event-loop stall of the worst anonymous form post: while the post is handled, a probe
 *    asks for a static file (served on the same event loop) every few milliseconds; the stall is
 *    the slowest probe minus the probes' median before the post. Target < 50 ms.
 *  - memory growth from a 64 MB post to a non-upload route (declared length, and streamed
 *    without one): the server's RSS sampled every 10 ms, highest minus before. Target < 20 MB.
 *  - wrong passwords verified for one account under 200 concurrent attempts (400 answers are
 *    verified guesses, 429 refused ones). Target ≤ 10.
 *  - gallery p95 during a flood of wrong passwords (200 connections, random addresses) against
 *    its p95 without it, measured in the same run. Target < 2×.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile, runLoad, sleep, waitForServer } from './bench/load';

const PORT = 4397;
const BASE = `http://127.0.0.1:${PORT}`;
const ORIGIN = 'https://bench.portal.test';
const BUILD_DIR = 'build-bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNT = 'organizer@example.org';

const line = (name: string, value: string | number, unit: string) =>
	console.log(`bench: ${name} ${value} ${unit}`);
const verdict = (name: string, value: number, target: number, unit: string, below = true) =>
	console.log(
		`bench: ${name}_target ${target} ${unit} ${(below ? value < target : value <= target) ? 'met' : 'not met'} (measured ${value.toFixed(1)})`
	);

function startServer(dataDir: string): ChildProcess {
	return spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			BUILD_DIR,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			APP_ENV: 'production',
			ORIGIN,
			SMTP_URL: 'smtp://127.0.0.1:9',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			SUPABASE_URL: '',
			SUPABASE_SERVICE_ROLE_KEY: '',
			RATE_LIMIT_IP_FACTOR: '1000'
		}
	});
}

function residentMegabytes(pid: number): number {
	const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** One request with a raw body; `chunked` streams it without a Content-Length. */
function post(
	pathname: string,
	contentType: string,
	body: Buffer,
	chunked = false
): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	return new Promise((resolve) => {
		const headers: Record<string, string> = { origin: ORIGIN, 'content-type': contentType };
		if (chunked) headers['transfer-encoding'] = 'chunked';
		else headers['content-length'] = String(body.byteLength);
		const request = http.request(`${BASE}${pathname}`, { method: 'POST', headers }, (response) => {
			response.resume();
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, ms: performance.now() - started })
			);
		});
		// The server may refuse and close before the whole body is sent.
		request.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
		const piece = 256 * 1024;
		let offset = 0;
		const pump = () => {
			while (offset < body.byteLength) {
				const chunk = body.subarray(offset, offset + piece);
				offset += piece;
				if (!request.write(chunk)) return void request.once('drain', pump);
			}
			request.end();
		};
		pump();
	});
}

/** Latencies of a static file asked for back to back until `until` settles. */
async function probe(until: Promise<unknown>): Promise<number[]> {
	const latencies: number[] = [];
	let done = false;
	void until.finally(() => (done = true));
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	while (!done) {
		const started = performance.now();
		await new Promise<void>((resolve) =>
			http
				.get(`${BASE}/favicon.svg`, { agent }, (response) => {
					response.resume();
					response.on('end', resolve);
				})
				.on('error', () => resolve())
		);
		latencies.push(performance.now() - started);
		await sleep(2);
	}
	agent.destroy();
	return latencies;
}

const urlencoded = 'application/x-www-form-urlencoded';
const fieldsBody = (count: number, value = '') =>
	Buffer.from(
		`email=not-an-email&${Array.from({ length: count }, (_, index) => `f${index}=${value}`).join('&')}`
	);
function multipartBody(count: number, boundary: string, value = ''): Buffer {
	const parts = Array.from(
		{ length: count },
		(_, index) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="f${index}"\r\n\r\n${value}\r\n`
	);
	return Buffer.from(`${parts.join('')}--${boundary}--\r\n`);
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-abuse-'));
let server: ChildProcess | null = null;
try {
	if (process.env.BENCH_BUILD === '1' || !existsSync(path.join(BUILD_DIR, 'index.js'))) {
		console.log(`building (BUILD_DIR=${BUILD_DIR} vite build)…`);
		execFileSync('npx', ['vite', 'build'], { stdio: 'ignore', env: { ...process.env, BUILD_DIR } });
	}
	execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-seed.ts'], {
		stdio: 'ignore',
		env: { ...process.env, APP_ENV: 'development', DATA_DIR: folder, DATABASE_URL: '' }
	});
	server = startServer(folder);
	await waitForServer(`${BASE}/health`);
	const pid = server.pid!;
	console.log(
		`bench: machine ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
			.loadavg()
			.map((value) => value.toFixed(2))
			.join(' ')}; data: demo seed (6 published entries); production build, PGlite`
	);

	// --- 1. the event-loop stall of the worst anonymous form post -----------------------------
	await probe(sleep(500)); // warm
	const baseline = (await probe(sleep(1000))).sort((a, b) => a - b);
	const median = percentile(baseline, 0.5);
	line('abuse_probe_median', median.toFixed(2), 'ms');
	const boundary = 'benchBoundary9x7';
	const escapes = '%E2%82%AC'.repeat(110); // 990 bytes of percent-escapes to decode per field
	const attacks: [string, string, string, Buffer][] = [
		['40k_urlencoded_fields', '/forgot-password', urlencoded, fieldsBody(40_000)],
		[
			'20k_multipart_fields',
			'/forgot-password',
			`multipart/form-data; boundary=${boundary}`,
			multipartBody(20_000, boundary)
		],
		[
			'999_escaped_fields_1mb',
			'/forgot-password',
			urlencoded,
			fieldsBody(999, escapes.slice(0, 950))
		],
		[
			'999_multipart_fields_1mb',
			'/forgot-password',
			`multipart/form-data; boundary=${boundary}`,
			multipartBody(999, boundary, 'x'.repeat(950))
		],
		[
			'one_1mb_field_signup',
			'/sign-up',
			urlencoded,
			Buffer.from(`name=${escapes.repeat(1000).slice(0, 1_040_000)}`)
		]
	];
	let worst = 0;
	for (const [name, pathname, type, body] of attacks) {
		const sent = post(pathname, type, body);
		const latencies = await probe(sent);
		const answer = await sent;
		const stall = Math.max(0, Math.max(...latencies) - median);
		worst = Math.max(worst, stall);
		line(
			`abuse_stall_${name}`,
			stall.toFixed(1),
			`ms (HTTP ${answer.status}, ${(body.byteLength / 1024).toFixed(0)} KB, answered in ${answer.ms.toFixed(0)} ms)`
		);
	}
	verdict('abuse_worst_form_stall', worst, 50, 'ms');

	// --- 2. memory from a 64 MB post to a route that is not an upload -------------------------
	const big = Buffer.alloc(64 * 1024 * 1024, 'a');
	let growth = 0;
	for (const chunked of [false, true]) {
		await sleep(500);
		const before = residentMegabytes(pid);
		let highest = before;
		const sampler = setInterval(() => (highest = Math.max(highest, residentMegabytes(pid))), 10);
		const answer = await post('/sign-in', urlencoded, big, chunked);
		await sleep(200);
		clearInterval(sampler);
		const grown = highest - before;
		growth = Math.max(growth, grown);
		line(
			`abuse_memory_64mb_${chunked ? 'chunked' : 'declared'}`,
			grown.toFixed(1),
			`MB (HTTP ${answer.status}, RSS before ${before.toFixed(0)} MB)`
		);
	}
	verdict('abuse_memory_growth', growth, 20, 'MB');

	// --- 3. wrong passwords verified for one account under 200 concurrent attempts ------------
	const attempts = await Promise.all(
		Array.from({ length: 200 }, (_, index) =>
			post(
				'/sign-in',
				urlencoded,
				Buffer.from(`email=${encodeURIComponent(ACCOUNT)}&password=wrong+guess+${index}`)
			)
		)
	);
	const verified = attempts.filter((answer) => answer.status === 400).length;
	const refused = attempts.filter((answer) => answer.status === 429).length;
	line(
		'abuse_signin_attempts',
		200,
		`concurrent (${verified} verified, ${refused} refused with 429, ${200 - verified - refused} other)`
	);
	verdict('abuse_wrong_passwords_verified', verified, 10, 'attempts', false);

	// --- 4. the gallery during a flood of wrong passwords ------------------------------------
	const gallery = () => runLoad({ url: `${BASE}/gallery`, connections: 25, seconds: SECONDS });
	await gallery(); // warm
	const calm = await gallery();
	const floodEnds = performance.now() + (SECONDS + 2) * 1000;
	const flood = runLoad({
		url: `${BASE}/sign-in`,
		connections: 200,
		seconds: SECONDS + 2,
		method: 'POST',
		headers: { origin: ORIGIN, 'content-type': urlencoded },
		body: () =>
			`email=flood-${Math.random().toString(36).slice(2)}%40example.org&password=wrong+guess+here`,
		expectStatus: (status) => status === 400 || status === 429
	});
	await sleep(1000);
	const stormy = await gallery();
	const flooded = await flood;
	const calmP95 = percentile(calm.latencies, 0.95);
	const stormyP95 = percentile(stormy.latencies, 0.95);
	line(
		'abuse_gallery_p95_calm',
		calmP95.toFixed(2),
		`ms (${(calm.requests / calm.seconds).toFixed(0)} req/s, 25 connections)`
	);
	line(
		'abuse_gallery_p95_flood',
		stormyP95.toFixed(2),
		`ms (${(stormy.requests / stormy.seconds).toFixed(0)} req/s; flood ${(flooded.requests / flooded.seconds).toFixed(0)} sign-ins/s at 200 connections, ${flooded.errors} unexpected answers)`
	);
	verdict('abuse_gallery_flood_ratio', stormyP95 / calmP95, 2, '×');
	if (performance.now() < floodEnds) await sleep(floodEnds - performance.now());
} finally {
	if (server && server.exitCode === null) {
		const exited = new Promise((resolve) => server!.once('exit', resolve));
		server.kill('SIGTERM');
		await exited;
	}
	rmSync(folder, { recursive: true, force: true });
}
