import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { readVersionContent } from '$lib/domain/entry-version';
import { blindRedactor, type BlindLink, type TeamIdentity } from '$lib/domain/identity-redaction';
import type { LocalizedText } from '$lib/domain/localized-text';
import { weightedTotal, weightPercentages } from '$lib/domain/rubric';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { now } from '../clock';
import { rowsOf, type Executor } from '../db';
import {
	assignments,
	auditLog,
	entries,
	entryVersions,
	files,
	judgeConflicts,
	roundEntries,
	rounds,
	rubricCriteria,
	rubrics,
	scoreItems,
	scores,
	teamMembers,
	teams,
	tracks,
	users,
	type Round,
	type RubricCriterion,
	type StoredFile
} from '../db/schema';
import { ServiceError } from '../errors';
import { renderMarkdown } from '../markdown';
import { fillEntry } from './assignment-service';
import { mailNewAssignments } from './judge-notices';
import { lockRubric } from './rubrics';
import { joinJudgedEntry } from './judged-assignments';

export const MAX_SHEET_TEXT = 4000;
export const MAX_CRITERION_COMMENT = 2000;
export const MAX_CONFLICT_REASON = 1000;

export type ScoreStatusView = 'not_started' | 'draft' | 'submitted';

type RoundWindow = Pick<Round, 'state' | 'opensAt' | 'closesAt'>;

/** Scores may be written while the round is open and the clock is inside its window. */
export function isWindowOpen(round: RoundWindow, at: Date = now()): boolean {
	return (
		round.state === 'open' &&
		round.opensAt.getTime() <= at.getTime() &&
		at.getTime() < round.closesAt.getTime()
	);
}

// Judges see the entries of rounds that have been opened (read-only once closed).
const VISIBLE_STATES = ['open', 'closed', 'decided'] as const;

/**
 * An assignment its judge works on: not suspended by a conflict (see assignments.suspendedAt),
 * of an entry still in competition (a withdrawn entry leaves judging). Every judge-facing read
 * and write goes through it.
 */
const liveAssignment = and(isNull(assignments.suspendedAt), ne(entries.status, 'withdrawn'));

function notFound(): ServiceError {
	return new ServiceError(404, m.error_404_title());
}

// ---------------------------------------------------------------------------------------------
// Dashboard

export type DashboardRow = {
	assignmentId: string;
	/** Blind rounds: the round label ("Entry 42", as organizers see it); otherwise null and `title` is set. */
	label: number | null;
	title: string | null;
	track: LocalizedText | null;
	status: ScoreStatusView;
};

export type DashboardRound = {
	id: string;
	name: string;
	blind: boolean;
	state: Round['state'];
	opensAt: Date;
	closesAt: Date;
	windowOpen: boolean;
	scored: number;
	total: number;
	rows: DashboardRow[];
};

/**
 * The rounds a judge has entries in, each with its progress ("12 of 20 scored"), deadline and
 * the list of entries; one query for the whole page.
 */
export async function judgeDashboard(
	db: Executor,
	judgeId: string,
	at: Date = now()
): Promise<DashboardRound[]> {
	const rows = await joinJudgedEntry(
		db
			.select({
				assignmentId: assignments.id,
				roundId: rounds.id,
				roundName: rounds.name,
				roundPosition: rounds.position,
				blind: rounds.blind,
				state: rounds.state,
				opensAt: rounds.opensAt,
				closesAt: rounds.closesAt,
				label: roundEntries.label,
				title: sql<string>`${entryVersions.content} ->> 'title'`,
				track: tracks.name,
				status: scores.status
			})
			.from(assignments)
			.$dynamic()
	)
		.leftJoin(tracks, sql`${tracks.id}::text = ${entryVersions.content} ->> 'trackId'`)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.judgeId, judgeId),
				inArray(rounds.state, [...VISIBLE_STATES]),
				liveAssignment
			)
		)
		.orderBy(asc(rounds.position), asc(roundEntries.label));

	const byRound = new Map<string, DashboardRound>();
	for (const row of rows) {
		let round = byRound.get(row.roundId);
		if (!round) {
			round = {
				id: row.roundId,
				name: row.roundName,
				blind: row.blind,
				state: row.state,
				opensAt: row.opensAt,
				closesAt: row.closesAt,
				windowOpen: isWindowOpen(row, at),
				scored: 0,
				total: 0,
				rows: []
			};
			byRound.set(row.roundId, round);
		}
		const status: ScoreStatusView = row.status ?? 'not_started';
		round.total += 1;
		if (status === 'submitted') round.scored += 1;
		round.rows.push({
			assignmentId: row.assignmentId,
			label: row.blind ? row.label : null,
			title: row.blind ? null : row.title,
			track: row.track,
			status
		});
	}
	return [...byRound.values()];
}

