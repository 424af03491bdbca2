import { alias } from 'drizzle-orm/pg-core';
import {
	and,
	count,
	desc,
	eq,
	inArray,
	ne,
	notInArray,
	or,
	sql,
	type SQL,
	type SQLWrapper
} from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../../audit';
import { now } from '../../clock';
import type { Database, Executor } from '../../db';
import {
	entries,
	judgeConflicts,
	judgeProfiles,
	teamMembers,
	teams,
	userRoles,
	users,
	type JudgeConflict
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { encodeCursor, JUDGE_LIMITS, JUDGE_PAGE_SIZE, lockKey, timeCursor } from '../judge-common';
import { conflictName } from './pairs';
import type { Actor } from '../../request';

/**
 * Mail domains shared by unrelated people, ignored by the email-domain check. The reserved
 * example domains (RFC 2606) are in the list on purpose: every demo and test account uses
 * example.org, and flagging every demo judge for every demo team would bury real suggestions.
 * Tests of the check use a domain of their own (e.g. `*.test`).
 */
export const SHARED_MAIL_DOMAINS: readonly string[] = [
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'live.com',
	'msn.com',
	'yahoo.com',
	'naver.com',
	'daum.net',
	'hanmail.net',
	'kakao.com',
	'icloud.com',
	'me.com',
	'proton.me',
	'protonmail.com',
	'qq.com',
	'163.com',
	'gmx.de',
	'web.de',
	'mail.ru',
	'yandex.ru',
	'example.org',
	'example.com',
	'example.net'
];

/** Why the system flagged a judge against a team (stored in `reason` of system rows). */
export type DetectedReason = 'team_member' | 'same_organization' | 'email_domain';

export type ConflictRow = {
	id: string;
	judgeId: string;
	judgeName: string;
	judgeEmail: string;
	kind: JudgeConflict['kind'];
	teamId: string | null;
	teamName: string | null;
	value: string;
	reason: string;
	source: JudgeConflict['source'];
	status: JudgeConflict['status'];
	createdAt: Date;
	decidedAt: Date | null;
	decidedByName: string | null;
};

/** Conflicts of a challenge for organizers, newest first, keyset-paged; filter by status/judge. */
export async function listJudgeConflicts(
	db: Executor,
	input: {
		challengeId: string;
		status?: JudgeConflict['status'];
		judgeId?: string;
		after?: string;
		limit?: number;
	}
): Promise<{ conflicts: ConflictRow[]; nextAfter: string | null }> {
	const limit = input.limit ?? JUDGE_PAGE_SIZE;
	const after = timeCursor(input.after);
	const judge = alias(users, 'judge');
	const decider = alias(users, 'decider');
	const rows = await db
		.select({
			id: judgeConflicts.id,
			judgeId: judgeConflicts.judgeId,
			judgeName: judge.name,
			judgeEmail: judge.email,
			kind: judgeConflicts.kind,
			teamId: judgeConflicts.teamId,
			teamName: teams.name,
			value: judgeConflicts.value,
			reason: judgeConflicts.reason,
			source: judgeConflicts.source,
			status: judgeConflicts.status,
			createdAt: judgeConflicts.createdAt,
			decidedAt: judgeConflicts.decidedAt,
			decidedByName: decider.name
		})
		.from(judgeConflicts)
		.innerJoin(judge, eq(judge.id, judgeConflicts.judgeId))
		.leftJoin(teams, eq(teams.id, judgeConflicts.teamId))
		.leftJoin(decider, eq(decider.id, judgeConflicts.decidedBy))
		.where(
			and(
				eq(judgeConflicts.challengeId, input.challengeId),
				input.status ? eq(judgeConflicts.status, input.status) : undefined,
				input.judgeId ? eq(judgeConflicts.judgeId, input.judgeId) : undefined,
				after
					? sql`(${judgeConflicts.createdAt}, ${judgeConflicts.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
					: undefined
			)
		)
		.orderBy(desc(judgeConflicts.createdAt), desc(judgeConflicts.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		conflicts: page,
		nextAfter:
			rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null
	};
}

/** How many conflicts of each status a challenge has (for the organizer's tabs). */
export async function countJudgeConflicts(db: Executor, challengeId: string) {
	const rows = await db
		.select({ status: judgeConflicts.status, value: count() })
		.from(judgeConflicts)
		.where(eq(judgeConflicts.challengeId, challengeId))
		.groupBy(judgeConflicts.status);
	const counts = { suggested: 0, confirmed: 0, dismissed: 0 };
	for (const row of rows) counts[row.status] = Number(row.value);
	return counts;
}

async function decideConflict(
	db: Database,
	actor: Actor,
	input: { challengeId: string; conflictId: string },
	to: 'confirmed' | 'dismissed'
) {
	// Confirm: a suggestion, or undo a dismissal. Dismiss: a suggestion only — a judge's own
	// declaration is not overruled here.
	const from: JudgeConflict['status'][] =
		to === 'confirmed' ? ['suggested', 'dismissed'] : ['suggested'];
	await db.transaction(async (tx) => {
		const changed = await tx
			.update(judgeConflicts)
			.set({ status: to, decidedBy: actor.actorId, decidedAt: now() })
			.where(
				and(
					eq(judgeConflicts.id, input.conflictId),
					eq(judgeConflicts.challengeId, input.challengeId),
					inArray(judgeConflicts.status, from)
				)
			)
			.returning({ id: judgeConflicts.id, judgeId: judgeConflicts.judgeId });
		if (changed.length === 0) {
			const [exists] = await tx
				.select({ id: judgeConflicts.id })
				.from(judgeConflicts)
				.where(
					and(
						eq(judgeConflicts.id, input.conflictId),
						eq(judgeConflicts.challengeId, input.challengeId)
					)
				)
				.limit(1);
			if (!exists) throw ServiceError.notFound('conflictId');
			throw new ServiceError(409, m.judges_error_conflict_decided(), 'conflictId');
		}
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: to === 'confirmed' ? 'judge.conflict_confirm' : 'judge.conflict_dismiss',
			entityType: 'judge_conflict',
			entityId: input.conflictId,
			data: { judgeId: changed[0].judgeId },
			ipAddress: actor.ipAddress ?? null
		});
	});
}

export function confirmConflict(
	db: Database,
	actor: Actor,
	input: { challengeId: string; conflictId: string }
) {
	return decideConflict(db, actor, input, 'confirmed');
}

export function dismissConflict(
	db: Database,
	actor: Actor,
	input: { challengeId: string; conflictId: string }
) {
	return decideConflict(db, actor, input, 'dismissed');
}

type Candidate = { judgeId: string; teamId: string; reason: DetectedReason; detail: string };

/**
 * Flags likely conflicts for the organizers to decide (status 'suggested', source 'system'):
 * a judge who is a member of a team; a judge whose organization is an entry's partner (case and
 * spaces ignored); a judge who shares a mail domain with a team member (public providers
 * ignored). Idempotent: a judge/team/reason already flagged — even dismissed — is not flagged
 * again, nor a pair already blocked by a confirmed conflict. Three set-based queries.
 */
export async function detectConflicts(
	db: Executor,
	actor: Actor | null,
	input: { challengeId: string; judgeId?: string }
): Promise<{ detected: number }> {
	const { challengeId } = input;
	const options = { judgeId: input.judgeId, actorId: actor?.actorId, ipAddress: actor?.ipAddress };
	return db.transaction(async (tx) => {
		await lockKey(tx, `judge_conflicts:${challengeId}`);
		const candidates = await conflictCandidates(tx, challengeId, options.judgeId);
		if (candidates.length === 0) return { detected: 0 };
		const fresh = await unflaggedCandidates(tx, challengeId, options.judgeId, candidates);
		if (fresh.length > 0)
			await tx.insert(judgeConflicts).values(
				fresh.map((candidate) => ({
					challengeId,
					judgeId: candidate.judgeId,
					kind: 'team' as const,
					teamId: candidate.teamId,
					value: candidate.detail.slice(0, JUDGE_LIMITS.value),
					reason: candidate.reason,
					source: 'system' as const,
					status: 'suggested' as const,
					createdAt: now()
				}))
			);
		if (options.actorId)
			await recordAudit(tx, {
				actorId: options.actorId,
				action: 'judge.conflicts_detect',
				entityType: 'challenge',
				entityId: challengeId,
				data: { detected: fresh.length },
				ipAddress: options.ipAddress ?? null
			});
		return { detected: fresh.length };
	});
}

/** Scopes a query to one judge when detection runs for a single judge. */
function onlyJudge(column: SQLWrapper, judgeId: string | undefined): SQL | undefined {
	return judgeId ? sql`${column} = ${judgeId}` : undefined;
}

/** Every pair the three checks find, before leaving out what is already flagged or blocked. */
async function conflictCandidates(
	tx: Executor,
	challengeId: string,
	judgeId: string | undefined
): Promise<Candidate[]> {
	const isJudge = and(eq(userRoles.role, 'judge'), onlyJudge(userRoles.userId, judgeId));

	const judgeUser = alias(users, 'judge_user');
	const memberUser = alias(users, 'member_user');
	const domain = (column: SQLWrapper) => sql`split_part(${column}, '@', 2)`;

	const [members, sameOrganization, sameDomain] = await Promise.all([
		tx
			.selectDistinct({ judgeId: userRoles.userId, teamId: teamMembers.teamId })
			.from(userRoles)
			.innerJoin(
				teamMembers,
				and(eq(teamMembers.userId, userRoles.userId), eq(teamMembers.challengeId, challengeId))
			)
			.where(isJudge),
		tx
			.selectDistinct({
				judgeId: userRoles.userId,
				teamId: entries.teamId,
				detail: judgeProfiles.organization
			})
			.from(userRoles)
			.innerJoin(judgeProfiles, eq(judgeProfiles.userId, userRoles.userId))
			.innerJoin(
				entries,
				and(
					eq(entries.challengeId, challengeId),
					ne(entries.partner, ''),
					sql`${conflictName(entries.partner)} = ${conflictName(judgeProfiles.organization)}`
				)
			)
			.where(and(isJudge, sql`${conflictName(judgeProfiles.organization)} <> ''`)),
		tx
			.selectDistinct({
				judgeId: userRoles.userId,
				teamId: teamMembers.teamId,
				detail: sql<string>`${domain(judgeUser.email)}`
			})
			.from(userRoles)
			.innerJoin(judgeUser, eq(judgeUser.id, userRoles.userId))
			.innerJoin(memberUser, sql`${domain(memberUser.email)} = ${domain(judgeUser.email)}`)
			.innerJoin(
				teamMembers,
				and(eq(teamMembers.userId, memberUser.id), eq(teamMembers.challengeId, challengeId))
			)
			.where(
				and(
					isJudge,
					ne(memberUser.id, judgeUser.id),
					notInArray(domain(judgeUser.email), [...SHARED_MAIL_DOMAINS])
				)
			)
	]);

	return [
		...members.map((row) => ({ ...row, reason: 'team_member' as const, detail: '' })),
		...sameOrganization.map((row) => ({ ...row, reason: 'same_organization' as const })),
		...sameDomain.map((row) => ({ ...row, reason: 'email_domain' as const }))
	];
}

/** A judge/team/reason flagged before (even dismissed) or a pair already blocked is not flagged again. */
async function unflaggedCandidates(
	tx: Executor,
	challengeId: string,
	judgeId: string | undefined,
	candidates: Candidate[]
): Promise<Candidate[]> {
	const existing = await tx
		.select({
			judgeId: judgeConflicts.judgeId,
			teamId: judgeConflicts.teamId,
			reason: judgeConflicts.reason,
			source: judgeConflicts.source,
			status: judgeConflicts.status
		})
		.from(judgeConflicts)
		.where(
			and(
				eq(judgeConflicts.challengeId, challengeId),
				eq(judgeConflicts.kind, 'team'),
				or(eq(judgeConflicts.source, 'system'), eq(judgeConflicts.status, 'confirmed')),
				onlyJudge(judgeConflicts.judgeId, judgeId)
			)
		);
	const flagged = new Set(
		existing
			.filter((row) => row.source === 'system')
			.map((row) => `${row.judgeId}:${row.teamId}:${row.reason}`)
	);
	const blocked = new Set(
		existing
			.filter((row) => row.status === 'confirmed')
			.map((row) => `${row.judgeId}:${row.teamId}`)
	);
	const fresh: Candidate[] = [];
	for (const candidate of candidates) {
		const pair = `${candidate.judgeId}:${candidate.teamId}`;
		const key = `${pair}:${candidate.reason}`;
		if (flagged.has(key) || blocked.has(pair)) continue;
		flagged.add(key);
		fresh.push(candidate);
	}
	return fresh;
}
