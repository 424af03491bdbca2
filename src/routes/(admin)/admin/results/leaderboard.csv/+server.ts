import { organizer } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import { now } from '$lib/server/clock';
import { leaderboardCsv } from '$lib/server/services/results-export';
import { listRounds } from '$lib/server/services/rounds';
import { badRequest, csvResponse } from '../csv.server';
import { chooseRound } from '../results.server';
import { parseView } from '../view';
import type { RequestHandler } from './$types';

/** The leaderboard of the round in view, ranked by the view's score (organizers only). */
export const GET: RequestHandler = async (event) => {
	const { db, challenge } = await organizer();
	const { view, errors } = parseView(event.url.searchParams);
	for (const field of ['round', 'basis'] as const)
		if (errors[field]) return badRequest(field, errors[field]);
	const { round, missing } = chooseRound(await listRounds(db, challenge.id), view.round);
	if (!round || missing) return badRequest('round', m.results_error_round_missing());
	const file = await leaderboardCsv(db, challenge.id, round.id, view.basis, now());
	if (!file) return badRequest('round', m.results_error_round_missing());
	return csvResponse(file);
};