// ---------------------------------------------------------------------------------------------
// The score page

export type CriterionView = Pick<
	RubricCriterion,
	'id' | 'name' | 'guidance' | 'weight' | 'scaleMin' | 'scaleMax' | 'descriptors'
> & {
	/** Share of the rubric's total weight, in whole percent. */
	percent: number;
	value: number | null;
	comment: string;
};

export type AnswerView = {
	key: TextQuestionKey;
	kind: 'line' | 'markdown' | 'url';
	/** As written; in blind rounds redacted, and empty for Markdown (only `html` is sent). */
	text: string;
	/** Markdown answers rendered to safe HTML (in blind rounds redacted, links as text). */
	html: string | null;
	/** Link answers of blind rounds. */
	link?: BlindLink;
};

export type PeerScore = {
	/** "A", "B"…: never the judge's name. */
	letter: string;
	totalHundredths: number | null;
	values: Record<string, number | null>;
};

export type ScoringView = Awaited<ReturnType<typeof getScoringView>>;

async function teamIdentity(db: Executor, teamId: string): Promise<TeamIdentity> {
	const [team, members] = await Promise.all([
		db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).limit(1),
		db
			.select({ name: users.name, email: users.email })
			.from(teamMembers)
			.innerJoin(users, eq(users.id, teamMembers.userId))
			.where(eq(teamMembers.teamId, teamId))
	]);
	return { teamName: team[0]?.name ?? '', members };
}

/**
 * Everything the score page shows for one of the judge's assignments: the entry (anonymized in
 * blind rounds: no team name, member names, emails or identifying links), the rubric with the
 * judge's current values, the window, the next entry to score and, when the round allows it and
 * the judge has submitted, the other judges' scores as "Judge A/B". 404 for anyone else's
 * assignment and for rounds not yet opened.
 */
