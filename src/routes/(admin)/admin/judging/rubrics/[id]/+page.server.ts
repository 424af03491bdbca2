import { redirect, type RequestEvent } from '@sveltejs/kit';
import { weightPercentages } from '$lib/domain/rubric';
import {
	criterionFormSchema,
	criterionTargetSchema,
	moveCriterionSchema,
	RUBRIC_LIMITS,
	rubricFormSchema
} from '$lib/schemas/judging';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { formDataOf, parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import {
	addCriterion,
	getRubric,
	moveCriterion,
	moveDraftRoundsToVersion,
	removeCriterion,
	updateCriterion,
	updateRubric,
	type RubricChange
} from '$lib/server/services/rubrics';
import { actorOf, idParam, notFound } from '../../judging.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const id = idParam(event.params.id);
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const rubric = await getRubric(db, challenge.id, id);
	if (!rubric) notFound();
	const percentages = weightPercentages(rubric.criteria.map((criterion) => criterion.weight));
	return {
		rubric: {
			id: rubric.id,
			name: rubric.name,
			description: rubric.description,
			version: rubric.version,
			locked: rubric.lockedAt !== null,
			latest: rubric.latest,
			rounds: rubric.rounds,
			draftRoundsOnEarlierVersions: rubric.draftRoundsOnEarlierVersions
		},
		criteria: rubric.criteria.map((criterion, index) => ({
			id: criterion.id,
			name: criterion.name,
			weight: criterion.weight,
			scaleMin: criterion.scaleMin,
			scaleMax: criterion.scaleMax,
			percent: percentages[index],
			values: {
				criterionId: criterion.id,
				name: criterion.name,
				guidance: criterion.guidance,
				weight: String(criterion.weight),
				scaleMin: String(criterion.scaleMin),
				scaleMax: String(criterion.scaleMax),
				...Object.fromEntries(
					criterion.descriptors.flatMap((descriptor, row) => [
						[`descriptor.${row}.from`, String(descriptor.from)],
						[`descriptor.${row}.to`, String(descriptor.to)],
						[`descriptor.${row}.text`, descriptor.text]
					])
				)
			} as Record<string, string>
		})),
		limits: {
			name: RUBRIC_LIMITS.name,
			description: RUBRIC_LIMITS.description,
			criterionName: RUBRIC_LIMITS.criterionName,
			guidance: RUBRIC_LIMITS.guidance,
			descriptor: RUBRIC_LIMITS.descriptor,
			spareBands: RUBRIC_LIMITS.spareBands
		}
	};
}) satisfies PageServerLoad;

/** Back to the version that now holds the change (a new one when this one was locked). */
function after(change: RubricChange, notice: string): never {
	redirect(
		303,
		`/admin/judging/rubrics/${change.rubricId}?notice=${change.newVersion ? 'new_version' : notice}`
	);
}

async function setup(event: RequestEvent) {
	const { user } = requireRole(event, 'organizer');
	const id = idParam(event.params.id);
	const db = await getDb();
	const challenge = await requireChallenge(db);
	// An unknown rubric is a missing page, whatever the form holds.
	if (!(await getRubric(db, challenge.id, id))) notFound();
	return { db, id, challengeId: challenge.id, actor: actorOf(event, user.id) };
}

export const actions = {
	details: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const parsed = await parseForm(event.request, rubricFormSchema, 'details');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'details', () =>
			updateRubric(db, actor, challengeId, id, parsed.data)
		);
		if (!result.ok) return result.failure;
		after(result.value, 'saved');
	},
	add: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const parsed = await parseForm(event.request, criterionFormSchema, 'add');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'add', () =>
			addCriterion(db, actor, challengeId, id, parsed.data)
		);
		if (!result.ok) return result.failure;
		after(result.value, 'criterion_added');
	},
	update: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const parsed = await parseForm(event.request, criterionFormSchema, 'criterion');
		if (!parsed.ok) return parsed.failure;
		const target = criterionTargetSchema.safeParse({
			criterionId: parsed.formData.get('criterionId')
		});
		if (!target.success) notFound();
		const result = await runAction(event, parsed.formData, 'criterion', () =>
			updateCriterion(db, actor, challengeId, id, target.data.criterionId, parsed.data)
		);
		if (!result.ok) return result.failure;
		after(result.value, 'saved');
	},
	remove: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const parsed = await parseForm(event.request, criterionTargetSchema, 'remove');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'remove', () =>
			removeCriterion(db, actor, challengeId, id, parsed.data.criterionId)
		);
		if (!result.ok) return result.failure;
		after(result.value, 'criterion_removed');
	},
	move: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const parsed = await parseForm(event.request, moveCriterionSchema, 'move');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'move', () =>
			moveCriterion(db, actor, challengeId, id, parsed.data.criterionId, parsed.data.direction)
		);
		if (!result.ok) return result.failure;
		after(result.value, 'criterion_moved');
	},
	moveRounds: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const formData = await formDataOf(event.request);
		const result = await runAction(event, formData, 'moveRounds', () =>
			moveDraftRoundsToVersion(db, actor, challengeId, id)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/admin/judging/rubrics/${id}?notice=rounds_moved`);
	}
} satisfies Actions;
