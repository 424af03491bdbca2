import { z } from 'zod';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formDataOf } from '$lib/server/forms';
import {
	addAssignment,
	assignmentChoices,
	autoAssign,
	listRoundAssignments,
	removeAssignment,
	swapAssignment
} from '$lib/server/services/assignments';
import { formAction, organizerAnyChallenge, serviceAction } from '$lib/server/guards';
import { afterLabel, labelCursor } from './label-cursor';
import { requireRound } from './round.server';
import type { Actions, PageServerLoad } from './$types';

const entryField = z.uuid({ error: () => m.assign_error_choose_entry() });
const judgeField = z.uuid({ error: () => m.assign_error_choose_judge() });
const assignmentField = z.uuid({ error: () => m.assign_error_choose_assignment() });

const addSchema = z.object({ entryId: entryField, judgeId: judgeField });
const removeSchema = z.object({ assignmentId: assignmentField });
const swapSchema = z.object({ assignmentId: assignmentField, judgeId: judgeField });

export const load = (async (event) => {
	const { db } = await organizerAnyChallenge();
	const round = await requireRound(db, event.params.id);
	const after = afterLabel(event.url);
	const [page, choices] = await Promise.all([
		listRoundAssignments(db, round.id, { afterLabel: after }),
		assignmentChoices(db, round.id)
	]);
	return {
		round,
		editable: round.state === 'draft' || round.state === 'open',
		paged: after !== undefined,
		nextAfter: labelCursor(page.nextAfter),
		rows: page.rows,
		entryOptions: choices.entries,
		judgeOptions: choices.judges
	};
}) satisfies PageServerLoad;

export const actions = {
	auto: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		const round = await requireRound(db, event.params.id);
		const formData = await formDataOf(event.request);
		return serviceAction(formData, 'auto', async () => {
			const result = await autoAssign(db, actor, { roundId: round.id });
			const value = result;
			const locale = getLocale();
			return {
				form: 'auto',
				result: {
					added: value.added,
					kept: value.kept,
					balanced: value.balanced,
					loadMin: value.loadMin,
					loadMax: value.loadMax,
					judges: value.judges,
					entries: value.entries,
					bridging: value.bridging,
					components: value.components,
					groups: value.groups.map((group) => ({
						judges: group.judges,
						entries: group.entries,
						tracks: group.tracks.map((track) => ({
							name: track.name ? localize(track.name, locale) : null,
							entries: track.entries
						}))
					})),
					shortfalls: value.shortfalls.map((shortfall) => ({
						entryId: shortfall.entryId,
						label: shortfall.label,
						title: shortfall.title,
						needed: shortfall.needed,
						assigned: shortfall.assigned,
						reason: shortfall.reason
					}))
				}
			};
		});
	},
	add: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		const round = await requireRound(db, event.params.id);
		return formAction(addSchema, 'add', async (input) => {
			await addAssignment(db, actor, {
				roundId: round.id,
				entryId: input.entryId,
				judgeId: input.judgeId
			});
			return { form: 'add', done: m.assign_added() };
		});
	},
	remove: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		const round = await requireRound(db, event.params.id);
		return formAction(removeSchema, 'remove', async (input) => {
			const result = await removeAssignment(db, actor, {
				roundId: round.id,
				assignmentId: input.assignmentId
			});
			return {
				form: 'remove',
				done: result.hadDraft ? m.assign_removed_draft() : m.assign_removed()
			};
		});
	},
	swap: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		const round = await requireRound(db, event.params.id);
		return formAction(swapSchema, 'swap', async (input) => {
			await swapAssignment(db, actor, {
				roundId: round.id,
				assignmentId: input.assignmentId,
				newJudgeId: input.judgeId
			});
			return { form: 'swap', done: m.assign_swapped() };
		});
	}
} satisfies Actions;