export async function getScoringView(
	db: Executor,
	judgeId: string,
	assignmentId: string,
	at: Date = now()
) {
	const [row] = await joinJudgedEntry(
		db
			.select({
				assignment: {
					id: assignments.id,
					roundId: assignments.roundId,
					entryId: assignments.entryId
				},
				round: rounds,
				label: roundEntries.label,
				teamId: entries.teamId,
				content: entryVersions.content,
				track: tracks.name,
				score: scores
			})
			.from(assignments)
			.$dynamic()
	)
		.leftJoin(tracks, sql`${tracks.id}::text = ${entryVersions.content} ->> 'trackId'`)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId), liveAssignment))
		.limit(1);
	if (!row || !VISIBLE_STATES.includes(row.round.state as (typeof VISIBLE_STATES)[number]))
		throw notFound();
	const { round, score } = row;
	// What the judges of this round read: the version frozen for it, never the live draft.
	const entry = { id: row.assignment.entryId, ...readVersionContent(row.content) };
	const rubricId = score?.rubricId ?? round.rubricId;

	const [criteria, items, identity, next, peers, fileRows] = await Promise.all([
		db
			.select()
			.from(rubricCriteria)
			.where(eq(rubricCriteria.rubricId, rubricId))
			.orderBy(asc(rubricCriteria.position)),
		score
			? db.select().from(scoreItems).where(eq(scoreItems.assignmentId, assignmentId))
			: Promise.resolve([]),
		// Blind rounds need the names to redact; open rounds show the team's name.
		teamIdentity(db, row.teamId),
		nextUnscoredAssignment(db, judgeId, round.id, assignmentId),
		round.peerScores === 'after_submit' && score?.status === 'submitted'
			? peerScores(db, round.id, entry.id, assignmentId)
			: Promise.resolve([]),
		entry.coverFileId || entry.deckFileId
			? db
					.select({ id: files.id, kind: files.kind, width: files.width, height: files.height })
					.from(files)
					.where(
						inArray(
							files.id,
							[entry.coverFileId, entry.deckFileId].filter((id): id is string => Boolean(id))
						)
					)
			: Promise.resolve([])
	]);

	const itemByCriterion = new Map(items.map((item) => [item.criterionId, item]));
	const percents = weightPercentages(criteria.map((criterion) => criterion.weight));
	const blind = round.blind ? identity : null;
	const redactor = blind ? blindRedactor(blind) : null;
	// A blind round never sends what the team wrote as such: the raw Markdown could carry a name
	// the redaction of the rendered text removed (an entity, an escape, emphasis inside a word).
	const answers: AnswerView[] = (Object.keys(TEXT_QUESTIONS) as TextQuestionKey[]).map((key) => {
		const kind = TEXT_QUESTIONS[key].kind;
		const text = entry[key];
		if (kind === 'url')
			return redactor
				? { key, kind, text: '', html: null, link: redactor.link(text) }
				: { key, kind, text, html: null };
		if (kind === 'markdown') {
			const html = renderMarkdown(text);
			return redactor
				? { key, kind, text: '', html: html && redactor.html(html) }
				: { key, kind, text, html };
		}
		return { key, kind, text: redactor ? redactor.text(text) : text, html: null };
	});
	const cover = fileRows.find((file) => file.kind === 'cover' && file.id === entry.coverFileId);
	const hasDeck = fileRows.some((file) => file.kind === 'deck' && file.id === entry.deckFileId);

	return {
		assignmentId,
		round: {
			id: round.id,
			name: round.name,
			blind: round.blind,
			state: round.state,
			opensAt: round.opensAt,
			closesAt: round.closesAt,
			peerScores: round.peerScores,
			windowOpen: isWindowOpen(round, at)
		},
		entry: {
			label: row.label,
			title: blind ? null : entry.title,
			teamName: blind ? null : identity.teamName,
			track: row.track,
			countries: entry.countries,
			sdgs: entry.sdgs,
			stage: entry.stage,
			answers,
			cover: cover ? { width: cover.width, height: cover.height } : null,
			/** Blind rounds do not offer the deck: a PDF's properties (author, title) may name the team. */
			deck: hasDeck && !blind,
			deckWithheld: hasDeck && Boolean(blind)
		},
		criteria: criteria.map((criterion, index) => ({
			id: criterion.id,
			name: criterion.name,
			guidance: criterion.guidance,
			weight: criterion.weight,
			percent: percents[index],
			scaleMin: criterion.scaleMin,
			scaleMax: criterion.scaleMax,
			descriptors: criterion.descriptors,
			value: itemByCriterion.get(criterion.id)?.value ?? null,
			comment: itemByCriterion.get(criterion.id)?.comment ?? ''
		})) satisfies CriterionView[],
		score: {
			status: (score?.status ?? 'not_started') as ScoreStatusView,
			overallComment: score?.overallComment ?? '',
			feedback: score?.feedback ?? '',
			privateNote: score?.privateNote ?? '',
			totalHundredths: score?.totalHundredths ?? null,
			submittedAt: score?.submittedAt ?? null
		},
		nextAssignmentId: next,
		peers
	};
}

