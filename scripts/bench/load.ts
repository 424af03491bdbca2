/**
 * A small closed-loop HTTP load generator for the benchmarks: `connections` clients, each on its
 * own keep-alive socket, send the next request as soon as the previous answer is read, for
 * `seconds`. Every latency is recorded, so percentiles are exact (not bucketed).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type LoadResult = {
	requests: number;
	errors: number;
	seconds: number;
	latencies: number[];
	bytes: number;
};

export type LoadOptions = {
	url: string | (() => string);
	connections: number;
	seconds: number;
	method?: string;
	headers?: Record<string, string>;
	body?: string | (() => string);
	/** Which statuses count as success (default 200). */
	expectStatus?: (status: number) => boolean;
	/** The client address each connection sends from (a 127.x address: another client). */
	localAddress?: () => string;
	/**
	 * Connections opened before the run (see connectedAgents), one per client: visitors already
	 * connected, as a proxy's pooled connections are. Otherwise each client connects anew.
	 */
	agents?: http.Agent[];
};

/**
 * `count` keep-alive connections, each opened by one GET of `url` and kept for runLoad. (Under a
 * flood that keeps a node busy, a new connection can wait long before it is accepted, while an
 * open one is served in turn: visitors behind a proxy arrive on pooled connections.)
 */
export async function connectedAgents(url: string, count: number): Promise<http.Agent[]> {
	const agents = Array.from(
		{ length: count },
		() => new http.Agent({ keepAlive: true, maxSockets: 1 })
	);
	await Promise.all(agents.map((agent) => once(agent, new URL(url), 'GET', {}, undefined)));
	return agents;
}

function once(
	agent: http.Agent,
	url: URL,
	method: string,
	headers: Record<string, string>,
	body: string | undefined
): Promise<{ status: number; bytes: number }> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { agent, method, headers }, (response) => {
			let bytes = 0;
			response.on('data', (chunk: Buffer) => (bytes += chunk.length));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
			response.on('error', reject);
		});
		request.on('error', reject);
		if (body !== undefined) request.end(body);
		else request.end();
	});
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
	const latencies: number[] = [];
	let errors = 0;
	let bytes = 0;
	const method = options.method ?? 'GET';
	const accept = options.expectStatus ?? ((status: number) => status === 200);
	const started = performance.now();
	const deadline = started + options.seconds * 1000;
	const client = async (index: number) => {
		const agent =
			options.agents?.[index] ??
			new http.Agent({
				keepAlive: true,
				maxSockets: 1,
				...(options.localAddress ? { localAddress: options.localAddress() } : {})
			});
		try {
			while (performance.now() < deadline) {
				const target = new URL(typeof options.url === 'function' ? options.url() : options.url);
				const body = typeof options.body === 'function' ? options.body() : options.body;
				const begin = performance.now();
				try {
					const answer = await once(agent, target, method, options.headers ?? {}, body);
					latencies.push(performance.now() - begin);
					bytes += answer.bytes;
					if (!accept(answer.status)) errors++;
				} catch {
					errors++;
				}
			}
		} finally {
			if (!options.agents) agent.destroy();
		}
	};
	await Promise.all(Array.from({ length: options.connections }, (_, index) => client(index)));
	latencies.sort((a, b) => a - b);
	return {
		requests: latencies.length,
		errors,
		seconds: (performance.now() - started) / 1000,
		latencies,
		bytes
	};
}

export function percentile(sorted: number[], fraction: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

/** Prints the `bench:` lines of one load run. */
export function report(name: string, result: LoadResult): void {
	const line = (figure: string, value: string, unit: string) =>
		console.log(`bench: ${name}_${figure} ${value} ${unit}`);
	line('p50', percentile(result.latencies, 0.5).toFixed(2), 'ms');
	line('p95', percentile(result.latencies, 0.95).toFixed(2), 'ms');
	line('p99', percentile(result.latencies, 0.99).toFixed(2), 'ms');
	line('rps', (result.requests / result.seconds).toFixed(0), 'req/s');
	if (result.errors > 0) line('errors', String(result.errors), 'requests');
}

export const sleep = (milliseconds: number) =>
	new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits until `url` answers 200 (the server has migrated and is listening). */
export async function waitForServer(
	url: string,
	timeoutMs = 120_000,
	headers: Record<string, string> = {}
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, { headers });
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
