import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { isWindowOpen, JUDGE_VISIBLE_STATES } from '$lib/domain/round';
import { now } from '../../clock';
import { type Executor } from '../../db';
import {
	assignments,
	entryVersions,
	roundEntries,
	rounds,
	scores,
	tracks,
	type Round
} from '../../db/schema';
import { liveAssignment, type ScoreStatusView } from './shared';
import { joinJudgedEntry } from '../judged-assignments';

export type DashboardRow = {
	assignmentId: string;
	/** Blind rounds: the round label ("Entry 42", as organizers see it); otherwise null and `title` is set. */
	label: number | null;
	title: string | null;
	track: LocalizedText | null;
	status: ScoreStatusView;
};

export type DashboardRound = {
	id: string;
	name: string;
	blind: boolean;
	state: Round['state'];
	opensAt: Date;
	closesAt: Date;
	windowOpen: boolean;
	scored: number;
	total: number;
	rows: DashboardRow[];
};

/**
 * The rounds a judge has entries in, each with its progress ("12 of 20 scored"), deadline and
 * the list of entries; one query for the whole page.
 */
export async function judgeDashboard(
	db: Executor,
	judgeId: string,
	at: Date = now()
): Promise<DashboardRound[]> {
	const rows = await joinJudgedEntry(
		db
			.select({
				assignmentId: assignments.id,
				roundId: rounds.id,
				roundName: rounds.name,
				roundPosition: rounds.position,
				blind: rounds.blind,
				state: rounds.state,
				opensAt: rounds.opensAt,
				closesAt: rounds.closesAt,
				label: roundEntries.label,
				title: sql<string>`${entryVersions.content} ->> 'title'`,
				track: tracks.name,
				status: scores.status
			})
			.from(assignments)
			.$dynamic()
	)
		.leftJoin(tracks, sql`${tracks.id}::text = ${entryVersions.content} ->> 'trackId'`)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.judgeId, judgeId),
				inArray(rounds.state, [...JUDGE_VISIBLE_STATES]),
				liveAssignment
			)
		)
		.orderBy(asc(rounds.position), asc(roundEntries.label));

	const byRound = new Map<string, DashboardRound>();
	for (const row of rows) {
		let round = byRound.get(row.roundId);
		if (!round) {
			round = {
				id: row.roundId,
				name: row.roundName,
				blind: row.blind,
				state: row.state,
				opensAt: row.opensAt,
				closesAt: row.closesAt,
				windowOpen: isWindowOpen(row, at),
				scored: 0,
				total: 0,
				rows: []
			};
			byRound.set(row.roundId, round);
		}
		const status: ScoreStatusView = row.status ?? 'not_started';
		round.total += 1;
		if (status === 'submitted') round.scored += 1;
		round.rows.push({
			assignmentId: row.assignmentId,
			label: row.blind ? row.label : null,
			title: row.blind ? null : row.title,
			track: row.track,
			status
		});
	}
	return [...byRound.values()];
}
