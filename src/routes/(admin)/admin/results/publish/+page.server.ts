import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, formValues } from '$lib/server/forms';
import { decidingScoreText } from '$lib/server/services/results-export';
import {
	getPublicationOverview,
	previewGalleryRemovals,
	previewMinorRedactions,
	publishResults,
	REASON_MAX_LENGTH
} from '$lib/server/services/publication';
import { organizer, serviceAction } from '$lib/server/guards';
import { resultsHref, returnView } from '../results.server';
import { parseView, viewQuery } from '../view';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const { view } = parseView(event.url.searchParams);
	const [overview, withheld, removals] = await Promise.all([
		getPublicationOverview(db, challenge.id),
		previewMinorRedactions(db, challenge.id),
		previewGalleryRemovals(db, challenge.id)
	]);
	return {
		view: viewQuery(view),
		back: resultsHref(view),
		// Each round's entries are ranked by that round's own deciding score.
		bases: overview.decidingRounds.map((round) => ({
			id: round.id,
			round: round.name,
			deciding: decidingScoreText({
				scoreBasis: round.scoreBasis,
				scoreBasisChosenBy: round.chosenBy,
				scoreBasisChosenAt: round.chosenAt
			})
		})),
		latest: overview.latest
			? {
					version: overview.latest.version,
					publishedAt: formatDateTime(overview.latest.publishedAt, locale, zones),
					publishedBy: overview.latest.publishedBy
				}
			: null,
		nextVersion: (overview.latest?.version ?? 0) + 1,
		decided: overview.decided,
		counts: overview.counts,
		blockingRounds: overview.blockingRounds,
		changes: overview.changes.map((change) => ({
			entryId: change.entryId,
			label: change.label,
			title: change.title,
			round: change.roundName,
			published: change.published,
			current: change.current
		})),
		// Published entries this publication would take out of the public gallery, by name.
		removals: removals.map((row) => ({
			entryId: row.entryId,
			title: row.title,
			team: row.teamName,
			slug: row.slug
		})),
		// Organizers only: where a minor's name will be replaced in the public copy, and whose.
		withheld: withheld.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			fields: row.fields,
			minors: row.minors
		}))
	};
}) satisfies PageServerLoad;

const publishSchema = z.object({
	reason: z
		.string()
		.optional()
		.default('')
		.transform((value) => value.replace(/\r\n?/g, '\n').trim())
		.refine((value) => [...value].length <= REASON_MAX_LENGTH, {
			error: () => m.results_error_reason_length({ max: REASON_MAX_LENGTH })
		})
		.refine((value) => !hasUnsafeCharactersInMultiline(value), {
			error: () => m.error_control_characters()
		}),
	confirm: z.literal('yes', { error: () => m.results_error_confirm() }),
	// The entries named on the page as leaving the gallery, sent back only when the box is checked.
	confirmRemoval: z.literal('yes').optional().catch(undefined),
	removal: z.array(z.uuid()).max(10_000).catch([])
});

export const actions = {
	publish: async (event) => {
		const { db, challenge, actor } = await organizer();
		const formData = await formDataOf(event.request);
		const field = (name: string) => {
			const value = formData.get(name);
			return typeof value === 'string' ? value : undefined;
		};
		const parsed = publishSchema.safeParse({
			reason: field('reason'),
			confirm: field('confirm'),
			confirmRemoval: field('confirmRemoval'),
			removal: formData.getAll('removal')
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, {
				values: formValues(formData),
				errors,
				message: m.form_has_errors()
			});
		}
		return serviceAction(formData, undefined, async () => {
			const result = await publishResults(db, actor, {
				challengeId: challenge.id,
				reason: parsed.data.reason,
				removals: parsed.data.confirmRemoval === 'yes' ? parsed.data.removal : []
			});
			redirect(
				303,
				resultsHref(returnView(formData), { notice: 'published', version: result.version })
			);
		});
	}
} satisfies Actions;
