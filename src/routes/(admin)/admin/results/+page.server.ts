import { fail, redirect } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { pageOf } from '$lib/domain/paging';
import { SCORE_BASES } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues } from '$lib/server/forms';
import {
	decideTopOfEachTrack,
	moveAdvancedEntries,
	setDecisions,
	setRoundScoreBasis
} from '$lib/server/services/decisions';
import { getLeaderboard } from '$lib/server/services/leaderboard';
import { basisWords, decidingScoreText } from '$lib/server/services/results-export';
import { getPublicationOverview } from '$lib/server/services/publication';
import {
	leaderboardSections,
	publicationSummary,
	uncertainLines
} from '$lib/server/services/results-page';
import { listRounds } from '$lib/server/services/rounds';
import { organizer, serviceAction } from '$lib/server/guards';
import {
	basisSchema,
	bulkSchema,
	chooseRound,
	issuesOf,
	moveSchema,
	refuse,
	resultsHref,
	returnView,
	text,
	topSchema
} from './results.server';
import { parseView, RESULTS_PAGE_SIZE, viewQuery } from './view';
import { applyView } from './view-rows';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
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
	const publication = publicationSummary(overview, (value: Date) =>
		formatDateTime(value, locale, zones)
	);
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
	const deciding = board.round.scoreBasis;
	// What the view ranks by: the address's choice, else the round's deciding score.
	const basis = view.basis ?? deciding;
	const shown = pageOf(applyView(board.rows, view, deciding), view.page, RESULTS_PAGE_SIZE);
	view.page = shown.page;
	const hasNoTrack = board.rows.some((row) => row.trackSlug === null);
	const intervalLevel = Math.round(board.intervalLevel * 100);
	return {
		view,
		errors,
		tracks,
		hasNoTrack,
		rounds: roundChoices,
		publication,
		basis,
		deciding: {
			basis: deciding,
			words: basisWords(deciding),
			text: decidingScoreText(board.round),
			bases: SCORE_BASES
		},
		intervalLevel,
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
		...leaderboardSections(board, shown.rows, basis, locale),
		pager: {
			first: shown.first,
			last: shown.last,
			total: shown.total,
			previous: shown.page > 1 ? viewQuery(view, { page: shown.page - 1 }) : null,
			next: shown.page < shown.pages ? viewQuery(view, { page: shown.page + 1 }) : null
		},
		csv: {
			leaderboard: `/admin/results/leaderboard.csv${viewQuery(view, { sort: 'rank', dir: 'asc', track: null, flagged: false, decision: null, page: 1 })}`,
			reviewsNamed: `/admin/results/reviews.csv?round=${round.id}&mode=named`,
			reviewsAnonymized: `/admin/results/reviews.csv?round=${round.id}&mode=anonymized`,
			decisions: '/admin/results/decisions.csv',
			sheet: `/admin/results/sheet?round=${round.id}${view.basis ? `&basis=${view.basis}` : ''}`
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	bulk: async (event) => {
		const { db, challenge, actor } = await organizer();
		const formData = await formDataOf(event.request);
		const parsed = bulkSchema.safeParse({
			round: text(formData, 'round'),
			entryId: formData.getAll('entryId').filter((value) => typeof value === 'string'),
			decision: text(formData, 'decision'),
			note: text(formData, 'note')
		});
		if (!parsed.success) return refuse('bulk', formData, issuesOf(parsed.error));
		const { round, entryId, decision, note } = parsed.data;
		return serviceAction(formData, 'bulk', async () => {
			const result = await setDecisions(db, actor, {
				challengeId: challenge.id,
				roundId: round,
				entryIds: entryId,
				decision: decision === 'clear' ? null : decision,
				note
			});
			redirect(
				303,
				resultsHref(
					{ ...returnView(formData), round },
					{ notice: 'decided', count: result.changed }
				)
			);
		});
	},
	top: async (event) => {
		const { db, challenge, actor } = await organizer();
		const formData = await formDataOf(event.request);
		const parsed = topSchema.safeParse({
			round: text(formData, 'round'),
			count: text(formData, 'count'),
			decision: text(formData, 'decision'),
			note: text(formData, 'note'),
			confirmUncertain: text(formData, 'confirmUncertain'),
			confirmedCount: text(formData, 'confirmedCount')
		});
		if (!parsed.success) return refuse('top', formData, issuesOf(parsed.error));
		const { round, confirmUncertain, confirmedCount, ...input } = parsed.data;
		const confirmed = confirmUncertain === 'yes' && confirmedCount?.trim() === String(input.count);
		return serviceAction(formData, 'top', async () => {
			const result = await decideTopOfEachTrack(db, actor, {
				challengeId: challenge.id,
				roundId: round,
				...input,
				confirmUncertain: confirmed
			});
			// Not refused: the organizer is shown the uncertain lines and may confirm.
			if (!result.applied)
				return fail(409, {
					form: 'top',
					values: formValues(formData),
					errors: {},
					uncertain: uncertainLines(challenge.tracks, result)
				});
			redirect(
				303,
				resultsHref(
					{ ...returnView(formData), round },
					{ notice: 'decided', count: result.changed }
				)
			);
		});
	},
	basis: async (event) => {
		const { db, challenge, actor } = await organizer();
		const formData = await formDataOf(event.request);
		const parsed = basisSchema.safeParse({
			round: text(formData, 'round'),
			basis: text(formData, 'basis')
		});
		if (!parsed.success) return refuse('basis', formData, issuesOf(parsed.error));
		const { round, basis } = parsed.data;
		return serviceAction(formData, 'basis', async () => {
			const result = await setRoundScoreBasis(db, actor, {
				challengeId: challenge.id,
				roundId: round,
				basis
			});
			redirect(
				303,
				resultsHref(
					{ ...returnView(formData), round },
					{ notice: result.changed ? 'basis_saved' : 'basis_unchanged', chosen: basis }
				)
			);
		});
	},
	moveAdvanced: async (event) => {
		const { db, challenge, actor } = await organizer();
		const formData = await formDataOf(event.request);
		const parsed = moveSchema.safeParse({ round: text(formData, 'round') });
		if (!parsed.success) return refuse('moveAdvanced', formData, issuesOf(parsed.error));
		return serviceAction(formData, 'moveAdvanced', async () => {
			const result = await moveAdvancedEntries(db, actor, {
				challengeId: challenge.id,
				roundId: parsed.data.round
			});
			redirect(
				303,
				resultsHref(
					{ ...returnView(formData), round: parsed.data.round },
					{ notice: 'moved', count: result.added }
				)
			);
		});
	}
} satisfies Actions;
