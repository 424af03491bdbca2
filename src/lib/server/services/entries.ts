import { and, desc, eq, sql } from 'drizzle-orm';
import { completion, missingAnswers } from '$lib/domain/entry-checklist';
import { formQuestionsOfStep } from '$lib/schemas/entry';
import { type EditableStep, type QuestionKey } from '$lib/domain/entry-fields';
import { fingerprint, mergeFields, type FieldValue } from '$lib/domain/entry-merge';
import { nextStatus, refusal, type EntryAction } from '$lib/domain/entry-status';
import type { TeamProblem } from '$lib/domain/eligibility';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor } from '../db';
import {
	entries,
	entryVersions,
	files,
	teams,
	type Challenge,
	type Entry,
	type StoredFile
} from '../db/schema';
import { ServiceError } from '../errors';
import type { FileStore } from '../files/store';
import { enqueueEmail } from '../mail/outbox';
import { teamEmails } from '../mail/team-templates';
import type { Actor, ActorWith } from '../request';
import { saveTeamFile } from './files';
import { addSubmittedEntryToFirstRound } from './rounds';
import { problemsOf, teamFacts } from './team-eligibility';
import { findMembership } from './teams';

/** Question key → the entry column that stores it (files are linked by id). */
export function answerOf(entry: Entry, key: QuestionKey): FieldValue {
	if (key === 'cover') return entry.coverFileId;
	if (key === 'deck') return entry.deckFileId;
	return (entry as unknown as Record<string, FieldValue>)[key] ?? null;
}

export function stepValues(entry: Entry, step: EditableStep): Record<string, FieldValue> {
	return Object.fromEntries(formQuestionsOfStep(step).map((key) => [key, answerOf(entry, key)]));
}

export function stepFingerprints(entry: Entry, step: EditableStep): Record<string, string> {
	return Object.fromEntries(
		formQuestionsOfStep(step).map((key) => [key, fingerprint(answerOf(entry, key))])
	);
}

export async function getTeamEntry(db: Executor, teamId: string): Promise<Entry> {
	const [entry] = await db.select().from(entries).where(eq(entries.teamId, teamId)).limit(1);
	if (!entry) throw ServiceError.notFound();
	return entry;
}

function refuse(
	action: EntryAction,
	entry: Pick<Entry, 'status'>,
	challenge: Challenge,
	field?: string
): void {
	const reason = refusal(entry.status, action, {
		opensAt: challenge.submissionsOpenAt,
		deadline: challenge.submissionDeadlineAt,
		now: now()
	});
	if (!reason) return;
	const message = {
		deadline_passed: () => m.entry_error_deadline_passed(),
		not_open: () => m.entry_error_not_open(),
		not_submitted: () => m.entry_error_not_submitted()
	}[reason]();
	throw new ServiceError(409, message, field);
}

async function requireMembership(db: Executor, userId: string, challenge: Challenge) {
	const membership = await findMembership(db, userId, challenge.id);
	if (!membership) throw ServiceError.notFound();
	return membership;
}

export type SaveResult =
	| { saved: true; revision: number; fingerprints: Record<string, string>; changed: string[] }
	| {
			saved: false;
			conflicts: string[];
			/** What others saved, for the conflicting questions. */
			theirs: Record<string, FieldValue>;
			fingerprints: Record<string, string>;
	  };

/**
 * Saves one step of the team's entry: a three-way merge against what the form started from, in
 * one transaction with the entry row locked. A conflict saves nothing and returns the other text.
 */
export async function saveEntryStep(
	db: Database,
	actor: Actor,
	input: {
		challenge: Challenge;
		step: EditableStep;
		values: Record<string, FieldValue>;
		base: Record<string, string>;
	}
): Promise<SaveResult> {
	const { challenge, step, values, base } = input;
	const userId = actor.actorId;
	return db.transaction(async (tx) => {
		const membership = await requireMembership(tx, userId, challenge);
		const [entry] = await tx
			.select()
			.from(entries)
			.where(eq(entries.teamId, membership.teamId))
			.for('update')
			.limit(1);
		if (!entry) throw ServiceError.notFound();
		refuse('edit', entry, challenge);
		const keys = formQuestionsOfStep(step);
		const stored = stepValues(entry, step);
		const { changes, conflicts } = mergeFields(keys, values, stored, base);
		if (conflicts.length > 0)
			return {
				saved: false,
				conflicts,
				theirs: Object.fromEntries(conflicts.map((key) => [key, stored[key]])),
				fingerprints: stepFingerprints(entry, step)
			};
		const changed = Object.keys(changes);
		if (changed.length === 0)
			return {
				saved: true,
				revision: entry.revision,
				fingerprints: stepFingerprints(entry, step),
				changed
			};
		const [updated] = await tx
			.update(entries)
			.set({ ...(changes as Partial<Entry>), revision: entry.revision + 1, updatedAt: now() })
			.where(eq(entries.id, entry.id))
			.returning();
		await recordAudit(tx, {
			actorId: userId,
			action: 'entry.edit',
			entityType: 'entry',
			entityId: entry.id,
			data: { step, fields: changed },
			ipAddress: actor.ipAddress
		});
		return {
			saved: true,
			revision: updated.revision,
			fingerprints: stepFingerprints(updated, step),
			changed
		};
	});
}

