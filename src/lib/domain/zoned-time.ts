import { memo } from './intl';

/**
 * Wall-clock times in an IANA time zone, as `<input type="datetime-local">` reads and writes
 * them (`YYYY-MM-DDTHH:mm`), converted to and from instants with `Intl` alone. Instants are
 * what the database stores (UTC); wall-clock values are what a person types and reads.
 */

const INPUT_VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const SECOND = 1000;
const DAY = 86_400_000;

// By zone alone: conversions call this in loops, where building a key from the options would show.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	// Throws a RangeError for an unknown zone: callers validate zones they did not choose.
	return memo(
		formatters,
		timeZone,
		() =>
			new Intl.DateTimeFormat('en-US', {
				timeZone,
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit',
				era: 'short'
			})
	);
}

type WallClock = {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
};

function wallClockOf(instant: number, timeZone: string): WallClock {
	const parts: Record<string, string> = {};
	for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
	const year = Number(parts.year);
	return {
		// Years before the common era (never useful here, but never wrong either).
		year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
		month: Number(parts.month),
		day: Number(parts.day),
		// Some engines still write midnight as 24 despite h23.
		hour: Number(parts.hour) % 24,
		minute: Number(parts.minute),
		second: Number(parts.second)
	};
}

/** Milliseconds since the epoch of a wall clock read as if it were UTC (any year). */
function wallClockMilliseconds(wall: WallClock): number {
	const date = new Date(0);
	date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
	date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
	return date.getTime();
}

/** The zone's offset from UTC at an instant (whole seconds, as time zones have). */
function offsetAt(instant: number, timeZone: string): number {
	const whole = Math.floor(instant / SECOND) * SECOND;
	return wallClockMilliseconds(wallClockOf(whole, timeZone)) - whole;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** True when `Intl` knows the IANA zone (e.g. "Asia/Seoul", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
	return canonicalTimeZone(timeZone) !== null;
}

/**
 * An IANA zone as Intl canonically writes it ("asia/seoul" gives "Asia/Seoul"), or null for
 * anything that is not one (a cookie or form value of any length or content).
 */
export function canonicalTimeZone(value: string | null | undefined): string | null {
	if (!value || value.length > 64) return null;
	try {
		return formatterFor(value).resolvedOptions().timeZone;
	} catch {
		return null;
	}
}

/**
 * The wall-clock time of an instant in a zone, as a datetime-local value (seconds are dropped,
 * not rounded, so the value never reads later than the instant).
 */
export function toZonedInputValue(instant: Date, timeZone: string): string {
	const time = instant.getTime();
	if (Number.isNaN(time)) throw new RangeError('Invalid date');
	const wall = wallClockOf(time, timeZone);
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Parses YYYY-MM-DDTHH:mm(:ss) strictly: no 30 February, no 24:00. */
function parseInputValue(value: string): WallClock | null {
	const match = INPUT_VALUE.exec(value);
	if (!match) return null;
	const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
	const second = match[6] === undefined ? 0 : Number(match[6]);
	if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
	const wall = { year, month, day, hour, minute, second };
	const check = new Date(wallClockMilliseconds(wall));
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || day < 1) return null;
	return wall;
}

/**
 * The instant a datetime-local value denotes in a zone, or null when the value is malformed or
 * names an impossible date. Around daylight-saving changes: a wall time skipped by the change
 * (spring forward) gives the instant right after the gap, i.e. the moment the clocks jumped;
 * a wall time that happens twice (fall back) gives the earlier instant.
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
	if (typeof value !== 'string') return null;
	const wall = parseInputValue(value.trim());
	if (!wall) return null;
	const target = wallClockMilliseconds(wall);
	// Every offset in force within a day of the wall time: a change can only be one of these.
	const offsets = [
		...new Set([
			offsetAt(target - DAY, timeZone),
			offsetAt(target, timeZone),
			offsetAt(target + DAY, timeZone)
		])
	];
	const matches = offsets
		.map((offset) => target - offset)
		.filter((instant) => offsetAt(instant, timeZone) === target - instant)
		.sort((a, b) => a - b);
	if (matches.length > 0) return new Date(matches[0]);

	// In a gap: the wall time lies between the last instant before the change and the first
	// after it. Reading it with the earlier offset lands after the change, with the later one
	// before it; the change itself is found by bisection (to the second).
	const candidates = offsets.map((offset) => target - offset).sort((a, b) => a - b);
	let before = candidates[0];
	let after = candidates[candidates.length - 1];
	const offsetAfter = offsetAt(after, timeZone);
	if (offsetAt(before, timeZone) === offsetAfter) return null;
	while (after - before > SECOND) {
		const middle = Math.floor((before + after) / 2 / SECOND) * SECOND;
		if (middle <= before || middle >= after) break;
		if (offsetAt(middle, timeZone) === offsetAfter) after = middle;
		else before = middle;
	}
	return new Date(after);
}
