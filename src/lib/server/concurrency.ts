/** Refused at once because a bounded queue or gate is full; the caller answers 429. */
export class BusyError extends Error {
	override name = 'BusyError';
	constructor() {
		super('Busy');
	}
}

/**
 * Runs at most `max` tasks at once; the others wait their turn, first come first served. For work
 * that occupies a core each (password hashing), so a burst of it queues instead of taking the
 * whole machine from every other request.
 *
 * With `restRatio`, a slot stays idle for that multiple of each task's duration before the next
 * task takes it: a duty cycle, so a queue that never empties (a flood) still gets at most
 * `max / (1 + restRatio)` cores. The caller has its answer at once; only the next in line waits.
 *
 * With `maxWaiting`, a task that would wait behind that many others is refused with BusyError
 * instead: a flood gets quick refusals rather than a queue whose last place waits a minute.
 */
export function createLimiter(
	max: number,
	options: { restRatio?: number; maxWaiting?: number } = {}
) {
	if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
	const restRatio = options.restRatio ?? 0;
	if (!(restRatio >= 0)) throw new RangeError('restRatio must be zero or more');
	const maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
	if (!(maxWaiting >= 0)) throw new RangeError('maxWaiting must be zero or more');
	let running = 0;
	const waiting: (() => void)[] = [];
	const release = () => {
		// The slot passes straight to the next in line, so a newcomer cannot jump the queue.
		const next = waiting.shift();
		if (next) next();
		else running -= 1;
	};
	return async function limit<T>(task: () => Promise<T>): Promise<T> {
		if (running < max) running += 1;
		else if (waiting.length >= maxWaiting) throw new BusyError();
		else await new Promise<void>((resolve) => waiting.push(resolve));
		const started = performance.now();
		try {
			return await task();
		} finally {
			const rest = restRatio * (performance.now() - started);
			if (rest > 0) setTimeout(release, rest);
			else release();
		}
	};
}

/**
 * At most `max` tasks at once per key (an account, a network), on this node; one more is refused
 * with BusyError rather than queued. Keys are forgotten when their last task ends.
 */
export function createKeyedGate(max: number) {
	if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
	const running = new Map<string, number>();
	return async function gate<T>(key: string, task: () => Promise<T>): Promise<T> {
		const count = running.get(key) ?? 0;
		if (count >= max) throw new BusyError();
		running.set(key, count + 1);
		try {
			return await task();
		} finally {
			const left = (running.get(key) ?? 1) - 1;
			if (left > 0) running.set(key, left);
			else running.delete(key);
		}
	};
}
