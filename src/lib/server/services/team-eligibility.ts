import { and, eq } from 'drizzle-orm';
import { teamProblems, type TeamProblem } from '$lib/domain/eligibility';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../db';
import { entries, guardianConsents, teamMembers, users, type Challenge } from '../db/schema';
import { ServiceError } from '../errors';

/** What the eligibility rules read of each member of a team, and what mail needs of them. */
export async function teamFacts(db: Executor, teamId: string, challengeId: string) {
	return db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			locale: users.locale,
			dateOfBirth: users.dateOfBirth,
			consentedAt: guardianConsents.consentedAt
		})
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.leftJoin(
			guardianConsents,
			and(eq(guardianConsents.userId, users.id), eq(guardianConsents.challengeId, challengeId))
		)
		.where(eq(teamMembers.teamId, teamId));
}

type MemberFacts = Awaited<ReturnType<typeof teamFacts>>[number];

/** The rules a team of these members breaks (empty: it may submit), by the domain's one rule. */
export function problemsOf(members: MemberFacts[], challenge: Challenge): TeamProblem[] {
	return teamProblems(
		members.map((member) => ({
			userId: member.userId,
			dateOfBirth: member.dateOfBirth,
			consented: member.consentedAt !== null
		})),
		{
			minAge: challenge.minAge,
			maxAge: challenge.maxAge,
			deadline: challenge.submissionDeadlineAt,
			teamMinSize: challenge.teamMinSize,
			teamMaxSize: challenge.teamMaxSize
		}
	);
}

/**
 * The rules a team breaks, read from the database exactly as submitting reads them: the team
 * pages show these, so what a page says and what the submit rule decides cannot disagree.
 */
export async function teamEligibility(
	db: Executor,
	teamId: string,
	challenge: Challenge
): Promise<TeamProblem[]> {
	return problemsOf(await teamFacts(db, teamId, challenge.id), challenge);
}

/**
 * Re-checks a team whose membership (or a member's birth date) just changed, inside the
 * transaction that changed it: a submitted entry stays submitted only by an eligible team, so a
 * change that would make it ineligible is refused (the transaction rolls back) and the team is
 * told to withdraw first. Teams without a submitted entry may change freely; submitting checks.
 */
export async function assertSubmittedEntryStaysEligible(
	tx: Executor,
	teamId: string,
	challenge: Challenge,
	field: string
): Promise<void> {
	const [entry] = await tx
		.select({ status: entries.status })
		.from(entries)
		.where(eq(entries.teamId, teamId))
		.limit(1);
	if (entry?.status !== 'submitted') return;
	const problems = problemsOf(await teamFacts(tx, teamId, challenge.id), challenge);
	if (problems.length === 0) return;
	const problem = problems[0]!;
	throw new ServiceError(
		409,
		problem.kind === 'consent'
			? m.team_error_submitted_needs_consent()
			: m.team_error_submitted_ineligible(),
		field
	);
}