/**
 * Links a stored file of the team as the entry's cover or deck, with the entry locked, and
 * returns the id of the file it replaces (the caller deletes that one in the same transaction,
 * unless a submitted version or the gallery still needs it: see `uploadEntryFile`).
 */
export async function attachEntryFile(
	db: Executor,
	actor: Actor,
	input: { challenge: Challenge; kind: 'cover' | 'deck'; fileId: string }
): Promise<string | null> {
	const { challenge, kind, fileId } = input;
	const userId = actor.actorId;
	return db.transaction(async (tx) => {
		const membership = await requireMembership(tx, userId, challenge);
		const [entry] = await tx
			.select()
			.from(entries)
			.where(eq(entries.teamId, membership.teamId))
			.for('update')
			.limit(1);
		if (!entry) throw ServiceError.notFound();
		refuse('edit', entry, challenge, kind);
		// Only a file of this team and of this kind (a member who moved teams meanwhile: 404).
		const [file] = await tx
			.select({ id: files.id })
			.from(files)
			.where(and(eq(files.id, fileId), eq(files.teamId, membership.teamId), eq(files.kind, kind)))
			.limit(1);
		if (!file) throw ServiceError.notFound(kind);
		const previous = kind === 'cover' ? entry.coverFileId : entry.deckFileId;
		await tx
			.update(entries)
			.set({
				...(kind === 'cover' ? { coverFileId: fileId } : { deckFileId: fileId }),
				revision: entry.revision + 1,
				updatedAt: now()
			})
			.where(eq(entries.id, entry.id));
		await recordAudit(tx, {
			actorId: userId,
			action: 'entry.upload',
			entityType: 'entry',
			entityId: entry.id,
			data: { kind, fileId, replaces: previous },
			ipAddress: actor.ipAddress
		});
		return previous === fileId ? null : previous;
	});
}

/**
 * Stores an uploaded cover or deck and makes it the entry's, in one transaction with the team
 * and the entry locked. Refused (nothing changes, the new bytes are removed) before or after the
 * deadline, over the quota, or for someone no longer in the team. The file it replaces is
 * deleted in that transaction only if nothing else needs it (a submitted version, the gallery),
 * and its bytes only after the commit.
 */
export async function uploadEntryFile(
	db: Database,
	store: FileStore,
	actor: Actor,
	input: { challenge: Challenge; kind: 'cover' | 'deck'; data: Uint8Array }
): Promise<StoredFile> {
	const { challenge } = input;
	const userId = actor.actorId;
	const membership = await requireMembership(db, userId, challenge);
	const entry = await getTeamEntry(db, membership.teamId);
	// Early, before the slow part; checked again with the entry locked.
	refuse('edit', entry, challenge, input.kind);
	return saveTeamFile(db, store, actor, {
		teamId: membership.teamId,
		kind: input.kind,
		data: input.data,
		limits: challenge,
		replacesFileId: input.kind === 'cover' ? entry.coverFileId : entry.deckFileId,
		attach: (tx, file) =>
			attachEntryFile(tx, actor, { challenge, kind: input.kind, fileId: file.id })
	});
}

/** Everything in an entry that a submitted version keeps. */
function snapshot(entry: Entry): Record<string, unknown> {
	const { id: _id, teamId: _team, challengeId: _challenge, status: _status, ...content } = entry;
	return JSON.parse(JSON.stringify(content));
}

export class SubmissionRefused extends ServiceError {
	constructor(
		message: string,
		readonly missing: QuestionKey[],
		readonly problems: TeamProblem[]
	) {
		super(400, message, 'submit');
	}
}

/**
 * Submits the team's entry: complete, eligible, consented, between opening and deadline. The
 * entry row is locked, so parallel submits of the same content record a single version; a
 * submission after further edits records the next version (the last one counts).
 */
