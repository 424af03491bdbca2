import { numberFormat } from './intl';

const KILOBYTE = 1024;
const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/**
 * A file size as people read it: "512 B", "69 KB", "1.3 MB", "60 MB". The one formatter for
 * every size the portal shows (current files, storage, limits, refusals), so they agree.
 *
 * Binary multiples (1 KB = 1024 bytes), as the organizer's limits are set in them: a file of
 * exactly the 5 MB limit shows as "5 MB". One decimal below ten (1.3 MB), none above (69 KB).
 * Digits follow the locale; the unit sticks to the number (a no-break space, none in Korean,
 * which writes "69KB").
 */
export function formatFileSize(bytes: number, locale: string): string {
	let value = Math.max(0, bytes);
	let unit = 0;
	// Moves up while the rounded number would reach the next unit (1023.7 KB is "1 MB").
	while (unit < UNITS.length - 1 && round(value, unit) >= KILOBYTE) {
		value /= KILOBYTE;
		unit++;
	}
	const digits = unit === 0 || value >= 9.95 ? 0 : 1;
	const number = numberFormat(locale, { maximumFractionDigits: digits }).format(value);
	return `${number}${locale.toLowerCase().startsWith('ko') ? '' : '\u00a0'}${UNITS[unit]}`;
}

function round(value: number, unit: number): number {
	return unit === 0 || value >= 9.95 ? Math.round(value) : Math.round(value * 10) / 10;
}
