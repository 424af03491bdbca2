import { and, asc, eq, sql } from 'drizzle-orm';
import { weightedTotal } from '$lib/domain/rubric';
import { isWindowOpen } from '$lib/domain/round';
import { m } from '$lib/paraglide/messages';
import { now } from '../../clock';
import { rowsOf, type Executor } from '../../db';
import {
	assignments,
	auditLog,
	entries,
	rounds,
	rubricCriteria,
	rubrics,
	scoreItems,
	scores
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { lockRubric } from '../rubrics';
import { checkText, liveAssignment, MAX_CRITERION_COMMENT, MAX_SHEET_TEXT } from './shared';
import type { Actor } from '../../request';

export type SaveScoreInput = {
	assignmentId: string;
	/** criterion id → value (null: not chosen). Criteria left out are saved as not chosen. */
	values: Record<string, number | null>;
	comments?: Record<string, string>;
	overallComment?: string;
	feedback?: string;
	privateNote?: string;
	intent: 'draft' | 'submit';
	/** The clock's time unless given (tests and the benchmark replay a moment). */
	at?: Date;
};

/**
 * Saves a judge's score sheet: the assignment must be the judge's (404), the round open and the
 * clock inside its window (404); values must be whole numbers on each criterion's scale and name
 * only the rubric's criteria (400, on the field). Submitting needs every criterion scored,
 * computes the weighted total and locks the rubric version. A submitted sheet stays editable
 * (and re-submittable) until the round closes.
 *
 * Fast on purpose (judges save often): one read, then ONE statement that writes the sheet, its
 * items and the audit entry (plus `lockRubric` in the same transaction the first time a rubric
 * version is used). A single statement is a single transaction, and it
 * re-checks the judge, the window and the rubric itself, so nothing that changed between the read
 * and the write can slip through; CHECK constraints and the items' composite key to the
 * criterion's scale back the values.
 */
export async function saveScore(
	db: Executor,
	actor: Actor,
	input: SaveScoreInput
): Promise<{ status: 'draft' | 'submitted'; totalHundredths: number | null; roundId: string }> {
	const judgeId = actor.actorId;
	const at = input.at ?? now();
	if (input.intent !== 'draft' && input.intent !== 'submit') throw ServiceError.notFound();
	const overallComment = checkText(input.overallComment, 'overallComment', MAX_SHEET_TEXT);
	const feedback = checkText(input.feedback, 'feedback', MAX_SHEET_TEXT);
	const privateNote = checkText(input.privateNote, 'privateNote', MAX_SHEET_TEXT);
	const values = input.values ?? {};
	const comments = input.comments ?? {};
	if (typeof values !== 'object' || typeof comments !== 'object')
		throw new ServiceError(400, m.form_has_errors());

	const { context, criteria } = await sheetContext(db, judgeId, input, at);
	const known = new Set(criteria.map((criterion) => criterion.id));
	for (const key of [...Object.keys(values), ...Object.keys(comments)])
		if (!known.has(key)) throw new ServiceError(400, m.judge_unknown_criterion(), 'form');

	const submitted = input.intent === 'submit';
	const sheet = checkedValues(criteria, values, submitted);
	const items = criteria.map((criterion) => ({
		...criterion,
		value: sheet[criterion.id],
		comment: checkText(comments[criterion.id], `comment.${criterion.id}`, MAX_CRITERION_COMMENT)
	}));
	const total = submitted ? weightedTotal(criteria, sheet) : null;
	const status = submitted ? ('submitted' as const) : ('draft' as const);
	const stamp = at.toISOString();

	const statement = saveStatement({
		judgeId,
		input,
		context,
		items,
		known,
		status,
		total,
		texts: { overallComment, feedback, privateNote },
		stamp
	});
	const written = async (executor: Executor) =>
		Number(rowsOf<{ saved: number }>(await executor.execute(statement))[0]?.saved ?? 0) === 1;
	// The first score that uses a rubric version locks it (later edits make a new version): only
	// then a transaction around the write and the lock.
	const saved = context.rubricLockedAt
		? await written(db)
		: await db.transaction(async (tx) => {
				if (!(await written(tx))) return false;
				await lockRubric(tx, context.rubricId);
				return true;
			});
	if (!saved) throw ServiceError.notFound();
	return { status, totalHundredths: total, roundId: context.roundId };
}

type SheetCriterion = {
	id: string;
	name: string;
	weight: number;
	scaleMin: number;
	scaleMax: number;
};

/** The one read: the judge's live assignment in a round whose window is open, and its rubric. */
async function sheetContext(db: Executor, judgeId: string, input: SaveScoreInput, at: Date) {
	const rows = await db
		.select({
			roundId: rounds.id,
			state: rounds.state,
			opensAt: rounds.opensAt,
			closesAt: rounds.closesAt,
			rubricId: rounds.rubricId,
			rubricLockedAt: rubrics.lockedAt,
			existingRubricId: scores.rubricId,
			criterionId: rubricCriteria.id,
			name: rubricCriteria.name,
			weight: rubricCriteria.weight,
			scaleMin: rubricCriteria.scaleMin,
			scaleMax: rubricCriteria.scaleMax
		})
		.from(assignments)
		.innerJoin(rounds, eq(rounds.id, assignments.roundId))
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(rubrics, eq(rubrics.id, rounds.rubricId))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.leftJoin(rubricCriteria, eq(rubricCriteria.rubricId, rounds.rubricId))
		.where(
			and(eq(assignments.id, input.assignmentId), eq(assignments.judgeId, judgeId), liveAssignment)
		)
		.orderBy(asc(rubricCriteria.position));
	const context = rows[0];
	if (!context || !isWindowOpen(context, at)) throw ServiceError.notFound();
	const criteria = rows.flatMap((row) =>
		row.criterionId === null || row.name === null
			? []
			: [
					{
						id: row.criterionId,
						name: row.name,
						weight: row.weight ?? 0,
						scaleMin: row.scaleMin ?? 0,
						scaleMax: row.scaleMax ?? 0
					}
				]
	);
	return { context, criteria };
}

type SheetContext = Awaited<ReturnType<typeof sheetContext>>['context'];

/** Whole numbers on each criterion's scale; submitting needs every criterion scored. */
function checkedValues(
	criteria: SheetCriterion[],
	values: Record<string, number | null>,
	submitted: boolean
): Record<string, number | null> {
	const sheet: Record<string, number | null> = {};
	for (const criterion of criteria) {
		const raw = values[criterion.id];
		const field = `value.${criterion.id}`;
		const scale = { criterion: criterion.name, min: criterion.scaleMin, max: criterion.scaleMax };
		if (raw === null || raw === undefined) {
			if (submitted) throw new ServiceError(400, m.judge_score_missing(scale), field);
			sheet[criterion.id] = null;
			continue;
		}
		if (
			typeof raw !== 'number' ||
			!Number.isInteger(raw) ||
			raw < criterion.scaleMin ||
			raw > criterion.scaleMax
		)
			throw new ServiceError(400, m.judge_score_out_of_scale(scale), field);
		sheet[criterion.id] = raw;
	}
	return sheet;
}

/**
 * The single statement that writes the sheet, its items and the audit entry, re-checking the
 * judge, the window and the rubric itself (see saveScore).
 */
function saveStatement({
	judgeId,
	input,
	context,
	items,
	known,
	status,
	total,
	texts: { overallComment, feedback, privateNote },
	stamp
}: {
	judgeId: string;
	input: SaveScoreInput;
	context: SheetContext;
	items: (SheetCriterion & { value: number | null; comment: string })[];
	known: Set<string>;
	status: 'draft' | 'submitted';
	total: number | null;
	texts: { overallComment: string; feedback: string; privateNote: string };
	stamp: string;
}) {
	const submitted = status === 'submitted';
	const itemValues = sql.join(
		items.map(
			(item) =>
				sql`(${item.id}::uuid, ${item.scaleMin}::smallint, ${item.scaleMax}::smallint, ${item.value}::smallint, ${item.comment}::text)`
		),
		sql`, `
	);
	const itemsStep = items.length
		? sql`, items as (
				insert into ${scoreItems} (assignment_id, criterion_id, scale_min, scale_max, value, comment)
				select saved.assignment_id, v.criterion_id, v.scale_min, v.scale_max, v.value, v.comment
				from saved cross join (values ${itemValues}) as v (criterion_id, scale_min, scale_max, value, comment)
				on conflict (assignment_id, criterion_id) do update set
					value = excluded.value, comment = excluded.comment,
					scale_min = excluded.scale_min, scale_max = excluded.scale_max
				returning 1
			)`
		: sql``;
	// The round's rubric changed since the last save: drop the old version's items.
	const clearStep =
		context.existingRubricId && context.existingRubricId !== context.rubricId
			? sql`, cleared as (
					delete from ${scoreItems} where assignment_id in (select assignment_id from saved)
					and not (criterion_id = any(array[${sql.join(
						[...known].map((id) => sql`${id}`),
						sql`, `
					)}]::uuid[]))
				)`
			: sql``;
	const auditStep = submitted
		? sql`, audited as (
				insert into ${auditLog} (actor_id, action, entity_type, entity_id, data, created_at)
				select ${judgeId}::uuid, 'score.submitted', 'assignment', saved.assignment_id::text,
					${JSON.stringify({ totalHundredths: total })}::jsonb, ${stamp}::timestamptz
				from saved
			)`
		: sql``;

	return sql`
		with target as (
			select ${assignments.id} as assignment_id
			from ${assignments} inner join ${rounds} on ${rounds.id} = ${assignments.roundId}
				inner join ${entries} on ${entries.id} = ${assignments.entryId}
			where ${assignments.id} = ${input.assignmentId} and ${assignments.judgeId} = ${judgeId}
				and ${assignments.suspendedAt} is null and ${entries.status} <> 'withdrawn'
				and ${rounds.state} = 'open' and ${rounds.rubricId} = ${context.rubricId}
				and ${rounds.opensAt} <= ${stamp}::timestamptz and ${stamp}::timestamptz < ${rounds.closesAt}
		), saved as (
			insert into ${scores} (assignment_id, rubric_id, status, overall_comment, feedback, private_note,
				total_hundredths, submitted_at, created_at, updated_at)
			select assignment_id, ${context.rubricId}::uuid, ${status}::score_status, ${overallComment},
				${feedback}, ${privateNote}, ${total}::integer,
				${submitted ? stamp : null}::timestamptz, ${stamp}::timestamptz, ${stamp}::timestamptz
			from target
			on conflict (assignment_id) do update set
				rubric_id = excluded.rubric_id, status = excluded.status,
				overall_comment = excluded.overall_comment, feedback = excluded.feedback,
				private_note = excluded.private_note, total_hundredths = excluded.total_hundredths,
				submitted_at = excluded.submitted_at, updated_at = excluded.updated_at
			returning assignment_id
		)${itemsStep}${clearStep}${auditStep}
		select count(*)::int as saved from saved`;
}
