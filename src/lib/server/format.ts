/** Server-side formatting of instants for a locale and time zone (no client JS needed). */
export function formatDateTime(value: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
		dateStyle: 'long',
		timeStyle: 'short',
		// 24-hour clock: usual in official Korean texts and unambiguous for deadlines.
		hourCycle: 'h23',
		timeZone
	}).format(value);
}

export function formatDate(value: Date, locale: string, timeZone = 'UTC'): string {
	return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
		dateStyle: 'long',
		timeZone
	}).format(value);
}

/** "Korean Standard Time" / "한국 표준시" */
export function timeZoneName(timeZone: string, locale: string, at: Date): string {
	const parts = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
		timeZone,
		timeZoneName: 'long'
	}).formatToParts(at);
	return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
