import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { asScoreBasis } from '$lib/domain/score-basis';
import { rowsOf, type Executor } from '../db';
import {
	assignments,
	criterionRoundTallies,
	criterionValueTallies,
	entries,
	entryDecisions,
	roundEntries,
	rounds,
	rubricCriteria,
	teams,
	tracks,
	users,
	type Decision,
	type RoundState
} from '../db/schema';
import {
	computeLeaderboard,
	type Leaderboard,
	type LeaderboardData
} from '$lib/domain/leaderboard';

export type {
	LeaderboardFlag,
	LeaderboardRow,
	JudgeCalibration,
	CriterionDistribution,
	TrackRef,
	LeaderboardConnectivity,
	LeaderboardRound,
	Leaderboard,
	LeaderboardData
} from '$lib/domain/leaderboard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The leaderboard of a round of the challenge; null when the round is not in that challenge.
 * Three set-based queries over tallies kept by the database (see loadLeaderboardData), then
 * computeLeaderboard.
 */
export async function getLeaderboard(
	db: Executor,
	challengeId: string,
	roundId: string,
	options: { disagreementThreshold?: number } = {}
): Promise<Leaderboard | null> {
	const data = await loadLeaderboardData(db, challengeId, roundId);
	return data && computeLeaderboard(data, options);
}

/** The round with its criteria, tracks, decisions and criterion tallies, as loadRound reads it. */
type RoundParts = [
	round:
		| [
				id: string,
				name: string,
				position: number,
				state: RoundState,
				blind: boolean,
				judgesPerEntry: number,
				scoreBasis: string,
				scoreBasisChosenBy: string | null,
				scoreBasisChosenAt: string | null
		  ]
		| null,
	criteria: [id: string, name: string, weight: number, scaleMin: number, scaleMax: number][] | null,
	tracks: [id: string, slug: string, name: LocalizedText][] | null,
	decisions: [entryId: string, decision: Decision, note: string][] | null,
	valueCounts: [criterionId: string, value: number, count: number][] | null,
	alphaSums: [criterionId: string, n: number, s: number, q: number, within: number][] | null
];

/**
 * The entries in competition, column by column (one array per column, null without entries):
 * each entry's assigned judges as their ids written one after another (36 characters each), and
 * their submitted totals in the same order, comma-separated, empty where not submitted. One
 * array per column costs the database a third less than an array per entry.
 */
type EntryColumns = [
	entryIds: string[] | null,
	labels: number[] | null,
	titles: string[] | null,
	teamNames: string[] | null,
	trackIds: (string | null)[] | null,
	judges: string[] | null,
	totals: string[] | null
];

const UUID_LENGTH = 36;

/**
 * Everything the leaderboard reads about a round, in one statement returning one row of two JSON
 * documents (one value each to decode instead of thousands of rows):
 * - the round (null when it is not in the challenge, and then every part below is empty);
 * - its rubric's criteria in order, the challenge's tracks and the decisions taken in the round;
 * - the criterion tallies kept by the database triggers in every transaction that changes a score
 *   sheet, an assignment or an entry's place in the round (migration review_tallies): the value
 *   counts, and per criterion the sums of Krippendorff's alpha over the entries with two or more
 *   values (n, S, Q and Σ (m·Q_u − S_u²)/(m − 1), see alphaFromSums) — a few dozen rows instead of
 *   every value of the round (30,000 for 1,000 entries × 5 judges × 6 criteria);
 * - the entries in competition with their team, track, assigned judges and submitted totals (kept
 *   on round_entries by the same triggers), as EntryColumns.
 */
async function loadRound(db: Executor, challengeId: string, roundId: string) {
	const [row] = rowsOf<{ round: string; entries: string }>(
		await db.execute(sql`
			with this_round as materialized (
				select ${rounds.id}, ${rounds.name}, ${rounds.position}, ${rounds.state},
					${rounds.blind}, ${rounds.judgesPerEntry}, ${rounds.rubricId}, ${rounds.scoreBasis},
					${rounds.scoreBasisChosenAt},
					(select ${users.name} from ${users} where ${users.id} = ${rounds.scoreBasisChosenBy})
						as chosen_by
				from ${rounds}
				where ${rounds.id} = ${roundId} and ${rounds.challengeId} = ${challengeId}
			)
			select json_build_array(
				(select json_build_array(id, name, position, state, blind, judges_per_entry, score_basis,
					chosen_by, score_basis_chosen_at) from this_round),
				(select json_agg(json_build_array(${rubricCriteria.id}, ${rubricCriteria.name},
						${rubricCriteria.weight}, ${rubricCriteria.scaleMin}, ${rubricCriteria.scaleMax})
						order by ${rubricCriteria.position})
					from ${rubricCriteria}
					where ${rubricCriteria.rubricId} = (select rubric_id from this_round)),
				(select json_agg(json_build_array(${tracks.id}, ${tracks.slug}, ${tracks.name})
						order by ${tracks.position}, ${tracks.slug})
					from ${tracks}
					where ${tracks.challengeId} = ${challengeId} and exists (select from this_round)),
				(select json_agg(json_build_array(${entryDecisions.entryId}, ${entryDecisions.decision},
						${entryDecisions.note}))
					from ${entryDecisions}
					where ${entryDecisions.roundId} = (select id from this_round)),
				(select json_agg(json_build_array(${criterionValueTallies.criterionId},
						${criterionValueTallies.value}, ${criterionValueTallies.count}))
					from ${criterionValueTallies}
					where ${criterionValueTallies.roundId} = (select id from this_round)
						and ${criterionValueTallies.count} <> 0),
				(select json_agg(json_build_array(${criterionRoundTallies.criterionId},
						${criterionRoundTallies.n}, ${criterionRoundTallies.s}, ${criterionRoundTallies.q},
						${criterionRoundTallies.within}))
					from ${criterionRoundTallies}
					where ${criterionRoundTallies.roundId} = (select id from this_round)
						and ${criterionRoundTallies.n} <> 0)
			)::text as round,
			(select json_build_array(array_agg(${roundEntries.entryId}), array_agg(${roundEntries.label}),
						array_agg(${entries.title}), array_agg(${teams.name}), array_agg(${entries.trackId}),
						array_agg(array_to_string(${roundEntries.assignedJudges}, '')),
						array_agg(array_to_string(${roundEntries.reviewTotals}, ',', '')))
					from ${roundEntries}
					inner join ${entries} on ${entries.id} = ${roundEntries.entryId}
					inner join ${teams} on ${teams.id} = ${entries.teamId}
					where ${roundEntries.roundId} = (select id from this_round)
						and ${entries.status} <> 'withdrawn')::text as entries
		`)
	);
	return [
		...(JSON.parse(row!.round) as RoundParts),
		JSON.parse(row!.entries) as EntryColumns
	] as const;
}

