/**
 * Shared Intl formatters. Building one costs far more than using it (tens of microseconds, and
 * the locale data it loads), and pages format dozens of dates and sizes: each distinct locale and
 * option set is built once. The key includes caller-supplied values (a visitor's time zone
 * cookie, in any letter case), so the cache is bounded: past its size it starts again.
 */
const MAX_ENTRIES = 512;

/** The value kept under the key, made (and kept, within the bound) when there is none. */
export function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
	let found = cache.get(key);
	if (found === undefined) {
		// An invalid zone or locale throws here, before anything is kept.
		found = make();
		if (cache.size >= MAX_ENTRIES) cache.clear();
		cache.set(key, found);
	}
	return found;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** `new Intl.DateTimeFormat(locale, options)`, made once. Throws for an unknown time zone. */
export function dateTimeFormat(
	locale: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	return memo(
		dateTimeFormats,
		`${locale}|${JSON.stringify(options)}`,
		() => new Intl.DateTimeFormat(locale, options)
	);
}

/** `new Intl.NumberFormat(locale, options)`, made once. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	return memo(
		numberFormats,
		`${locale}|${JSON.stringify(options)}`,
		() => new Intl.NumberFormat(locale, options)
	);
}
