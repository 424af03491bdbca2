import { acceptsReminders } from '$lib/domain/round';
import { and, asc, count, eq, gt, inArray, max, ne, or, sql, isNull } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { recordAudit } from '../audit';
import { addMilliseconds, MINUTE, now } from '../clock';
import type { Database, Executor } from '../db';
import {
	assignments,
	auditLog,
	challenges,
	entries,
	roundEntries,
	rounds,
	scores,
	tracks,
	users
} from '../db/schema';
import { ServiceError } from '../errors';
import { displayZones, formatDateTime } from '../format';
import { enqueueEmail } from '../mail/outbox';
import { judgingEmails } from '../mail/judging-templates';
import { countEntriesWithoutJudge } from './rounds';
import type { ActorWith } from '../request';

/** A judge reminded this recently is not emailed again by another click. */
export const REMINDER_COOLDOWN = 10 * MINUTE;
/** Audit action recorded once per judge reminded; its time is the judge's "last reminded". */
export const REMINDER_ACTION = 'judging.reminder_sent';
export const PROGRESS_PAGE_SIZE = 100;

const submitted = sql<number>`count(*) filter (where ${scores.status} = 'submitted')::int`;
const drafts = sql<number>`count(*) filter (where ${scores.status} = 'draft')::int`;
/**
 * Assignments of the round that count: the entry still takes part (withdrawn entries count
 * nowhere) and no conflict suspends the pair.
 */
const liveAssignments = (roundId: string) =>
	and(
		eq(assignments.roundId, roundId),
		ne(entries.status, 'withdrawn'),
		isNull(assignments.suspendedAt)
	);

export type ProgressTotals = {
	assignments: number;
	submitted: number;
	drafts: number;
	notStarted: number;
	percent: number;
	/** Entries taking part in the round (withdrawn ones left out). */
	entries: number;
	/** Of those, entries nobody scores: no judge, or only judges a conflict suspends. */
	entriesWithoutJudge: number;
};

export type JudgeProgress = {
	judgeId: string;
	name: string;
	assigned: number;
	submitted: number;
	drafts: number;
	notStarted: number;
	lastActivity: Date | null;
	lastReminded: Date | null;
};

export type EntryProgress = {
	entryId: string;
	label: number;
	title: string;
	track: LocalizedText | null;
	assigned: number;
	submitted: number;
	/** Mean weighted total (0–100, in hundredths) of submitted scores only; null without any. */
	meanHundredths: number | null;
};

/** When each judge was last reminded about this round (from the audit log). */
async function lastReminders(db: Executor, roundId: string, judgeIds: string[]) {
	if (judgeIds.length === 0) return new Map<string, Date>();
	const rows = await db
		.select({ judgeId: auditLog.entityId, at: max(auditLog.createdAt) })
		.from(auditLog)
		.where(
			and(
				eq(auditLog.entityType, 'user'),
				inArray(auditLog.entityId, judgeIds),
				eq(auditLog.action, REMINDER_ACTION),
				sql`${auditLog.data} ->> 'roundId' = ${roundId}`
			)
		)
		.groupBy(auditLog.entityId);
	return new Map(
		rows.flatMap((row) => (row.judgeId && row.at ? [[row.judgeId, row.at] as const] : []))
	);
}

/**
 * Totals and the work of every judge of a round: five set-based queries. The totals count the
 * entries with no judge too: score sheets alone would read "2 of 2 submitted" while most entries
 * have nobody to score them.
 */
export async function getRoundProgress(
	db: Executor,
	roundId: string
): Promise<{ totals: ProgressTotals; byJudge: JudgeProgress[] }> {
	const [[totals], judgeRows, [entryCount], entriesWithoutJudge] = await Promise.all([
		db
			.select({ total: count(), submitted, drafts })
			.from(assignments)
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.leftJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(liveAssignments(roundId)),
		db
			.select({
				judgeId: assignments.judgeId,
				name: users.name,
				assigned: count(),
				submitted,
				drafts,
				lastActivity: max(scores.updatedAt)
			})
			.from(assignments)
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.innerJoin(users, eq(users.id, assignments.judgeId))
			.leftJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(liveAssignments(roundId))
			.groupBy(assignments.judgeId, users.name)
			.orderBy(asc(users.name), asc(assignments.judgeId)),
		db
			.select({ total: count() })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.where(and(eq(roundEntries.roundId, roundId), ne(entries.status, 'withdrawn'))),
		countEntriesWithoutJudge(db, roundId)
	]);
	const reminded = await lastReminders(
		db,
		roundId,
		judgeRows.map((row) => row.judgeId)
	);
	const total = totals?.total ?? 0;
	const done = totals?.submitted ?? 0;
	const draftCount = totals?.drafts ?? 0;
	return {
		totals: {
			assignments: total,
			submitted: done,
			drafts: draftCount,
			notStarted: total - done - draftCount,
			percent: total === 0 ? 0 : Math.floor((done / total) * 100),
			entries: entryCount?.total ?? 0,
			entriesWithoutJudge
		},
		byJudge: judgeRows.map((row) => ({
			judgeId: row.judgeId,
			name: row.name,
			assigned: row.assigned,
			submitted: row.submitted,
			drafts: row.drafts,
			notStarted: row.assigned - row.submitted - row.drafts,
			lastActivity: row.lastActivity ?? null,
			lastReminded: reminded.get(row.judgeId) ?? null
		}))
	};
}

