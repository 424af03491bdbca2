import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { listRounds } from '$lib/server/services/rounds';
import { listRubrics } from '$lib/server/services/rubrics';
import { organizer } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const [rounds, rubrics] = await Promise.all([
		listRounds(db, challenge.id),
		listRubrics(db, challenge.id)
	]);
	return {
		rounds: rounds.map((round) => ({
			id: round.id,
			name: round.name,
			position: round.position,
			state: round.state,
			opens: formatDateTime(round.opensAt, locale, zones),
			closes: formatDateTime(round.closesAt, locale, zones),
			entries: round.entries,
			rubric: { id: round.rubricId, name: round.rubricName, version: round.rubricVersion }
		})),
		rubrics: rubrics.map((rubric) => ({
			id: rubric.id,
			name: rubric.name,
			version: rubric.version,
			locked: rubric.lockedAt !== null,
			latest: rubric.latest,
			criteria: rubric.criteria
		}))
	};
}) satisfies PageServerLoad;
