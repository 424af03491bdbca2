/**
 * The two scores a round can be ranked and decided by, and the words a publication records.
 *
 * - `adjusted`: the entry's quality with each judge's harshness or leniency taken out, fitted
 *   over the whole round (judge-effects.ts). The default: it ranks fairer when judges differ.
 * - `raw`: the plain mean of the entry's reviews.
 *
 * A publication holds `raw` or `adjusted` when all its rounds decided by that score, `mixed` when
 * they chose differently, and `normalized` when it was made before the adjusted score existed
 * (a per-judge z-score; such publications keep their word and their numbers).
 */

export const SCORE_BASES = ['adjusted', 'raw'] as const;
export type ScoreBasis = (typeof SCORE_BASES)[number];
export const DEFAULT_SCORE_BASIS: ScoreBasis = 'adjusted';

export type PublishedBasis = ScoreBasis | 'mixed' | 'normalized';

export function isScoreBasis(value: unknown): value is ScoreBasis {
	return value === 'adjusted' || value === 'raw';
}

/** A stored round basis read safely (anything unknown is the default). */
export function asScoreBasis(value: unknown): ScoreBasis {
	return isScoreBasis(value) ? value : DEFAULT_SCORE_BASIS;
}

/** What a publication says about the rounds it froze: their shared basis, or `mixed`. */
export function publicationBasis(bases: readonly ScoreBasis[]): ScoreBasis | 'mixed' {
	const distinct = new Set(bases);
	if (distinct.size === 0) return DEFAULT_SCORE_BASIS;
	return distinct.size === 1 ? bases[0]! : 'mixed';
}

export function asPublishedBasis(value: unknown): PublishedBasis {
	return value === 'raw' || value === 'adjusted' || value === 'mixed' || value === 'normalized'
		? value
		: DEFAULT_SCORE_BASIS;
}

/** Where a score lies against the 0–100 scale: adjusted scores are never clamped. */
export function scaleSide(value: number | null): 'above' | 'below' | null {
	if (value === null) return null;
	if (value > 100) return 'above';
	if (value < 0) return 'below';
	return null;
}
