import { availableTransitions } from '$lib/domain/round';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	advanceSchema,
	feedbackSchema,
	roundEntriesQuerySchema,
	roundSettingsSchema,
	transitionSchema
} from '$lib/schemas/judging';
import { now } from '$lib/server/clock';
import { isServiceError } from '$lib/server/errors';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues } from '$lib/server/forms';
import {
	advanceEntries,
	countEntriesWithoutJudge,
	getRound,
	listRoundEntries,
	releaseFeedback,
	transitionRound,
	updateRound,
	withdrawFeedback
} from '$lib/server/services/rounds';
import { formAction, organizer, serviceAction } from '$lib/server/guards';
import { idParam, notFound } from '../../judging.server';
import { roundFormContext, roundFormValues } from '../../round-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const id = idParam(event.params.id);
	const round = await getRound(db, challenge.id, id);
	if (!round) notFound();
	const locale = getLocale();
	const zone = event.locals.timeZone ?? challenge.timeZone;
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const format = (value: Date | null) => (value ? formatDateTime(value, locale, zones) : null);

	const query = roundEntriesQuerySchema.safeParse({
		after: event.url.searchParams.get('after') ?? undefined
	});
	let pageError: string | null = null;
	let page: Awaited<ReturnType<typeof listRoundEntries>> = { entries: [] };
	try {
		page = await listRoundEntries(db, round.id, {
			after: query.success ? query.data.after : undefined,
			nextRoundId: round.next?.id ?? null
		});
		if (!query.success) pageError = m.judging_error_page();
	} catch (error) {
		if (!isServiceError(error)) throw error;
		pageError = error.message;
	}
	const at = now().getTime();
	return {
		round: {
			id: round.id,
			name: round.name,
			position: round.position,
			state: round.state,
			entries: round.entries,
			rubric: { id: round.rubricId, name: round.rubricName, version: round.rubricVersion },
			opens: format(round.opensAt),
			closes: format(round.closesAt),
			openedAt: format(round.openedAt),
			closedAt: format(round.closedAt),
			decidedAt: format(round.decidedAt),
			feedbackReleasedAt: format(round.feedbackReleasedAt),
			next: round.next,
			// Where now is in the scoring window: judges score only inside it, and a round whose
			// window is over cannot be opened or reopened.
			window:
				round.closesAt.getTime() <= at
					? ('ended' as const)
					: round.opensAt.getTime() > at
						? ('upcoming' as const)
						: ('current' as const),
			entriesWithoutJudge: await countEntriesWithoutJudge(db, round.id)
		},
		transitions: availableTransitions(round.state),
		context: await roundFormContext(db, challenge.id, zone),
		values: roundFormValues(round, zone),
		entries: page.entries.map((entry) => ({
			id: entry.entryId,
			label: entry.label,
			title: entry.title,
			team: entry.teamName,
			track: entry.trackName ? localize(entry.trackName, locale) : null,
			advanced: entry.advanced,
			assigned: entry.assigned,
			submitted: entry.submittedScores,
			mean: entry.meanHundredths === null ? null : (entry.meanHundredths / 100).toFixed(2)
		})),
		nextAfter: page.nextAfter ?? null,
		paged: Boolean(query.success && query.data.after),
		pageError
	};
}) satisfies PageServerLoad;

async function setup(event: RequestEvent) {
	const { db, challenge, actor } = await organizer();
	const id = idParam(event.params.id);
	// An unknown round is a missing page, whatever the form holds.
	if (!(await getRound(db, challenge.id, id))) notFound();
	// The portal's address: opening the round mails its judges links to their workspace.
	return {
		db,
		id,
		challenge,
		actor
	};
}

const here = (id: string, notice: string) => `/admin/judging/rounds/${id}?notice=${notice}`;

const TRANSITION_NOTICES = {
	open: 'round_opened',
	close: 'round_closed',
	reopen: 'round_reopened',
	decide: 'round_decided'
} as const;

export const actions = {
	settings: async (event) => {
		const { db, id, challenge, actor } = await setup(event);
		const zone = event.locals.timeZone ?? challenge.timeZone;
		return formAction(roundSettingsSchema(zone), 'settings', async (input) => {
			const result = await updateRound(db, actor, {
				...input,
				challengeId: challenge.id,
				roundId: id
			});
			redirect(303, here(id, result.fields.length > 0 ? 'saved' : 'unchanged'));
		});
	},
	transition: async (event) => {
		const { db, id, challenge, actor } = await setup(event);
		return formAction(transitionSchema, 'transition', async (input) => {
			await transitionRound(db, actor, {
				challengeId: challenge.id,
				roundId: id,
				transition: input.transition,
				confirmUnassigned: input.confirmUnassigned
			});
			redirect(303, here(id, TRANSITION_NOTICES[input.transition]));
		});
	},
	feedback: async (event) => {
		const { db, id, challenge, actor } = await setup(event);
		return formAction(feedbackSchema, 'feedback', async (input) => {
			const release = input.release === 'release';
			await (release ? releaseFeedback : withdrawFeedback)(db, actor, {
				challengeId: challenge.id,
				roundId: id
			});
			redirect(303, here(id, release ? 'feedback_released' : 'feedback_withdrawn'));
		});
	},
	advance: async (event) => {
		const { db, id, challenge, actor } = await setup(event);
		const formData = await formDataOf(event.request);
		const parsed = advanceSchema.safeParse({
			entryId: formData.getAll('entryId').filter((value) => typeof value === 'string')
		});
		if (!parsed.success)
			return fail(400, {
				form: 'advance',
				values: formValues(formData),
				errors: { entryId: parsed.error.issues[0]?.message ?? m.judging_error_select_entries() },
				message: parsed.error.issues[0]?.message ?? m.judging_error_select_entries()
			});
		return serviceAction(formData, 'advance', async () => {
			const result = await advanceEntries(db, actor, {
				fromRoundId: id,
				entryIds: parsed.data.entryId,
				challengeId: challenge.id
			});
			const round = await getRound(db, challenge.id, result.toRoundId);
			return {
				form: 'advance',
				done: m.judging_notice_advanced({ count: result.added, round: round?.name ?? '' })
			};
		});
	}
} satisfies Actions;
