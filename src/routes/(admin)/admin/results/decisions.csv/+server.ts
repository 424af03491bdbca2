import { organizer } from '$lib/server/guards';
import { now } from '$lib/server/clock';
import { decisionsCsv } from '$lib/server/services/results-export';
import { csvResponse } from '../csv.server';
import type { RequestHandler } from './$types';

/** Every decision of the challenge with its note and the published decision (organizers only). */
export const GET: RequestHandler = async () => {
	const { db, challenge } = await organizer();
	return csvResponse(await decisionsCsv(db, challenge.id, now()));
};
