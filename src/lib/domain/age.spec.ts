import { describe, expect, it } from 'vitest';
import { ageOn, checkDateOfBirth, parseIsoDate } from './age';

const day = (value: string) => new Date(`${value}T12:00:00Z`);

describe('parseIsoDate', () => {
	it('accepts real dates and rejects impossible ones', () => {
		expect(parseIsoDate('2008-02-29')).toEqual({ year: 2008, month: 2, day: 29 });
		expect(parseIsoDate('2007-02-29')).toBeNull();
		expect(parseIsoDate('2010-13-01')).toBeNull();
		expect(parseIsoDate('10/01/2010')).toBeNull();
		expect(parseIsoDate('2010-1-1')).toBeNull();
	});
});

describe('ageOn', () => {
	it('turns a year older on the birthday, not before', () => {
		expect(ageOn('2010-09-15', day('2027-09-14'))).toBe(16);
		expect(ageOn('2010-09-15', day('2027-09-15'))).toBe(17);
	});
	it('counts 29 February birthdays from 1 March in common years', () => {
		expect(ageOn('2008-02-29', day('2026-02-28'))).toBe(17);
		expect(ageOn('2008-02-29', day('2026-03-01'))).toBe(18);
	});
});

describe('checkDateOfBirth', () => {
	const today = day('2026-11-24');
	it.each([
		['not-a-date', 'invalid'],
		['2026-11-25', 'future'],
		['1899-12-31', 'too_old'],
		['2015-01-01', 'too_young'],
		['2013-11-25', 'too_young']
	])('%s → %s', (value, problem) => {
		expect(checkDateOfBirth(value, today, 13)).toBe(problem);
	});
	it('accepts someone who turns 13 today', () => {
		expect(checkDateOfBirth('2013-11-24', today, 13)).toBeNull();
	});
});