/** The judge's next assignment in the round that is not submitted yet (by label), or null. */
export async function nextUnscoredAssignment(
	db: Executor,
	judgeId: string,
	roundId: string,
	exceptAssignmentId: string
): Promise<string | null> {
	const [row] = await db
		.select({ id: assignments.id })
		.from(assignments)
		.innerJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, assignments.roundId),
				eq(roundEntries.entryId, assignments.entryId)
			)
		)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.judgeId, judgeId),
				eq(assignments.roundId, roundId),
				ne(assignments.id, exceptAssignmentId),
				liveAssignment,
				sql`(${scores.status} is null or ${scores.status} <> 'submitted')`
			)
		)
		.orderBy(asc(roundEntries.label))
		.limit(1);
	return row?.id ?? null;
}

/** Submitted scores of the other judges of an entry, without who gave them. */
async function peerScores(
	db: Executor,
	roundId: string,
	entryId: string,
	ownAssignmentId: string
): Promise<PeerScore[]> {
	const rows = await db
		.select({
			assignmentId: assignments.id,
			total: scores.totalHundredths,
			criterionId: scoreItems.criterionId,
			value: scoreItems.value
		})
		.from(assignments)
		.innerJoin(scores, eq(scores.assignmentId, assignments.id))
		.leftJoin(scoreItems, eq(scoreItems.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.roundId, roundId),
				eq(assignments.entryId, entryId),
				ne(assignments.id, ownAssignmentId),
				isNull(assignments.suspendedAt),
				eq(scores.status, 'submitted')
			)
		)
		.orderBy(asc(assignments.createdAt), asc(assignments.id));
	const byAssignment = new Map<string, PeerScore>();
	for (const row of rows) {
		let peer = byAssignment.get(row.assignmentId);
		if (!peer) {
			peer = {
				letter: String.fromCharCode(65 + (byAssignment.size % 26)),
				totalHundredths: row.total,
				values: {}
			};
			byAssignment.set(row.assignmentId, peer);
		}
		if (row.criterionId) peer.values[row.criterionId] = row.value;
	}
	return [...byAssignment.values()];
}

// ---------------------------------------------------------------------------------------------
// Saving

export type SaveScoreInput = {
	judgeId: string;
	assignmentId: string;
	/** criterion id → value (null: not chosen). Criteria left out are saved as not chosen. */
	values: Record<string, number | null>;
	comments?: Record<string, string>;
	overallComment?: string;
	feedback?: string;
	privateNote?: string;
	intent: 'draft' | 'submit';
};

