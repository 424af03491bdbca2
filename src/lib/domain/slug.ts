/**
 * Public addresses of gallery entries: `/gallery/<slug>`. A slug is lower-case ASCII words of
 * the title joined by '-', so it reads well in a shared link and needs no escaping. It never
 * changes once given (links keep working when a title is edited).
 */

export const SLUG_MAX_LENGTH = 60;

/** What the database accepts (gallery_entries_slug_format). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The slug a title asks for: letters with accents lose them (é → e), everything that is not an
 * ASCII letter or digit separates words, and words are kept whole up to SLUG_MAX_LENGTH
 * characters (a single longer word is cut). A title without any ASCII letter (e.g. written in
 * Korean) gets `entry-<label>`: a transliteration would be guesswork.
 */
export function slugify(title: string, label: number): string {
	const words = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((word) => word.length > 0);
	if (!words.some((word) => /[a-z]/.test(word))) return `entry-${label}`;
	let slug = '';
	for (const word of words) {
		const next = slug ? `${slug}-${word}` : word;
		if (next.length > SLUG_MAX_LENGTH) {
			if (!slug) slug = word.slice(0, SLUG_MAX_LENGTH);
			break;
		}
		slug = next;
	}
	return slug;
}

/**
 * A slug not in `taken`: the wanted one, else with -2, -3… (shortened so the suffix still fits
 * in SLUG_MAX_LENGTH). The result is added to `taken`, so a batch can be given slugs in turn.
 */
export function uniqueSlug(wanted: string, taken: Set<string>): string {
	let candidate = wanted;
	for (let number = 2; taken.has(candidate); number++) {
		const suffix = `-${number}`;
		const base = wanted.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, '');
		candidate = `${base}${suffix}`;
	}
	taken.add(candidate);
	return candidate;
}
