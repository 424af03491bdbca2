import { m } from '$lib/paraglide/messages';

/** Words for the results' codes (the word carries the meaning; colour only repeats it). */

export type DecisionKind = 'advance' | 'shortlist' | 'not_selected';
export type Flag = 'disagreement' | 'few_reviews' | 'conflict';

export const decisionLabel = (decision: DecisionKind | null): string =>
	decision === null
		? m.results_decision_none()
		: {
				advance: m.results_decision_advance,
				shortlist: m.results_decision_shortlist,
				not_selected: m.results_decision_not_selected
			}[decision]();

export const decisionTone = (decision: DecisionKind | null): string =>
	decision === null
		? 'border border-dashed border-line-strong text-muted'
		: {
				advance: 'bg-brand-soft text-ink',
				shortlist: 'bg-success-soft text-success',
				not_selected: 'border border-line-strong bg-surface text-ink'
			}[decision];

export const flagLabel = (flag: Flag): string =>
	({
		disagreement: m.results_flag_disagreement,
		few_reviews: m.results_flag_few_reviews,
		conflict: m.results_flag_conflict
	})[flag]();

export const basisLabel = (basis: 'raw' | 'adjusted'): string =>
	basis === 'raw' ? m.results_basis_raw() : m.results_basis_adjusted();

/** A score's name inside a sentence ("ranked by adjusted score"). */
export const basisWords = (basis: 'raw' | 'adjusted'): string =>
	basis === 'raw' ? m.results_basis_raw_lower() : m.results_basis_adjusted_lower();

/**
 * What a publication was ranked by: one score, each round's own, or (publications made before
 * the adjusted score) the earlier per-judge z-score, named as such.
 */
export const publishedBasisLabel = (basis: 'raw' | 'adjusted' | 'mixed' | 'normalized'): string =>
	basis === 'mixed'
		? m.results_basis_mixed()
		: basis === 'normalized'
			? m.results_basis_normalized_legacy()
			: basis === 'raw'
				? m.results_basis_raw_lower()
				: m.results_basis_adjusted_lower();

/** A line of the changes since the last publication; without "Entry N" for an entry no longer in its round. */
export const changeLine = (change: {
	label: number | null;
	title: string;
	round: string;
	published: DecisionKind | null;
	current: DecisionKind | null;
}): string => {
	const words = {
		title: change.title || m.results_untitled(),
		round: change.round,
		from: decisionLabel(change.published),
		to: decisionLabel(change.current)
	};
	return change.label === null
		? m.results_change_line_unlabelled(words)
		: m.results_change_line({ ...words, label: change.label });
};
