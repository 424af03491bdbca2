import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf } from '$lib/server/forms';
import {
	getEntryProgress,
	getRoundProgress,
	sendReminders
} from '$lib/server/services/round-progress';
import { organizer, organizerAnyChallenge, serviceAction } from '$lib/server/guards';
import { afterLabel, labelCursor } from '../assignments/label-cursor';
import { requireRound } from '../assignments/round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const round = await requireRound(db, event.params.id);
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const when = (value: Date | null) => (value ? formatDateTime(value, locale, zones) : null);
	const after = afterLabel(event.url);
	const [progress, entryPage] = await Promise.all([
		getRoundProgress(db, round.id),
		getEntryProgress(db, round.id, { afterLabel: after })
	]);
	return {
		round,
		totals: progress.totals,
		judges: progress.byJudge.map((judge) => ({
			...judge,
			lastActivity: when(judge.lastActivity),
			lastReminded: when(judge.lastReminded)
		})),
		entries: entryPage.rows.map((entry) => ({
			...entry,
			track: entry.track ? localize(entry.track, locale) : null,
			mean: entry.meanHundredths === null ? null : (entry.meanHundredths / 100).toFixed(2)
		})),
		paged: after !== undefined,
		nextAfter: labelCursor(entryPage.nextAfter)
	};
}) satisfies PageServerLoad;

export const actions = {
	remind: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		const round = await requireRound(db, event.params.id);
		const formData = await formDataOf(event.request);
		return serviceAction(formData, 'remind', async () => {
			const result = await sendReminders(db, actor, { roundId: round.id });
			const { sent, skipped, pending } = result;
			const done =
				pending === 0
					? m.assign_remind_nobody()
					: sent === 0
						? m.assign_remind_already({ count: skipped })
						: skipped > 0
							? m.assign_remind_sent_some({ sent, skipped })
							: m.assign_remind_sent({ count: sent });
			return { form: 'remind', done, sent, skipped };
		});
	}
} satisfies Actions;
