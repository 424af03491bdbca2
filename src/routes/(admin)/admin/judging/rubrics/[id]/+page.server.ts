import { redirect, type RequestEvent } from '@sveltejs/kit';
import { weightPercentages } from '$lib/domain/rubric';
import {
	criterionFormSchema,
	criterionTargetSchema,
	moveCriterionSchema,
	RUBRIC_LIMITS,
	rubricFormSchema
} from '$lib/schemas/judging';
import { formDataOf } from '$lib/server/forms';
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
import { formAction, organizer, serviceAction } from '$lib/server/guards';
import { idParam, notFound } from '../../judging.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const id = idParam(event.params.id);
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
	const { db, challenge, actor } = await organizer();
	const id = idParam(event.params.id);
	// An unknown rubric is a missing page, whatever the form holds.
	if (!(await getRubric(db, challenge.id, id))) notFound();
	return { db, id, challengeId: challenge.id, actor: actor };
}

export const actions = {
	details: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		return formAction(rubricFormSchema, 'details', async (input) => {
			const result = await updateRubric(db, actor, { ...input, challengeId, rubricId: id });
			after(result, 'saved');
		});
	},
	add: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		return formAction(criterionFormSchema, 'add', async (input) => {
			const result = await addCriterion(db, actor, { ...input, challengeId, rubricId: id });
			after(result, 'criterion_added');
		});
	},
	update: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		return formAction(criterionFormSchema, 'criterion', async (input, formData) => {
			const target = criterionTargetSchema.safeParse({
				criterionId: formData.get('criterionId')
			});
			if (!target.success) notFound();
			const result = await updateCriterion(db, actor, {
				...input,
				challengeId,
				rubricId: id,
				criterionId: target.data.criterionId
			});
			after(result, 'saved');
		});
	},
	remove: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		return formAction(criterionTargetSchema, 'remove', async (input) => {
			const result = await removeCriterion(db, actor, {
				challengeId,
				rubricId: id,
				criterionId: input.criterionId
			});
			after(result, 'criterion_removed');
		});
	},
	move: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		return formAction(moveCriterionSchema, 'move', async (input) => {
			const result = await moveCriterion(db, actor, {
				challengeId,
				rubricId: id,
				criterionId: input.criterionId,
				direction: input.direction
			});
			after(result, 'criterion_moved');
		});
	},
	moveRounds: async (event) => {
		const { db, id, challengeId, actor } = await setup(event);
		const formData = await formDataOf(event.request);
		return serviceAction(formData, 'moveRounds', async () => {
			await moveDraftRoundsToVersion(db, actor, { challengeId, rubricId: id });
			redirect(303, `/admin/judging/rubrics/${id}?notice=rounds_moved`);
		});
	}
} satisfies Actions;
