/**
 * "Now" for the whole server. Deadlines, expiries and rate limits read the time here so tests
 * (and the test-only dev clock) can move it.
 */
let offsetMilliseconds = 0;
let fixed: Date | undefined;

export function now(): Date {
	if (fixed) return new Date(fixed.getTime() + offsetMilliseconds);
	return new Date(Date.now() + offsetMilliseconds);
}

/** Moves the clock by a number of milliseconds (tests and the test-only dev clock). */
export function setClockOffset(milliseconds: number): void {
	offsetMilliseconds = milliseconds;
}

export function getClockOffset(): number {
	return offsetMilliseconds;
}

/** Freezes the clock at an instant (unit tests). Pass undefined to let it run again. */
export function freezeClock(at: Date | undefined): void {
	fixed = at;
	offsetMilliseconds = 0;
}

export function addMilliseconds(date: Date, milliseconds: number): Date {
	return new Date(date.getTime() + milliseconds);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
