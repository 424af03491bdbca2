import { organizer } from '$lib/server/guards';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { now } from '$lib/server/clock';
import { displayZones, formatDateTime } from '$lib/server/format';
import { getLeaderboard } from '$lib/server/services/leaderboard';
import { basisWords, decidingScoreText } from '$lib/server/services/results-export';
import { listRounds } from '$lib/server/services/rounds';
import { chooseRound, notFound, points, resultsHref } from '../results.server';
import { parseView } from '../view';
import type { PageServerLoad } from './$types';

const ORDER = { advance: 0, shortlist: 1, not_selected: 2 } as const;

/** A printable sheet of a round's decisions, track by track. */
export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const { view, errors } = parseView(event.url.searchParams);
	const { round, missing } = chooseRound(await listRounds(db, challenge.id), view.round);
	if (!round || missing) notFound();
	const board = await getLeaderboard(db, challenge.id, round.id);
	if (!board) notFound();
	// The round's deciding score unless the address asks to look at the other one.
	const basis = view.basis ?? board.round.scoreBasis;
	const rankOf = (row: (typeof board.rows)[number]) =>
		basis === 'raw' ? row.trackRankRaw : row.trackRankAdjusted;
	const groups = [
		...challenge.tracks.map((track) => ({ id: track.id, name: localize(track.name, locale) })),
		{ id: null, name: m.results_no_track() }
	]
		.map((track) => {
			const rows = board.rows.filter((row) => row.trackId === track.id);
			const decided = rows
				.filter((row) => row.decision !== null)
				.sort(
					(a, b) =>
						ORDER[a.decision!] - ORDER[b.decision!] ||
						(rankOf(a) ?? Number.MAX_SAFE_INTEGER) - (rankOf(b) ?? Number.MAX_SAFE_INTEGER) ||
						a.label - b.label
				);
			return {
				key: track.id ?? 'none',
				name: track.name,
				entries: rows.length,
				undecided: rows.length - decided.length,
				rows: decided.map((row) => ({
					entryId: row.entryId,
					label: row.label,
					title: row.title,
					team: row.teamName,
					rank: rankOf(row),
					score: points(basis === 'raw' ? row.rawMean : row.adjusted),
					decision: row.decision!,
					note: row.decisionNote
				}))
			};
		})
		.filter((group) => group.entries > 0);
	return {
		challenge: localize(challenge.title, locale),
		round: { id: round.id, name: round.name, state: round.state },
		basis,
		rankedBy:
			basis === board.round.scoreBasis
				? decidingScoreText(board.round)
				: m.results_ranked_for_looking({
						basis: basisWords(basis),
						deciding: decidingScoreText(board.round)
					}),
		basisError: errors.basis ?? null,
		printedAt: formatDateTime(now(), locale, zones),
		groups,
		back: resultsHref({ ...view, round: round.id })
	};
}) satisfies PageServerLoad;
