import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { readVersionContent } from '$lib/domain/entry-version';
import { blindRedactor, type BlindLink, type TeamIdentity } from '$lib/domain/identity-redaction';
import { weightPercentages } from '$lib/domain/rubric';
import { isVisibleToJudges, isWindowOpen, peersVisible } from '$lib/domain/round';
import { now } from '../../clock';
import { type Executor } from '../../db';
import {
	assignments,
	entries,
	entryVersions,
	files,
	roundEntries,
	rounds,
	rubricCriteria,
	scoreItems,
	scores,
	teamMembers,
	teams,
	tracks,
	users,
	type RubricCriterion
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { renderMarkdown } from '../../markdown';
import { liveAssignment, type ScoreStatusView } from './shared';
import { joinJudgedEntry } from '../judged-assignments';

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
	if (!row || !isVisibleToJudges(row.round.state)) throw ServiceError.notFound();
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
		peersVisible(round.peerScores, score?.status)
			? peerScores(db, round.id, entry.id, assignmentId)
			: Promise.resolve([]),
		entryFiles(db, entry)
	]);

	const itemByCriterion = new Map(items.map((item) => [item.criterionId, item]));
	const percents = weightPercentages(criteria.map((criterion) => criterion.weight));
	const blind = round.blind ? identity : null;
	const redactor = blind ? blindRedactor(blind) : null;
	const answers = answerViews(entry, redactor);
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

type EntryContent = ReturnType<typeof readVersionContent>;

/**
 * A blind round never sends what the team wrote as such: the raw Markdown could carry a name
 * the redaction of the rendered text removed (an entity, an escape, emphasis inside a word).
 */
function answerViews(
	entry: EntryContent,
	redactor: ReturnType<typeof blindRedactor> | null
): AnswerView[] {
	return (Object.keys(TEXT_QUESTIONS) as TextQuestionKey[]).map((key) => {
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
}

/** The entry's cover and deck, when it has them. */
function entryFiles(db: Executor, entry: Pick<EntryContent, 'coverFileId' | 'deckFileId'>) {
	return entry.coverFileId || entry.deckFileId
		? db
				.select({ id: files.id, kind: files.kind, width: files.width, height: files.height })
				.from(files)
				.where(
					inArray(
						files.id,
						[entry.coverFileId, entry.deckFileId].filter((id): id is string => Boolean(id))
					)
				)
		: Promise.resolve([]);
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