export async function submitEntry(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: { challenge: Challenge }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	const result = await db.transaction(async (tx) => {
		const membership = await requireMembership(tx, userId, challenge);
		if (membership.role !== 'lead') throw new ServiceError(403, m.team_error_lead_only(), 'submit');
		const [entry] = await tx
			.select()
			.from(entries)
			.where(eq(entries.teamId, membership.teamId))
			.for('update')
			.limit(1);
		refuse('submit', entry, challenge, 'submit');
		const [latest] = await tx
			.select({ number: entryVersions.number, revision: entryVersions.revision })
			.from(entryVersions)
			.where(eq(entryVersions.entryId, entry.id))
			.orderBy(desc(entryVersions.number))
			.limit(1);
		if (entry.status === 'submitted' && latest?.revision === entry.revision)
			return { entry, version: latest.number, created: false, members: [] };
		const missing = missingAnswers(entry);
		const members = await teamFacts(tx, membership.teamId, challenge.id);
		const problems = problemsOf(members, challenge);
		if (missing.length > 0 || problems.length > 0)
			throw new SubmissionRefused(m.entry_error_not_ready(), missing, problems);
		const number = (latest?.number ?? 0) + 1;
		await tx.insert(entryVersions).values({
			entryId: entry.id,
			number,
			revision: entry.revision,
			content: snapshot(entry),
			submittedBy: userId,
			submittedAt: now()
		});
		await tx
			.update(entries)
			.set({ status: nextStatus(entry.status, 'submit'), submittedAt: now(), withdrawnAt: null })
			.where(eq(entries.id, entry.id));
		await recordAudit(tx, {
			actorId: userId,
			action: 'entry.submit',
			entityType: 'entry',
			entityId: entry.id,
			data: { version: number, revision: entry.revision },
			ipAddress: actor.ipAddress
		});
		// A submitted entry takes part in the first judging round (once; resubmitting adds nothing).
		await addSubmittedEntryToFirstRound(tx, entry.id);
		for (const member of members)
			await enqueueEmail(tx, {
				to: member.email,
				userId: member.userId,
				template: 'entry_submitted',
				...teamEmails.submitted(member.locale === 'ko' ? 'ko' : 'en', {
					name: member.name,
					team: membership.teamName,
					title: entry.title,
					version: number,
					url: `${actor.baseUrl}/team`
				})
			});
		return { entry, version: number, created: true, members };
	});
	return { version: result.version, created: result.created };
}

export async function withdrawEntry(
	db: Database,
	actor: ActorWith<'baseUrl'>,
	input: { challenge: Challenge }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	await db.transaction(async (tx) => {
		const membership = await requireMembership(tx, userId, challenge);
		if (membership.role !== 'lead')
			throw new ServiceError(403, m.team_error_lead_only(), 'withdraw');
		const [entry] = await tx
			.select()
			.from(entries)
			.where(eq(entries.teamId, membership.teamId))
			.for('update')
			.limit(1);
		refuse('withdraw', entry, challenge, 'withdraw');
		await tx
			.update(entries)
			.set({ status: nextStatus(entry.status, 'withdraw'), withdrawnAt: now() })
			.where(eq(entries.id, entry.id));
		await recordAudit(tx, {
			actorId: userId,
			action: 'entry.withdraw',
			entityType: 'entry',
			entityId: entry.id,
			ipAddress: actor.ipAddress
		});
		for (const member of await teamFacts(tx, membership.teamId, challenge.id))
			await enqueueEmail(tx, {
				to: member.email,
				userId: member.userId,
				template: 'entry_withdrawn',
				...teamEmails.withdrawn(member.locale === 'ko' ? 'ko' : 'en', {
					name: member.name,
					team: membership.teamName,
					title: entry.title,
					url: `${actor.baseUrl}/team`
				})
			});
	});
}

/** The entry as the team dashboard sums it up. */
export async function entrySummary(db: Executor, entry: Entry) {
	const [latest] = await db
		.select({
			number: entryVersions.number,
			revision: entryVersions.revision,
			submittedAt: entryVersions.submittedAt
		})
		.from(entryVersions)
		.where(eq(entryVersions.entryId, entry.id))
		.orderBy(desc(entryVersions.number))
		.limit(1);
	return {
		id: entry.id,
		status: entry.status,
		title: entry.title,
		revision: entry.revision,
		missing: missingAnswers(entry),
		completion: completion(entry),
		latestVersion: latest ?? null,
		unsubmittedChanges:
			entry.status === 'submitted' && latest !== undefined && latest.revision !== entry.revision
	};
}

export async function countSubmittedVersions(db: Executor, entryId: string): Promise<number> {
	const [row] = await db
		.select({ value: sql<number>`count(*)::int` })
		.from(entryVersions)
		.where(eq(entryVersions.entryId, entryId));
	return Number(row?.value ?? 0);
}

export { teams };
