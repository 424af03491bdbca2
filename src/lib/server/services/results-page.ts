import { localize, type LocalizedText } from '$lib/domain/localized-text';
import { scaleSide, type ScoreBasis } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { TopResult } from './decisions';
import type { Leaderboard, LeaderboardRow, TrackRef } from './leaderboard';
import type { PublicationOverview } from './publication';

/**
 * The organizers' results page, shaped for the browser: the leaderboard's rows, calibration,
 * connectivity and distributions, and the publication's state, as text and plain numbers (the
 * page formats nothing that the CSV files show differently).
 */

/** Points with two decimals, as every table and file shows them. */
export const points = (value: number | null) => (value === null ? null : value.toFixed(2));

/** The latest publication and what a publication now would change. */
export function publicationSummary(overview: PublicationOverview, format: (value: Date) => string) {
	return {
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
}

/**
 * The leaderboard's sections: `rows` are the board's rows the view shows (filtered and sorted),
 * ranked by `basis`.
 */
export function leaderboardSections(
	board: Leaderboard,
	rows: LeaderboardRow[],
	basis: ScoreBasis,
	locale: Locale
) {
	const trackName = (track: TrackRef) =>
		track.name ? localize(track.name as LocalizedText, locale) : m.results_no_track();
	const connectivity = board.connectivity;
	// The rows shown lie in several groups of judges: ranking them together misleads.
	const shownGroups = new Set(rows.flatMap((row) => (row.group === null ? [] : [row.group])));
	return {
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
		disagreementThreshold: board.disagreementThreshold
	};
}

/** The uncertain lines of a "top N" action, in words the form shows (tracks by name). */
export function uncertainLines(
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
