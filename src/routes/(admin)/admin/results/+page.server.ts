import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues, runAction } from '$lib/server/forms';
import {
	decideTopOfEachTrack,
	moveAdvancedEntries,
	setDecisions,
	TOP_COUNT_MAX
} from '$lib/server/services/decisions';
import { getLeaderboard } from '$lib/server/services/leaderboard';
import { getPublicationOverview } from '$lib/server/services/publication';
import { listRounds } from '$lib/server/services/rounds';
import {
	chooseRound,
	decisionChoice,
	noteField,
	organizerContext,
	points,
	resultsHref,
	returnView,
	roundField
} from './results.server';
import { applyView, parseView, viewQuery } from './view';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizerContext(event);
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const { view, errors } = parseView(event.url.searchParams);
	const rounds = await listRounds(db, challenge.id);
	const chosen = chooseRound(rounds, view.round);
	if (chosen.missing) errors.round = m.results_error_round_missing();
	const tracks = challenge.tracks.map((track) => ({
		slug: track.slug,
		name: localize(track.name, locale)
	}));
	if (view.track && view.track !== 'none' && !tracks.some((track) => track.slug === view.track)) {
		errors.track = m.results_error_track();
		view.track = null;
	}
	const [board, overview] = await Promise.all([
		chosen.round ? getLeaderboard(db, challenge.id, chosen.round.id) : Promise.resolve(null),
		getPublicationOverview(db, challenge.id)
	]);
	const format = (value: Date) => formatDateTime(value, locale, zones);
	const publication = {
		latest: overview.latest
			? {
					version: overview.latest.version,
					publishedAt: format(overview.latest.publishedAt),
					publishedBy: overview.latest.publishedBy,
					basis: overview.latest.scoreBasis,
					reason: overview.latest.reason
				}
			: null,
		changes: overview.changes.map((change) => ({
			entryId: change.entryId,
			label: change.label,
			title: change.title,
			team: change.teamName,
			round: change.roundName,
			published: change.published,
			current: change.current
		})),
		decided: overview.decided,
		counts: overview.counts,
		blockingRounds: overview.blockingRounds
	};
	const roundChoices = rounds.map((round) => ({
		id: round.id,
		name: round.name,
		position: round.position,
		state: round.state
	}));
	if (!chosen.round || !board)
		return { view, errors, tracks, rounds: roundChoices, round: null, publication };

	view.round = chosen.round.id;
	const round = chosen.round;
	const next = rounds.find((candidate) => candidate.position === round.position + 1) ?? null;
	const rows = applyView(board.rows, view);
	const hasNoTrack = board.rows.some((row) => row.trackSlug === null);
	return {
		view,
		errors,
		tracks,
		hasNoTrack,
		rounds: roundChoices,
		publication,
		round: {
			id: round.id,
			name: round.name,
			position: round.position,
			state: round.state,
			blind: round.blind,
			judgesPerEntry: round.judgesPerEntry,
			decidable: round.state === 'closed' || round.state === 'decided',
			next:
				next && next.state !== 'closed' && next.state !== 'decided'
					? { id: next.id, name: next.name }
					: null
		},
		total: board.rows.length,
		advancing: board.rows.filter((row) => row.decision === 'advance').length,
		rows: rows.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			team: row.teamName,
			track: row.trackName ? localize(row.trackName, locale) : null,
			rank: view.basis === 'raw' ? row.rankRaw : row.rankNormalized,
			trackRank: view.basis === 'raw' ? row.trackRankRaw : row.trackRankNormalized,
			raw: points(row.rawMean),
			normalized: points(row.normalized),
			median: points(row.median),
			sd: points(row.stdDev),
			range: points(row.range),
			reviews: row.reviews,
			assigned: row.assigned,
			flags: row.flags,
			decision: row.decision,
			note: row.decisionNote
		})),
		judges: board.judges.map((judge) => ({
			id: judge.judgeId,
			name: judge.judgeName,
			reviews: judge.reviews,
			assigned: judge.assigned,
			mean: judge.mean,
			sd: judge.sd,
			min: judge.min,
			q1: judge.q1,
			median: judge.median,
			q3: judge.q3,
			max: judge.max
		})),
		criteria: board.criteria.map((criterion) => ({
			id: criterion.criterionId,
			name: criterion.name,
			weight: criterion.weight,
			scaleMin: criterion.scaleMin,
			scaleMax: criterion.scaleMax,
			counts: criterion.counts,
			mean: criterion.mean,
			alpha: criterion.alpha
		})),
		agreement: board.agreement,
		disagreementThreshold: board.disagreementThreshold,
		csv: {
			leaderboard: `/admin/results/leaderboard.csv${viewQuery(view, { sort: 'rank', dir: 'asc', track: null, flagged: false, decision: null })}`,
			reviewsNamed: `/admin/results/reviews.csv?round=${round.id}&mode=named`,
			reviewsAnonymized: `/admin/results/reviews.csv?round=${round.id}&mode=anonymized`,
			decisions: '/admin/results/decisions.csv',
			sheet: `/admin/results/sheet?round=${round.id}${view.basis === 'raw' ? '&basis=raw' : ''}`
		}
	};
}) satisfies PageServerLoad;