/**
 * One page of the round's entries (by label, withdrawn ones left out) with their number of
 * judges, submitted scores, and the mean of submitted totals. Drafts never count.
 */
export async function getEntryProgress(
	db: Executor,
	roundId: string,
	options: { afterLabel?: number; pageSize?: number } = {}
): Promise<{ rows: EntryProgress[]; nextAfter: number | null }> {
	const pageSize = options.pageSize ?? PROGRESS_PAGE_SIZE;
	const rows = await db
		.select({
			entryId: entries.id,
			label: roundEntries.label,
			title: entries.title,
			track: tracks.name,
			assigned: sql<number>`count(${assignments.id})::int`,
			submitted,
			mean: sql<
				string | null
			>`avg(${scores.totalHundredths}) filter (where ${scores.status} = 'submitted')`
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.leftJoin(tracks, eq(tracks.id, entries.trackId))
		.leftJoin(
			assignments,
			and(
				eq(assignments.roundId, roundEntries.roundId),
				eq(assignments.entryId, entries.id),
				isNull(assignments.suspendedAt)
			)
		)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(roundEntries.roundId, roundId),
				ne(entries.status, 'withdrawn'),
				options.afterLabel !== undefined ? gt(roundEntries.label, options.afterLabel) : undefined
			)
		)
		.groupBy(roundEntries.label, entries.id, tracks.name)
		.orderBy(asc(roundEntries.label))
		.limit(pageSize + 1);
	const more = rows.length > pageSize;
	const shown = more ? rows.slice(0, pageSize) : rows;
	return {
		rows: shown.map((row) => ({
			entryId: row.entryId,
			label: row.label,
			title: row.title,
			track: row.track ?? null,
			assigned: row.assigned,
			submitted: row.submitted,
			meanHundredths: row.mean === null ? null : Math.round(Number(row.mean))
		})),
		nextAfter: more ? shown[shown.length - 1]!.label : null
	};
}

export type ReminderResult = { sent: number; skipped: number; pending: number };

const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/**
 * Emails every judge with unfinished work in an open round (each in their own language), in one
 * transaction. Judges reminded about this round in the last 10 minutes are skipped, so a second
 * click does not spam them. Each judge reminded gets an audit entry (their "last reminded").
 */
export async function sendReminders(
	db: Database,
	actor: ActorWith<'locale'>,
	input: { roundId: string }
): Promise<ReminderResult> {
	const { roundId } = input;
	const { actorId, locale } = actor;
	const baseUrl = actor.baseUrl ?? '';
	return db.transaction(async (tx) => {
		const [round] = await tx
			.select({
				name: rounds.name,
				state: rounds.state,
				closesAt: rounds.closesAt,
				challengeTitle: challenges.title,
				timeZone: challenges.timeZone
			})
			.from(rounds)
			.innerJoin(challenges, eq(challenges.id, rounds.challengeId))
			.where(eq(rounds.id, roundId))
			.for('update', { of: rounds })
			.limit(1);
		if (!round) throw new ServiceError(404, m.assign_error_round_not_found({}, { locale }));
		if (!acceptsReminders(round.state))
			throw new ServiceError(409, m.assign_error_reminders_closed({}, { locale }));

		const unfinished = await tx
			.select({
				judgeId: assignments.judgeId,
				name: users.name,
				email: users.email,
				locale: users.locale,
				unfinished: count(),
				drafts
			})
			.from(assignments)
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.innerJoin(users, eq(users.id, assignments.judgeId))
			.leftJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(and(liveAssignments(roundId), or(isNull(scores.status), eq(scores.status, 'draft'))))
			.groupBy(assignments.judgeId, users.name, users.email, users.locale)
			.orderBy(asc(users.name));
		const since = addMilliseconds(now(), -REMINDER_COOLDOWN);
		const recent = await lastReminders(
			tx,
			roundId,
			unfinished.map((row) => row.judgeId)
		);
		const due = unfinished.filter((row) => {
			const at = recent.get(row.judgeId);
			return !at || at.getTime() <= since.getTime();
		});

		for (const judge of due) {
			const judgeLocale = asLocale(judge.locale);
			await enqueueEmail(tx, {
				to: judge.email,
				userId: judge.judgeId,
				template: 'judging_reminder',
				...judgingEmails.reminder(judgeLocale, {
					name: judge.name,
					round: round.name,
					challenge: localize(round.challengeTitle, judgeLocale),
					unfinished: judge.unfinished,
					drafts: judge.drafts,
					closesAt: formatDateTime(round.closesAt, judgeLocale, displayZones(null, round.timeZone)),
					url: `${baseUrl}/judge`
				})
			});
		}
		if (due.length > 0)
			await tx.insert(auditLog).values(
				due.map((judge) => ({
					actorId,
					action: REMINDER_ACTION,
					entityType: 'user',
					entityId: judge.judgeId,
					data: { roundId, unfinished: judge.unfinished },
					createdAt: now()
				}))
			);
		const result = {
			sent: due.length,
			skipped: unfinished.length - due.length,
			pending: unfinished.length
		};
		await recordAudit(tx, {
			actorId,
			action: 'round.reminders',
			entityType: 'round',
			entityId: roundId,
			data: result
		});
		return result;
	});
}
