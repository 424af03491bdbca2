import { dateTimeFormat } from '$lib/domain/intl';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

/** Server-side formatting of instants for a locale and time zone (no client JS needed). */

/**
 * The zones a time is shown in: the challenge's (the reference every deadline is set in) and the
 * viewer's own, from the browser, once known. Every time shown names its zone, so a team in Berlin
 * and the organizer in Seoul read the same deadline the same way.
 */
export type DisplayZones = { reference: string; viewer: string | null };

export function displayZones(viewer: string | null, reference: string): DisplayZones {
	return { reference, viewer };
}

function intlLocale(locale: string): string {
	return locale === 'ko' ? 'ko-KR' : 'en-GB';
}

function formatter(locale: string, timeZone: string, withYear: boolean): Intl.DateTimeFormat {
	return dateTimeFormat(intlLocale(locale), {
		...(withYear ? { year: 'numeric', month: 'long' } : { month: 'short' }),
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		// 24-hour clock: usual in official Korean texts and unambiguous for deadlines.
		hourCycle: 'h23',
		timeZone,
		// "GMT+9", "CET", "UTC": short enough to follow every time.
		timeZoneName: 'short'
	});
}

function offsetAt(timeZone: string, at: Date): string {
	return (
		dateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
			.formatToParts(at)
			.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
	);
}

/**
 * "20 December 2026 at 23:59 GMT+9", and where the viewer's clock reads otherwise
 * "… (20 Dec, 15:59 CET your time)".
 */
export function formatDateTime(value: Date, locale: string, zones: DisplayZones): string {
	const reference = formatter(locale, zones.reference, true).format(value);
	const viewer = zones.viewer;
	if (!viewer || offsetAt(viewer, value) === offsetAt(zones.reference, value)) return reference;
	return m.time_with_viewer_zone(
		{ reference, viewer: formatter(locale, viewer, false).format(value) },
		{ locale: locale as Locale }
	);
}

/** A calendar date as seen in the given zone (no time, so no zone to name). */
export function formatDate(value: Date, locale: string, timeZone = 'UTC'): string {
	return dateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone }).format(value);
}

/** "Korean Standard Time" / "한국 표준시" */
export function timeZoneName(timeZone: string, locale: string, at: Date): string {
	const parts = dateTimeFormat(intlLocale(locale), {
		timeZone,
		timeZoneName: 'long'
	}).formatToParts(at);
	return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
