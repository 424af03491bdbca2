import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localize } from '$lib/domain/localized-text';
import { scaleSide } from '$lib/domain/score-basis';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParamSchema } from '$lib/schemas/judging';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues } from '$lib/server/forms';
import { decisionHistory, getDecision, setDecision } from '$lib/server/services/decisions';
import { getLeaderboard } from '$lib/server/services/leaderboard';
import { decidingScoreText } from '$lib/server/services/results-export';
import { organizer, serviceAction } from '$lib/server/guards';
import {
	decisionChoice,
	noteField,
	notFound,
	points,
	resultsHref
} from '../../../../results.server';
import { parseView } from '../../../../view';
import type { Actions, PageServerLoad } from './$types';

function ids(params: { roundId?: string; entryId?: string }) {
	const round = idParamSchema.safeParse(params.roundId);
	const entry = idParamSchema.safeParse(params.entryId);
	if (!round.success || !entry.success) notFound();
	return { roundId: round.data, entryId: entry.data };
}

/** The results view to go back to (the `back` query), re-read and pinned to this round. */
function backView(url: URL, roundId: string) {
	const back = (url.searchParams.get('back') ?? '').replace(/^\?/, '').slice(0, 2000);
	return { ...parseView(new URLSearchParams(back)).view, round: roundId };
}

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const { roundId, entryId } = ids(event.params);
	const board = await getLeaderboard(db, challenge.id, roundId);
	const row = board?.rows.find((candidate) => candidate.entryId === entryId);
	if (!board || !row) notFound();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const [decision, history] = await Promise.all([
		getDecision(db, roundId, entryId),
		decisionHistory(db, roundId, entryId)
	]);
	const view = backView(event.url, roundId);
	return {
		round: {
			id: board.round.id,
			name: board.round.name,
			state: board.round.state,
			decidable: board.round.state === 'closed' || board.round.state === 'decided',
			deciding: board.round.scoreBasis,
			decidingText: decidingScoreText(board.round),
			groups: board.connectivity.groups.length,
			connected: board.connectivity.connected
		},
		intervalLevel: Math.round(board.intervalLevel * 100),
		entry: {
			id: row.entryId,
			label: row.label,
			title: row.title,
			team: row.teamName,
			track: row.trackName ? localize(row.trackName, locale) : null,
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
			rankRaw: row.rankRaw,
			rankAdjusted: row.rankAdjusted,
			trackRankRaw: row.trackRankRaw,
			trackRankAdjusted: row.trackRankAdjusted,
			reviews: row.reviews,
			assigned: row.assigned,
			flags: row.flags
		},
		decision: decision
			? {
					decision: decision.decision,
					note: decision.note,
					by: decision.decidedBy,
					at: formatDateTime(decision.decidedAt, locale, zones)
				}
			: null,
		history: history.map((item) => ({
			at: formatDateTime(item.at, locale, zones),
			by: item.actorName,
			from: item.from,
			to: item.to,
			note: item.note,
			via: item.via
		})),
		back: resultsHref(view)
	};
}) satisfies PageServerLoad;

const decisionSchema = z.object({ decision: decisionChoice, note: noteField });

export const actions = {
	save: async (event) => {
		const { db, challenge, actor } = await organizer();
		const { roundId, entryId } = ids(event.params);
		const formData = await formDataOf(event.request);
		const decision = formData.get('decision');
		const note = formData.get('note');
		const parsed = decisionSchema.safeParse({
			decision: typeof decision === 'string' ? decision : undefined,
			note: typeof note === 'string' ? note : undefined
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, {
				values: formValues(formData),
				errors,
				message: Object.values(errors)[0] ?? m.form_has_errors()
			});
		}
		return serviceAction(formData, undefined, async () => {
			const result = await setDecision(db, actor, {
				challengeId: challenge.id,
				roundId,
				entryId,
				decision: parsed.data.decision === 'clear' ? null : parsed.data.decision,
				note: parsed.data.note
			});
			redirect(
				303,
				resultsHref(backView(event.url, roundId), {
					notice: result.changed ? 'decision_saved' : 'decision_unchanged'
				})
			);
		});
	}
} satisfies Actions;