function checkText(value: unknown, field: string, max: number): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') throw new ServiceError(400, m.form_has_errors(), field);
	if (value.length > max) throw new ServiceError(400, m.judge_text_too_long({ max }), field);
	return value;
}

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
	input: SaveScoreInput,
	at: Date = now()
): Promise<{ status: 'draft' | 'submitted'; totalHundredths: number | null; roundId: string }> {
	if (input.intent !== 'draft' && input.intent !== 'submit') throw notFound();
	const overallComment = checkText(input.overallComment, 'overallComment', MAX_SHEET_TEXT);
	const feedback = checkText(input.feedback, 'feedback', MAX_SHEET_TEXT);
	const privateNote = checkText(input.privateNote, 'privateNote', MAX_SHEET_TEXT);
	const values = input.values ?? {};
	const comments = input.comments ?? {};
	if (typeof values !== 'object' || typeof comments !== 'object')
		throw new ServiceError(400, m.form_has_errors());

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
			and(
				eq(assignments.id, input.assignmentId),
				eq(assignments.judgeId, input.judgeId),
				liveAssignment
			)
		)
		.orderBy(asc(rubricCriteria.position));
	const context = rows[0];
	if (!context || !isWindowOpen(context, at)) throw notFound();
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
	const known = new Set(criteria.map((criterion) => criterion.id));
	for (const key of [...Object.keys(values), ...Object.keys(comments)])
		if (!known.has(key)) throw new ServiceError(400, m.judge_unknown_criterion(), 'form');

	const submitted = input.intent === 'submit';
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
	const items = criteria.map((criterion) => ({
		...criterion,
		value: sheet[criterion.id],
		comment: checkText(comments[criterion.id], `comment.${criterion.id}`, MAX_CRITERION_COMMENT)
	}));
	const total = submitted ? weightedTotal(criteria, sheet) : null;
	const status = submitted ? ('submitted' as const) : ('draft' as const);
	const stamp = at.toISOString();

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
				select ${input.judgeId}::uuid, 'score.submitted', 'assignment', saved.assignment_id::text,
					${JSON.stringify({ totalHundredths: total })}::jsonb, ${stamp}::timestamptz
				from saved
			)`
		: sql``;

	const statement = sql`
		with target as (
			select ${assignments.id} as assignment_id
			from ${assignments} inner join ${rounds} on ${rounds.id} = ${assignments.roundId}
				inner join ${entries} on ${entries.id} = ${assignments.entryId}
			where ${assignments.id} = ${input.assignmentId} and ${assignments.judgeId} = ${input.judgeId}
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
	if (!saved) throw notFound();
	return { status, totalHundredths: total, roundId: context.roundId };
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/**
 * A judge declares a conflict with the team of an assigned entry: the conflict is recorded as
 * confirmed (which suspends every assignment of this judge to that team's entry, by trigger: the
 * sheet is kept but hidden and counted nowhere) and the entry given another judge, all in one
 * transaction. Only inside the round's window (404 otherwise, as for anyone else's assignment).
 */
export async function declareConflictOnEntry(
	db: Executor,
	judgeId: string,
	assignmentId: string,
	reason: string,
	at: Date = now(),
	baseUrl = ''
): Promise<{ roundId: string; added: number; short: number }> {
	const text = checkText(reason, 'reason', MAX_CONFLICT_REASON).trim();
	return db.transaction(async (tx) => {
		const [context] = await tx
			.select({
				roundId: rounds.id,
				state: rounds.state,
				opensAt: rounds.opensAt,
				closesAt: rounds.closesAt,
				challengeId: rounds.challengeId,
				entryId: assignments.entryId,
				teamId: entries.teamId
			})
			.from(assignments)
			.innerJoin(rounds, eq(rounds.id, assignments.roundId))
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId)))
			.limit(1);
		if (!context || !isWindowOpen(context, at)) throw notFound();
		await tx.insert(judgeConflicts).values({
			challengeId: context.challengeId,
			judgeId,
			kind: 'team',
			teamId: context.teamId,
			value: '',
			reason: text,
			source: 'judge',
			status: 'confirmed',
			createdAt: at
		});
		await recordAudit(tx, {
			actorId: judgeId,
			action: 'judge.conflict_declared',
			entityType: 'assignment',
			entityId: assignmentId,
			data: { roundId: context.roundId, entryId: context.entryId }
		});
		const { assignmentIds, ...filled } = await fillEntry(tx, context.roundId, context.entryId);
		// The judge who takes the entry over hears of it like any judge given new work.
		await mailNewAssignments(tx, context.roundId, assignmentIds, baseUrl);
		return { roundId: context.roundId, ...filled };
	});
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * A file of an assigned entry for the judge: the cover always, the deck only outside blind
 * rounds (its PDF properties may name the team). Null for anything else, so the route answers
 * 404 exactly as for a missing file.
 */
export async function findJudgeFile(
	db: Executor,
	judgeId: string,
	assignmentId: string,
	kind: 'cover' | 'deck'
): Promise<{ file: StoredFile; label: number } | null> {
	const [row] = await joinJudgedEntry(
		db
			.select({
				file: files,
				label: roundEntries.label,
				blind: rounds.blind,
				state: rounds.state
			})
			.from(assignments)
			.$dynamic()
	)
		// The judged version's file, kept for it whatever the team uploads later.
		.innerJoin(
			files,
			and(
				sql`${files.id}::text = ${entryVersions.content} ->> ${kind === 'cover' ? 'coverFileId' : 'deckFileId'}`,
				eq(files.teamId, entries.teamId),
				eq(files.kind, kind)
			)
		)
		.where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId), liveAssignment))
		.limit(1);
	if (!row || !VISIBLE_STATES.includes(row.state as (typeof VISIBLE_STATES)[number])) return null;
	if (kind === 'deck' && row.blind) return null;
	return { file: row.file, label: row.label };
}
