import { describe, expect, it } from 'vitest';
import { BusyError, createKeyedGate, createLimiter } from './concurrency';

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimiter', () => {
	it('runs at most `max` tasks at once and the rest in arrival order', async () => {
		const limit = createLimiter(2);
		const gates = Array.from({ length: 5 }, deferred);
		const started: number[] = [];
		let running = 0;
		let most = 0;
		const results = gates.map((gate, index) =>
			limit(async () => {
				started.push(index);
				running += 1;
				most = Math.max(most, running);
				await gate.promise;
				running -= 1;
				return index;
			})
		);
		await tick();
		expect(started).toEqual([0, 1]);
		gates[1].resolve();
		await tick();
		expect(started).toEqual([0, 1, 2]);
		for (const gate of gates) gate.resolve();
		expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(most).toBe(2);
	});

	it('frees the slot when a task fails', async () => {
		const limit = createLimiter(1);
		await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await limit(async () => 'next')).toBe('next');
	});

	it('rests a slot for restRatio × the last task’s duration before the next task starts', async () => {
		const limit = createLimiter(1, { restRatio: 1 });
		const spans: { start: number; end: number }[] = [];
		const task = () =>
			limit(async () => {
				const start = performance.now();
				await new Promise((resolve) => setTimeout(resolve, 40));
				spans.push({ start, end: performance.now() });
			});
		const first = task();
		const second = task();
		await first;
		// The first caller is answered without waiting for the rest.
		expect(spans).toHaveLength(1);
		await second;
		const duration = spans[0].end - spans[0].start;
		expect(spans[1].start - spans[0].end).toBeGreaterThanOrEqual(duration - 5);
	});

	it('refuses a limit that is not a positive integer, or a negative rest', () => {
		expect(() => createLimiter(0)).toThrow(RangeError);
		expect(() => createLimiter(1.5)).toThrow(RangeError);
		expect(() => createLimiter(1, { restRatio: -1 })).toThrow(RangeError);
		expect(() => createLimiter(1, { restRatio: Number.NaN })).toThrow(RangeError);
	});

	it('refuses at once a task that would wait behind maxWaiting others', async () => {
		const limit = createLimiter(1, { maxWaiting: 2 });
		const gate = deferred();
		const held = limit(() => gate.promise);
		const queued = [limit(async () => 1), limit(async () => 2)];
		await expect(limit(async () => 3)).rejects.toBeInstanceOf(BusyError);
		gate.resolve();
		await held;
		expect(await Promise.all(queued)).toEqual([1, 2]);
		expect(await limit(async () => 4)).toBe(4);
	});
});

describe('createKeyedGate', () => {
	it('runs at most `max` tasks per key, refuses one more, and frees the key afterwards', async () => {
		const gate = createKeyedGate(2);
		const hold = deferred();
		const running = [gate('a', () => hold.promise), gate('a', () => hold.promise)];
		await expect(gate('a', async () => 'third')).rejects.toBeInstanceOf(BusyError);
		expect(await gate('b', async () => 'other key')).toBe('other key');
		hold.resolve();
		await Promise.all(running);
		expect(await gate('a', async () => 'again')).toBe('again');
		await expect(gate('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await gate('a', async () => 'after a failure')).toBe('after a failure');
	});
});
