import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { NOTE_MAX_LENGTH } from '$lib/server/services/decisions';
import type { RoundSummary } from '$lib/server/services/rounds';
import { parseView, viewQuery, type ResultsView } from './view';

/**
 * The round a view shows: the one asked for, else the round whose scores became final (closed
 * or decided) most recently, else the latest round that has started, else the first. By closing
 * time, not position: the demo's showcase round comes after the challenge's own rounds but
 * closed before them.
 */
export function chooseRound(rounds: RoundSummary[], requested: string | null) {
	if (requested) {
		const found = rounds.find((round) => round.id === requested);
		if (found) return { round: found, missing: false };
	}
	const byLatest = [...rounds].sort((a, b) => b.position - a.position);
	const closedAt = (round: RoundSummary) => round.closedAt?.getTime() ?? 0;
	const round =
		byLatest
			.filter((round) => round.state === 'closed' || round.state === 'decided')
			.sort((a, b) => closedAt(b) - closedAt(a))[0] ??
		byLatest.find((round) => round.state === 'open') ??
		rounds[0] ??
		null;
	return { round, missing: requested !== null };
}

/** Points with two decimals, as every table and file shows them. */
export const points = (value: number | null) => (value === null ? null : value.toFixed(2));

/** Where to go back to after a form: the view it was sent from (re-read, never trusted as is). */
export function returnView(formData: FormData): ResultsView {
	const text = formData.get('view');
	const query = typeof text === 'string' ? text.replace(/^\?/, '').slice(0, 2000) : '';
	return parseView(new URLSearchParams(query)).view;
}

/** The results page in a view, with a confirmation to show. */
export function resultsHref(view: ResultsView, notice?: Record<string, string | number>): string {
	const query = viewQuery(view);
	if (!notice) return `/admin/results${query}`;
	const extra = new URLSearchParams(
		Object.entries(notice).map(([key, value]) => [key, String(value)])
	).toString();
	return `/admin/results${query ? `${query}&` : '?'}${extra}`;
}

export const noteField = z
	.string()
	.optional()
	.default('')
	.transform((value) => value.replace(/\r\n?/g, '\n').trim())
	.refine((value) => [...value].length <= NOTE_MAX_LENGTH, {
		error: () => m.results_error_note_length({ max: NOTE_MAX_LENGTH })
	})
	.refine((value) => !hasUnsafeCharactersInMultiline(value), {
		error: () => m.error_control_characters()
	});

export const DECISION_CHOICES = ['advance', 'shortlist', 'not_selected', 'clear'] as const;

export const decisionChoice = z.enum(DECISION_CHOICES, {
	error: () => m.results_error_decision_choice()
});

export const roundField = z.uuid({ error: () => m.results_error_round_missing() });

export { notFound } from '$lib/server/not-found';
