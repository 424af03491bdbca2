/**
 * Runs at most `max` tasks at once; the others wait their turn, first come first served. For work
 * that occupies a core each (password hashing), so a burst of it queues instead of taking the
 * whole machine from every other request.
 */
export function createLimiter(max: number) {
	if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
	let running = 0;
	const waiting: (() => void)[] = [];
	return async function limit<T>(task: () => Promise<T>): Promise<T> {
		if (running < max) running += 1;
		else await new Promise<void>((resolve) => waiting.push(resolve));
		try {
			return await task();
		} finally {
			// The slot passes straight to the next in line, so a newcomer cannot jump the queue.
			const next = waiting.shift();
			if (next) next();
			else running -= 1;
		}
	};
}
