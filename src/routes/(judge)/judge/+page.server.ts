import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { now } from '$lib/server/clock';
import { displayZones, formatDateTime } from '$lib/server/format';
import { judge } from '$lib/server/guards';
import { judgeDashboard } from '$lib/server/services/scoring';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, db, challenge } = await judge();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const at = now();
	const rounds = await judgeDashboard(db, user.id, at);
	return {
		rounds: rounds.map((round) => ({
			id: round.id,
			name: round.name,
			blind: round.blind,
			phase: round.windowOpen
				? ('open' as const)
				: round.state === 'open' && at < round.opensAt
					? ('upcoming' as const)
					: ('closed' as const),
			opens: formatDateTime(round.opensAt, locale, zones),
			closes: formatDateTime(round.closesAt, locale, zones),
			closesIso: round.closesAt.toISOString(),
			millisecondsLeft: Math.max(0, round.closesAt.getTime() - at.getTime()),
			scored: round.scored,
			total: round.total,
			rows: round.rows.map((row) => ({
				assignmentId: row.assignmentId,
				label: row.label === null ? null : String(row.label),
				title: row.title,
				track: row.track ? localize(row.track, locale) : '',
				status: row.status
			}))
		}))
	};
}) satisfies PageServerLoad;