/** The first message of each field of a refused form. */
function issuesOf(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return errors;
}

const refuse = (form: string, formData: FormData, errors: Record<string, string>) =>
	fail(400, {
		form,
		values: formValues(formData),
		errors,
		message: Object.values(errors)[0] ?? m.form_has_errors()
	});

const bulkSchema = z.object({
	round: roundField,
	entryId: z
		.array(z.uuid({ error: () => m.results_error_select_entries() }))
		.min(1, { error: () => m.results_error_select_entries() })
		.max(5000, { error: () => m.results_error_select_entries() }),
	decision: decisionChoice,
	note: noteField
});

const topSchema = z.object({
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
	basis: z.enum(['raw', 'normalized'], { error: () => m.results_error_basis() }),
	note: noteField
});

const moveSchema = z.object({ round: roundField });

const text = (formData: FormData, name: string) => {
	const value = formData.get(name);
	return typeof value === 'string' ? value : undefined;
};

export const actions = {
	bulk: async (event) => {
		const { db, challenge, actor } = await organizerContext(event);
		const formData = await formDataOf(event.request);
		const parsed = bulkSchema.safeParse({
			round: text(formData, 'round'),
			entryId: formData.getAll('entryId').filter((value) => typeof value === 'string'),
			decision: text(formData, 'decision'),
			note: text(formData, 'note')
		});
		if (!parsed.success) return refuse('bulk', formData, issuesOf(parsed.error));
		const { round, entryId, decision, note } = parsed.data;
		const result = await runAction(event, formData, 'bulk', () =>
			setDecisions(
				db,
				actor,
				challenge.id,
				round,
				entryId,
				decision === 'clear' ? null : decision,
				note
			)
		);
		if (!result.ok) return result.failure;
		redirect(
			303,
			resultsHref(
				{ ...returnView(formData), round },
				{ notice: 'decided', count: result.value.changed }
			)
		);
	},
	top: async (event) => {
		const { db, challenge, actor } = await organizerContext(event);
		const formData = await formDataOf(event.request);
		const parsed = topSchema.safeParse({
			round: text(formData, 'round'),
			count: text(formData, 'count'),
			decision: text(formData, 'decision'),
			basis: text(formData, 'basis'),
			note: text(formData, 'note')
		});
		if (!parsed.success) return refuse('top', formData, issuesOf(parsed.error));
		const { round, ...input } = parsed.data;
		const result = await runAction(event, formData, 'top', () =>
			decideTopOfEachTrack(db, actor, challenge.id, round, input)
		);
		if (!result.ok) return result.failure;
		redirect(
			303,
			resultsHref(
				{ ...returnView(formData), round },
				{ notice: 'decided', count: result.value.changed }
			)
		);
	},
	moveAdvanced: async (event) => {
		const { db, challenge, actor } = await organizerContext(event);
		const formData = await formDataOf(event.request);
		const parsed = moveSchema.safeParse({ round: text(formData, 'round') });
		if (!parsed.success) return refuse('moveAdvanced', formData, issuesOf(parsed.error));
		const result = await runAction(event, formData, 'moveAdvanced', () =>
			moveAdvancedEntries(db, actor, challenge.id, parsed.data.round)
		);
		if (!result.ok) return result.failure;
		redirect(
			303,
			resultsHref(
				{ ...returnView(formData), round: parsed.data.round },
				{ notice: 'moved', count: result.value.added }
			)
		);
	}
} satisfies Actions;
