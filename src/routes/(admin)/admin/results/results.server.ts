import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { SCORE_BASES } from '$lib/domain/score-basis';
import { formValues } from '$lib/server/forms';
import { NOTE_MAX_LENGTH, TOP_COUNT_MAX } from '$lib/server/services/decisions';
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

export { points } from '$lib/server/services/results-page';

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

/** The first message of each field of a refused form. */
export function issuesOf(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return errors;
}

export const refuse = (form: string, formData: FormData, errors: Record<string, string>) =>
	fail(400, {
		form,
		values: formValues(formData),
		errors,
		message: Object.values(errors)[0] ?? m.form_has_errors()
	});

export const bulkSchema = z.object({
	round: roundField,
	entryId: z
		.array(z.uuid({ error: () => m.results_error_select_entries() }))
		.min(1, { error: () => m.results_error_select_entries() })
		.max(5000, { error: () => m.results_error_select_entries() }),
	decision: decisionChoice,
	note: noteField
});

export const topSchema = z.object({
	round: roundField,
	count: z
		.string({ error: () => m.results_error_top_count({ max: TOP_COUNT_MAX }) })
		.trim()
		.regex(/^\d{1,4}$/, { error: () => m.results_error_top_count({ max: TOP_COUNT_MAX }) })
		.transform(Number)
		.refine((value) => value >= 1 && value <= TOP_COUNT_MAX, {
			error: () => m.results_error_top_count({ max: TOP_COUNT_MAX })
		}),
	decision: z.enum(['advance', 'shortlist'], { error: () => m.results_error_decision_choice() }),
	note: noteField,
	// Sent by "Decide as ranked anyway", after the page named lines between overlapping intervals
	// for `confirmedCount` entries per track (a confirmation of another number does not count).
	confirmUncertain: z.literal('yes').optional().catch(undefined),
	confirmedCount: z.string().optional().catch(undefined)
});

export const basisSchema = z.object({
	round: roundField,
	basis: z.enum(SCORE_BASES, { error: () => m.results_error_basis() })
});

export const moveSchema = z.object({ round: roundField });

export const text = (formData: FormData, name: string) => {
	const value = formData.get(name);
	return typeof value === 'string' ? value : undefined;
};
