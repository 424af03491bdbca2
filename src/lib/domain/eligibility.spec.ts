import { describe, expect, it } from 'vitest';
import { ageProblem, canAddMember, isMinorOnDeadline, teamProblems } from './eligibility';

const deadline = new Date('2027-02-08T14:59:00Z');
const rule = { minAge: 15, maxAge: 35, deadline, teamMinSize: 2, teamMaxSize: 3 };

describe('ageProblem', () => {
	it('checks the age on the deadline, inclusive at both ends', () => {
		expect(ageProblem('2012-02-08', rule)).toBeNull(); // turns 15 on the deadline
		expect(ageProblem('2012-02-09', rule)).toBe('too_young');
		expect(ageProblem('1991-02-09', rule)).toBeNull(); // still 35
		expect(ageProblem('1991-02-08', rule)).toBe('too_old'); // 36 on the deadline
	});
});

describe('isMinorOnDeadline', () => {
	it('is true until the 18th birthday', () => {
		expect(isMinorOnDeadline('2009-02-09', deadline)).toBe(true);
		expect(isMinorOnDeadline('2009-02-08', deadline)).toBe(false);
	});
});

describe('teamProblems', () => {
	const adult = (userId: string) => ({ userId, dateOfBirth: '2000-01-01', consented: false });
	it('accepts a team of eligible adults within the size range', () => {
		expect(teamProblems([adult('a'), adult('b')], rule)).toEqual([]);
	});
	it('names every problem', () => {
		const problems = teamProblems(
			[
				adult('a'),
				{ userId: 'minor', dateOfBirth: '2010-06-01', consented: false },
				{ userId: 'old', dateOfBirth: '1980-01-01', consented: false },
				adult('d')
			],
			rule
		);
		expect(problems).toEqual([
			{ kind: 'too_large', max: 3 },
			{ kind: 'consent', userId: 'minor' },
			{ kind: 'age', userId: 'old', problem: 'too_old' }
		]);
	});
	it('needs at least the minimum size, and accepts a consented minor', () => {
		expect(teamProblems([adult('a')], rule)).toEqual([{ kind: 'too_small', min: 2 }]);
		expect(
			teamProblems([adult('a'), { userId: 'm', dateOfBirth: '2010-06-01', consented: true }], rule)
		).toEqual([]);
	});
	it('limits additions to the maximum size', () => {
		expect(canAddMember(2, rule)).toBe(true);
		expect(canAddMember(3, rule)).toBe(false);
	});
});
