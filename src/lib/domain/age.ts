export type DateOfBirthProblem = 'invalid' | 'future' | 'too_old' | 'too_young';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD strictly (no 2023-02-30). */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
	const match = ISO_DATE.exec(value);
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return null;
	return { year, month, day };
}

/** Age in whole years on a given day (birthdays on 29 February count from 1 March). */
export function ageOn(dateOfBirth: string, on: Date): number {
	const birth = parseIsoDate(dateOfBirth);
	if (!birth) throw new Error(`Invalid date of birth: ${dateOfBirth}`);
	const year = on.getUTCFullYear();
	const month = on.getUTCMonth() + 1;
	const day = on.getUTCDate();
	let age = year - birth.year;
	if (month < birth.month || (month === birth.month && day < birth.day)) age--;
	return age;
}

export function checkDateOfBirth(
	value: string,
	today: Date,
	minimumAge: number
): DateOfBirthProblem | null {
	const birth = parseIsoDate(value);
	if (!birth) return 'invalid';
	if (birth.year < 1900) return 'too_old';
	const birthTime = Date.UTC(birth.year, birth.month - 1, birth.day);
	const todayTime = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
	if (birthTime > todayTime) return 'future';
	if (ageOn(value, today) < minimumAge) return 'too_young';
	return null;
}
