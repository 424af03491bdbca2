import { organizer } from '$lib/server/guards';
import { m } from '$lib/paraglide/messages';
import { now } from '$lib/server/clock';
import { reviewsCsv } from '$lib/server/services/results-export';
import { listRounds } from '$lib/server/services/rounds';
import { badRequest, csvResponse } from '../csv.server';
import { chooseRound } from '../results.server';
import { parseView } from '../view';
import type { RequestHandler } from './$types';

/**
 * Every submitted review of a round (organizers only): `mode=anonymized` numbers the judges and
 * shows entries by label only; `mode=named` has everything.
 */
export const GET: RequestHandler = async (event) => {
	const { db, challenge } = await organizer();
	const mode = event.url.searchParams.get('mode') ?? 'anonymized';
	if (mode !== 'anonymized' && mode !== 'named')
		return badRequest('mode', m.results_error_export_mode());
	const { view, errors } = parseView(event.url.searchParams);
	if (errors.round) return badRequest('round', errors.round);
	const { round, missing } = chooseRound(await listRounds(db, challenge.id), view.round);
	if (!round || missing) return badRequest('round', m.results_error_round_missing());
	const file = await reviewsCsv(db, challenge.id, round.id, mode, now());
	if (!file) return badRequest('round', m.results_error_round_missing());
	return csvResponse(file);
};
