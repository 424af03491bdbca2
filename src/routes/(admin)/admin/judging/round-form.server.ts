import { toZonedInputValue } from '$lib/domain/zoned-time';
import { getLocale } from '$lib/paraglide/runtime';
import { ROUND_LIMITS } from '$lib/schemas/judging';
import { now } from '$lib/server/clock';
import type { Executor } from '$lib/server/db';
import { timeZoneName } from '$lib/server/format';
import { listRubrics } from '$lib/server/services/rubrics';
import { m } from '$lib/paraglide/messages';

/** What the round settings form needs besides the values: rubric choices, zone, limits. */
export async function roundFormContext(db: Executor, challengeId: string, zone: string) {
	const rubrics = await listRubrics(db, challengeId);
	return {
		zone,
		zoneName: timeZoneName(zone, getLocale(), now()),
		rubrics: rubrics.map((rubric) => ({
			id: rubric.id,
			label: `${rubric.name} · ${m.judging_version({ version: rubric.version })}`,
			latest: rubric.latest
		})),
		limits: { name: ROUND_LIMITS.name, judges: ROUND_LIMITS.judgesPerEntry }
	};
}

export type RoundFormValues = {
	name: string;
	rubricId: string;
	opensAt: string;
	closesAt: string;
	judgesPerEntry: string;
	blind: string;
	peerScores: string;
};

export function roundFormValues(
	round: {
		name: string;
		rubricId: string;
		opensAt: Date;
		closesAt: Date;
		judgesPerEntry: number;
		blind: boolean;
		peerScores: string;
	},
	zone: string
): RoundFormValues {
	return {
		name: round.name,
		rubricId: round.rubricId,
		opensAt: toZonedInputValue(round.opensAt, zone),
		closesAt: toZonedInputValue(round.closesAt, zone),
		judgesPerEntry: String(round.judgesPerEntry),
		blind: round.blind ? 'on' : '',
		peerScores: round.peerScores
	};
}
