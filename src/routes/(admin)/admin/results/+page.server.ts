import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localize, type LocalizedText } from '$lib/domain/localized-text';
import { SCORE_BASES, scaleSide } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues } from '$lib/server/forms';
import {
	decideTopOfEachTrack,
	moveAdvancedEntries,
	setDecisions,
	setRoundScoreBasis,
	TOP_COUNT_MAX,
	type TopResult
} from '$lib/server/services/decisions';
import { getLeaderboard, type TrackRef } from '$lib/server/services/leaderboard';
import { basisWords, decidingScoreText } from '$lib/server/services/results-export';
import { getPublicationOverview } from '$lib/server/services/publication';
import { listRounds } from '$lib/server/services/rounds';
import { organizer, serviceAction } from '$lib/server/guards';
import {
	chooseRound,
	decisionChoice,
	noteField,
	points,
	resultsHref,
	returnView,
	roundField
} from './results.server';
import { applyView, parseView, viewQuery } from './view';
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
	const deciding = board.round.scoreBasis;
	// What the view ranks by: the address's choice, else the round's deciding score.
	const basis = view.basis ?? deciding;
	const rows = applyView(board.rows, view, deciding);
	const hasNoTrack = board.rows.some((row) => row.trackSlug === null);
	const trackName = (track: TrackRef) =>
		track.name ? localize(track.name as LocalizedText, locale) : m.results_no_track();
	const connectivity = board.connectivity;
	// The rows shown lie in several groups of judges: ranking them together misleads.
	const shownGroups = new Set(rows.flatMap((row) => (row.group === null ? [] : [row.group])));
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
		rows: rows.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			team: row.teamName,
			track: row.trackName ? localize(row.trackName, locale) : null,
			rank: basis === 'raw' ? row.rankRaw : row.rankAdjusted,
			trackRank: basis === 'raw' ? row.trackRankRaw : row.trackRankAdjusted,
			raw: points(row.rawMean),
			adjusted: points(row.adjusted),
			interval: row.interval && {
				low: points(row.interval.low)!,
				high: points(row.interval.high)!
			},
			outside: scaleSide(row.adjusted),
			group: row.group,
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
			max: judge.max,
			offset: judge.offset,
			scale: judge.scale,
			group: judge.group
		})),
		scaleFitted: board.scaleFitted,
		connectivity: {
			connected: connectivity.connected,
			/** The rows shown come from more than one group: the page warns. */
			shownSpansGroups: shownGroups.size > 1,
			groups: connectivity.groups.map((group, index) => ({
				number: index + 1,
				judges: group.judges,
				entries: group.entries,
				tracks: group.tracks.map(trackName)
			})),
			splitTracks: connectivity.tracks
				.filter((track) => track.groups.length > 1)
				.map((track) => trackName(track.track)),
			links: connectivity.links.map((link) => ({
				key: `${link.a.id ?? 'none'}|${link.b.id ?? 'none'}`,
				a: trackName(link.a),
				b: trackName(link.b),
				judges: link.judges
			}))
		},
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
			sheet: `/admin/results/sheet?round=${round.id}${view.basis ? `&basis=${view.basis}` : ''}`
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
	note: noteField,
	// Sent by "Decide as ranked anyway", after the page named lines between overlapping intervals
	// for `confirmedCount` entries per track (a confirmation of another number does not count).
	confirmUncertain: z.literal('yes').optional().catch(undefined),
	confirmedCount: z.string().optional().catch(undefined)
});

const basisSchema = z.object({
	round: roundField,
	basis: z.enum(SCORE_BASES, { error: () => m.results_error_basis() })
});

const moveSchema = z.object({ round: roundField });

/** The uncertain lines of a "top N" action, in words the form shows (tracks by name). */
function uncertainLines(
	tracks: { id: string; name: LocalizedText }[],
	result: TopResult
): Record<string, string | number>[] {
	const locale = getLocale();
	const trackName = (trackId: string) => {
		const track = tracks.find((candidate) => candidate.id === trackId);
		return track ? localize(track.name, locale) : m.results_no_track();
	};
	return result.uncertain.map((cut) => ({
		track: trackName(cut.trackId),
		taken: cut.lastTaken.label,
		takenScore: points(cut.lastTaken.score) ?? '—',
		takenLow: points(cut.lastTaken.interval!.low)!,
		takenHigh: points(cut.lastTaken.interval!.high)!,
		left: cut.firstLeft.label,
		leftScore: points(cut.firstLeft.score) ?? '—',
		leftLow: points(cut.firstLeft.interval!.low)!,
		leftHigh: points(cut.firstLeft.interval!.high)!
	}));
}

const text = (formData: FormData, name: string) => {
	const value = formData.get(name);
	return typeof value === 'string' ? value : undefined;
};

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
			const result = await setDecisions(
				db,
				actor,
				challenge.id,
				round,
				entryId,
				decision === 'clear' ? null : decision,
				note
			);
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
			const result = await decideTopOfEachTrack(db, actor, challenge.id, round, {
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
			const result = await setRoundScoreBasis(db, actor, challenge.id, round, basis);
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
			const result = await moveAdvancedEntries(db, actor, challenge.id, parsed.data.round);
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
