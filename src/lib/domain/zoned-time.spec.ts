import { describe, expect, it } from 'vitest';
import { fromZonedInputValue, isValidTimeZone, toZonedInputValue } from './zoned-time';

const utc = (iso: string) => new Date(iso);

describe('toZonedInputValue', () => {
	it('writes the wall clock of an instant in a zone without DST', () => {
		expect(toZonedInputValue(utc('2026-09-15T14:59:00Z'), 'Asia/Seoul')).toBe('2026-09-15T23:59');
		expect(toZonedInputValue(utc('2026-12-31T15:00:00Z'), 'Asia/Seoul')).toBe('2027-01-01T00:00');
		expect(toZonedInputValue(utc('2026-03-01T00:00:00Z'), 'UTC')).toBe('2026-03-01T00:00');
	});

	it('follows daylight saving time', () => {
		expect(toZonedInputValue(utc('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(
			'2026-01-15T13:00'
		);
		expect(toZonedInputValue(utc('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(
			'2026-07-15T14:00'
		);
		expect(toZonedInputValue(utc('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(
			'2026-07-15T08:00'
		);
		// The repeated hour in New York (1 November 2026): both instants read 01:30.
		expect(toZonedInputValue(utc('2026-11-01T05:30:00Z'), 'America/New_York')).toBe(
			'2026-11-01T01:30'
		);
		expect(toZonedInputValue(utc('2026-11-01T06:30:00Z'), 'America/New_York')).toBe(
			'2026-11-01T01:30'
		);
	});

	it('drops seconds rather than rounding up, and writes midnight as 00', () => {
		expect(toZonedInputValue(utc('2026-05-05T10:20:59.999Z'), 'UTC')).toBe('2026-05-05T10:20');
		expect(toZonedInputValue(utc('2026-05-05T15:00:00Z'), 'Asia/Seoul')).toBe('2026-05-06T00:00');
	});

	it('refuses an invalid date or zone', () => {
		expect(() => toZonedInputValue(new Date('nope'), 'UTC')).toThrow(RangeError);
		expect(() => toZonedInputValue(utc('2026-05-05T10:20:00Z'), 'Mars/Olympus')).toThrow(
			RangeError
		);
	});
});

describe('fromZonedInputValue', () => {
	it('reads a wall clock in a zone without DST', () => {
		expect(fromZonedInputValue('2026-09-15T23:59', 'Asia/Seoul')).toEqual(
			utc('2026-09-15T14:59:00Z')
		);
		expect(fromZonedInputValue('2027-01-01T00:00', 'Asia/Seoul')).toEqual(
			utc('2026-12-31T15:00:00Z')
		);
		expect(fromZonedInputValue('2026-03-01T00:00', 'UTC')).toEqual(utc('2026-03-01T00:00:00Z'));
		// Browsers may send seconds.
		expect(fromZonedInputValue('2026-03-01T00:00:30', 'UTC')).toEqual(utc('2026-03-01T00:00:30Z'));
	});

	it('reads summer and winter time', () => {
		expect(fromZonedInputValue('2026-01-15T13:00', 'Europe/Berlin')).toEqual(
			utc('2026-01-15T12:00:00Z')
		);
		expect(fromZonedInputValue('2026-07-15T14:00', 'Europe/Berlin')).toEqual(
			utc('2026-07-15T12:00:00Z')
		);
		expect(fromZonedInputValue('2026-07-15T08:00', 'America/New_York')).toEqual(
			utc('2026-07-15T12:00:00Z')
		);
		// Just before and just after the change in Berlin (29 March 2026, 02:00 → 03:00).
		expect(fromZonedInputValue('2026-03-29T01:59', 'Europe/Berlin')).toEqual(
			utc('2026-03-29T00:59:00Z')
		);
		expect(fromZonedInputValue('2026-03-29T03:00', 'Europe/Berlin')).toEqual(
			utc('2026-03-29T01:00:00Z')
		);
	});

	it('gives the instant right after a DST gap for a wall time that does not exist', () => {
		// Berlin skips 02:00–02:59 on 29 March 2026: clocks jump at 01:00 UTC.
		expect(fromZonedInputValue('2026-03-29T02:00', 'Europe/Berlin')).toEqual(
			utc('2026-03-29T01:00:00Z')
		);
		expect(fromZonedInputValue('2026-03-29T02:30', 'Europe/Berlin')).toEqual(
			utc('2026-03-29T01:00:00Z')
		);
		// New York skips 02:00–02:59 on 8 March 2026: clocks jump at 07:00 UTC.
		expect(fromZonedInputValue('2026-03-08T02:30', 'America/New_York')).toEqual(
			utc('2026-03-08T07:00:00Z')
		);
		expect(toZonedInputValue(utc('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(
			'2026-03-08T03:00'
		);
	});

	it('gives the earlier instant for a wall time that happens twice', () => {
		// New York repeats 01:00–01:59 on 1 November 2026 (EDT, then EST).
		expect(fromZonedInputValue('2026-11-01T01:30', 'America/New_York')).toEqual(
			utc('2026-11-01T05:30:00Z')
		);
		// Berlin repeats 02:00–02:59 on 25 October 2026 (CEST, then CET).
		expect(fromZonedInputValue('2026-10-25T02:30', 'Europe/Berlin')).toEqual(
			utc('2026-10-25T00:30:00Z')
		);
		expect(fromZonedInputValue('2026-10-25T03:00', 'Europe/Berlin')).toEqual(
			utc('2026-10-25T02:00:00Z')
		);
	});

	it('refuses malformed values and impossible dates', () => {
		for (const value of [
			'',
			'2026-02-30T10:00',
			'2026-02-29T10:00',
			'2026-13-01T10:00',
			'2026-00-10T10:00',
			'2026-04-31T10:00',
			'2026-04-00T10:00',
			'2026-04-10T24:00',
			'2026-04-10T10:60',
			'2026-04-10T10:00:60',
			'2026-04-10',
			'2026-04-10 10:00',
			'10/04/2026 10:00',
			'2026-4-10T10:00',
			'2026-04-10T10:00Z',
			'2026-04-10T10:00+09:00',
			'0000-01-01T00:00',
			'tomorrow',
			'1234567890'
		])
			expect(fromZonedInputValue(value, 'Asia/Seoul'), value).toBeNull();
		expect(fromZonedInputValue('2028-02-29T10:00', 'UTC')).toEqual(utc('2028-02-29T10:00:00Z'));
	});

	it('round-trips every hour of a year with DST, and instants through wall clocks', () => {
		for (const zone of ['Asia/Seoul', 'UTC', 'Europe/Berlin', 'America/New_York']) {
			const start = Date.UTC(2026, 0, 1);
			for (let hour = 0; hour < 366 * 24; hour += 1) {
				const instant = new Date(start + hour * 3_600_000 + 17 * 60_000);
				const value = toZonedInputValue(instant, zone);
				const back = fromZonedInputValue(value, zone) as Date;
				// Equal, except in a repeated hour, where the earlier reading wins.
				if (back.getTime() !== instant.getTime()) {
					expect(instant.getTime() - back.getTime(), `${zone} ${value}`).toBe(3_600_000);
					expect(toZonedInputValue(back, zone)).toBe(value);
				}
			}
		}
		for (const [value, zone] of [
			['2026-06-30T23:59', 'Asia/Seoul'],
			['2026-11-01T00:59', 'America/New_York'],
			['2026-11-01T02:00', 'America/New_York'],
			['2026-03-29T03:30', 'Europe/Berlin']
		])
			expect(toZonedInputValue(fromZonedInputValue(value, zone) as Date, zone)).toBe(value);
	});
});

describe('isValidTimeZone', () => {
	it('knows IANA zones and refuses the rest', () => {
		expect(isValidTimeZone('Asia/Seoul')).toBe(true);
		expect(isValidTimeZone('UTC')).toBe(true);
		expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus')).toBe(false);
		expect(isValidTimeZone('')).toBe(false);
		expect(isValidTimeZone('Asia/Seoul\u0000')).toBe(false);
	});
});