/**
 * What the leaderboard is computed from, or null when the round is not in the challenge: the
 * round document (loadRound) and the suspended assignments (by a partial index: a handful), then
 * the judges' names — three queries whatever the size of the round.
 */
export async function loadLeaderboardData(
	db: Executor,
	challengeId: string,
	roundId: string
): Promise<LeaderboardData | null> {
	if (!UUID.test(challengeId) || !UUID.test(roundId)) return null;
	const [document, blocked] = await Promise.all([
		loadRound(db, challengeId, roundId),
		db
			.select({ judgeId: assignments.judgeId, entryId: assignments.entryId })
			.from(assignments)
			.where(and(eq(assignments.roundId, roundId), isNotNull(assignments.suspendedAt)))
	]);
	const [round, criteria, trackRows, decisions, valueCounts, alphaSums, entryColumns] = document;
	if (!round) return null;

	const trackById = new Map((trackRows ?? []).map(([id, slug, name]) => [id, { slug, name }]));
	const [entryIds, labels, titles, teamNames, trackIds, judgeLists, totalLists] = entryColumns;
	const judgeIds: string[] = [];
	const judgeNumber = new Map<string, number>();
	const entryRows: LeaderboardData['entries'] = (entryIds ?? []).map((entryId, index) => {
		const trackId = trackIds![index]!;
		const track = trackId === null ? undefined : trackById.get(trackId);
		const list = judgeLists![index]!;
		const written = totalLists![index]!.split(',');
		const judges: number[] = [];
		const totals: (number | null)[] = [];
		for (let at = 0; at < list.length; at += UUID_LENGTH) {
			const judgeId = list.slice(at, at + UUID_LENGTH);
			let judge = judgeNumber.get(judgeId);
			if (judge === undefined) {
				judge = judgeIds.push(judgeId) - 1;
				judgeNumber.set(judgeId, judge);
			}
			const total = written[judges.length];
			judges.push(judge);
			totals.push(total ? Number(total) : null);
		}
		return {
			entryId,
			label: labels![index]!,
			title: titles![index]!,
			teamName: teamNames![index]!,
			trackId: track ? trackId : null,
			trackSlug: track?.slug ?? null,
			trackName: track?.name ?? null,
			judges,
			totals
		};
	});
	const names =
		judgeIds.length === 0
			? []
			: await db
					.select({ judgeId: users.id, name: users.name })
					.from(users)
					.where(inArray(users.id, judgeIds));
	const nameOf = new Map(names.map((row) => [row.judgeId, row.name]));

	const [id, name, position, state, blind, judgesPerEntry, basis, chosenBy, chosenAt] = round;
	return {
		round: {
			id,
			name,
			position,
			state,
			blind,
			judgesPerEntry,
			scoreBasis: asScoreBasis(basis),
			scoreBasisChosenBy: chosenBy,
			scoreBasisChosenAt: chosenAt === null ? null : new Date(chosenAt)
		},
		tracks: (trackRows ?? []).map(([id, slug, name]) => ({ id, slug, name })),
		criteria: (criteria ?? []).map(([id, name, weight, scaleMin, scaleMax]) => ({
			id,
			name,
			weight,
			scaleMin,
			scaleMax
		})),
		entries: entryRows,
		decisions: (decisions ?? []).map(([entryId, decision, note]) => ({ entryId, decision, note })),
		judges: judgeIds.map((judgeId) => ({ judgeId, name: nameOf.get(judgeId) ?? '' })),
		valueCounts: (valueCounts ?? []).map(([criterionId, value, count]) => ({
			criterionId,
			value,
			count
		})),
		alphaSums: (alphaSums ?? []).map(([criterionId, values, sum, sumOfSquares, within]) => ({
			criterionId,
			values,
			sum,
			sumOfSquares,
			within
		})),
		conflicts: blocked
	};
}
