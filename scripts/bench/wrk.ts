/**
 * Load by Debian's `wrk` (apt-get install -y wrk), a C load generator that is not the bottleneck:
 * the project's Node generator (load.ts) tops out at a few thousand requests a second on this
 * machine, below what nginx serves, so ratios against nginx measured with it were flattering.
 *
 * Beside latency and rate it reports:
 *  - failures: connection errors, answers other than 2xx/3xx, and timeouts (10 s);
 *  - the requests still waiting for their answer when the run ends, whose latency no percentile
 *    includes: a closed loop leaves at most one per connection, so the figure says how much of
 *    the tail is unseen (wrk cannot wait for them);
 *  - the server's CPU per answered request (its process's user + system time over the run, from
 *    /proc), which stays comparable on a noisy machine where latency does not.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const WRK = '/usr/bin/wrk';

export type WrkResult = {
	requests: number;
	seconds: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	/** Connection errors, answers other than 2xx/3xx, and timeouts. */
	failures: number;
	/** Requests sent and not answered when the run ended (at most one per connection). */
	unanswered: number;
	/** Server CPU (user + system) per answered request, in milliseconds; null without a pid. */
	cpuMsPerRequest: number | null;
};

export type WrkOptions = {
	url: string;
	connections: number;
	seconds: number;
	/** The server process whose CPU is counted. */
	pid?: number;
	/**
	 * Each request's path and query instead of the URL's, made in Lua from a request number unique
	 * to the run (`n`), e.g. `"/gallery?q=w" .. n` for searches no cache can answer.
	 */
	luaPath?: string;
};

const CLOCK_TICKS =
	Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU of a process so far, in milliseconds. */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// Fields 14 and 15 of stat (utime, stime), counted from the state field, which is 3.
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * The script: counts what each thread sent and received (so the unanswered can be counted),
 * makes unique paths when asked, and prints one JSON line of the figures at the end.
 */
function script(luaPath: string | undefined): string {
	return `
local threads = {}
local counter = 1
function setup(thread)
	thread:set("id", counter)
	table.insert(threads, thread)
	counter = counter + 1
end
sent = 0
received = 0
function request()
	sent = sent + 1
	${
		luaPath
			? `local n = id * 100000000 + sent
	return wrk.format("GET", ${luaPath})`
			: 'return wrk.request()'
	}
end
function response(status, headers, body)
	received = received + 1
end
function done(summary, latency, requests)
	local s, r = 0, 0
	for _, thread in ipairs(threads) do
		s = s + thread:get("sent")
		r = r + thread:get("received")
	end
	local e = summary.errors
	io.write(string.format('WRK {"requests":%d,"duration":%d,"p50":%d,"p95":%d,"p99":%d,"errors":%d,"sent":%d,"received":%d}\\n',
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
		latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout, s, r))
end
`;
}

export function hasWrk(): boolean {
	return existsSync(WRK);
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
	const file = path.join(folder, 'script.lua');
	writeFileSync(file, script(options.luaPath));
	const before = options.pid ? cpuMs(options.pid) : 0;
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn(WRK, [
			'-t2',
			`-c${options.connections}`,
			`-d${options.seconds}s`,
			'--timeout',
			'10s',
			'-s',
			file,
			options.url
		]);
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))
		);
	});
	const after = options.pid ? cpuMs(options.pid) : 0;
	rmSync(folder, { recursive: true, force: true });
	const line = /^WRK (\{.*\})$/m.exec(output)?.[1];
	if (!line) throw new Error(`wrk printed no figures:\n${output}`);
	const figures = JSON.parse(line) as Record<string, number>;
	const seconds = figures.duration / 1e6;
	const unanswered = Math.max(0, figures.sent - figures.received);
	return {
		requests: figures.requests,
		seconds,
		rps: figures.requests / seconds,
		p50: figures.p50 / 1000,
		p95: figures.p95 / 1000,
		p99: figures.p99 / 1000,
		failures: figures.errors,
		unanswered,
		cpuMsPerRequest: options.pid && figures.requests ? (after - before) / figures.requests : null
	};
}

/** One `bench:` line per figure. */
export function reportWrk(name: string, result: WrkResult): void {
	console.log(`bench: ${name}_p50 ${result.p50.toFixed(2)} ms`);
	console.log(`bench: ${name}_p95 ${result.p95.toFixed(2)} ms`);
	console.log(`bench: ${name}_p99 ${result.p99.toFixed(2)} ms`);
	console.log(`bench: ${name}_rps ${result.rps.toFixed(0)} req/s`);
	if (result.cpuMsPerRequest !== null)
		console.log(`bench: ${name}_cpu ${result.cpuMsPerRequest.toFixed(2)} ms/req`);
	console.log(`bench: ${name}_failures ${result.failures} requests`);
	console.log(`bench: ${name}_unanswered_at_end ${result.unanswered} requests`);
}
