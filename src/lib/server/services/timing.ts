/**
 * Runs `work` and answers no sooner than `floorMs` after it started, whatever happened inside,
 * so that the response time does not tell whether an email address has an account.
 */
export async function withMinimumDuration<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
	const started = performance.now();
	try {
		return await work();
	} finally {
		const remaining = floorMs - (performance.now() - started);
		if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
	}
}
