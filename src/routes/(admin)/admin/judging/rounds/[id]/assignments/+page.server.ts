import { z } from 'zod';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formDataOf, parseForm, runAction } from '$lib/server/forms';
import { publicOrigin } from '$lib/server/request';
import {
	addAssignment,
	assignmentChoices,
	autoAssign,
	listRoundAssignments,
	removeAssignment,
	swapAssignment
} from '$lib/server/services/assignments';
import { afterLabel, organizerRound } from './round.server';
import type { Actions, PageServerLoad } from './$types';

const entryField = z.uuid({ error: () => m.assign_error_choose_entry() });
const judgeField = z.uuid({ error: () => m.assign_error_choose_judge() });
const assignmentField = z.uuid({ error: () => m.assign_error_choose_assignment() });

const addSchema = z.object({ entryId: entryField, judgeId: judgeField });
const removeSchema = z.object({ assignmentId: assignmentField });
const swapSchema = z.object({ assignmentId: assignmentField, judgeId: judgeField });

export const load = (async (event) => {
	const { db, round } = await organizerRound(event);
	const after = afterLabel(event.url);
	const [page, choices] = await Promise.all([
		listRoundAssignments(db, round.id, { afterLabel: after }),
		assignmentChoices(db, round.id)
	]);
	return {
		round,
		editable: round.state === 'draft' || round.state === 'open',
		paged: after !== undefined,
		nextAfter: page.nextAfter,
		rows: page.rows,
		entryOptions: choices.entries,
		judgeOptions: choices.judges
	};
}) satisfies PageServerLoad;

export const actions = {
	auto: async (event) => {
		const { db, round, user } = await organizerRound(event);
		const formData = await formDataOf(event.request);
		const result = await runAction(event, formData, 'auto', () =>
			autoAssign(db, round.id, user.id, { baseUrl: publicOrigin(event.url) })
		);
		if (!result.ok) return result.failure;
		const value = result.value;
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
	},
	add: async (event) => {
		const { db, round, user } = await organizerRound(event);
		const parsed = await parseForm(event.request, addSchema, 'add');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'add', () =>
			addAssignment(db, {
				roundId: round.id,
				entryId: parsed.data.entryId,
				judgeId: parsed.data.judgeId,
				actorId: user.id,
				baseUrl: publicOrigin(event.url)
			})
		);
		if (!result.ok) return result.failure;
		return { form: 'add', done: m.assign_added() };
	},
	remove: async (event) => {
		const { db, round, user } = await organizerRound(event);
		const parsed = await parseForm(event.request, removeSchema, 'remove');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'remove', () =>
			removeAssignment(db, {
				roundId: round.id,
				assignmentId: parsed.data.assignmentId,
				actorId: user.id
			})
		);
		if (!result.ok) return result.failure;
		return {
			form: 'remove',
			done: result.value.hadDraft ? m.assign_removed_draft() : m.assign_removed()
		};
	},
	swap: async (event) => {
		const { db, round, user } = await organizerRound(event);
		const parsed = await parseForm(event.request, swapSchema, 'swap');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'swap', () =>
			swapAssignment(db, {
				roundId: round.id,
				assignmentId: parsed.data.assignmentId,
				newJudgeId: parsed.data.judgeId,
				actorId: user.id,
				baseUrl: publicOrigin(event.url)
			})
		);
		if (!result.ok) return result.failure;
		return { form: 'swap', done: m.assign_swapped() };
	}
} satisfies Actions;
