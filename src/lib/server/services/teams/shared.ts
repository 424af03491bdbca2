/** What every team action checks: the deadline, the person, the lead. */
import { and, eq } from 'drizzle-orm';
import { ageProblem } from '$lib/domain/eligibility';
import { m } from '$lib/paraglide/messages';
import { DAY, now } from '../../clock';
import type { Executor } from '../../db';
import { teamMembers, teams, users, type Challenge } from '../../db/schema';
import { violatedConstraint } from '../../db/errors';
import { ServiceError } from '../../errors';

export const EMAIL_INVITE_LIFETIME = 7 * DAY;
export const MAX_OPEN_INVITES = 20;

export type Membership = { teamId: string; teamName: string; role: 'lead' | 'member' };

/** The team a person belongs to in a challenge, if any. */
export async function findMembership(
	db: Executor,
	userId: string,
	challengeId: string
): Promise<Membership | null> {
	const rows = await db
		.select({ teamId: teams.id, teamName: teams.name, role: teamMembers.role })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(and(eq(teamMembers.userId, userId), eq(teamMembers.challengeId, challengeId)))
		.limit(1);
	return rows[0] ?? null;
}

export function assertBeforeDeadline(challenge: Challenge) {
	if (now().getTime() >= challenge.submissionDeadlineAt.getTime())
		throw new ServiceError(409, m.team_error_deadline_passed());
}

export async function loadPerson(db: Executor, userId: string) {
	const [person] = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			dateOfBirth: users.dateOfBirth,
			emailVerifiedAt: users.emailVerifiedAt,
			locale: users.locale
		})
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	if (!person) throw new ServiceError(404, m.error_unknown_user());
	return person;
}

/** Age on the deadline within the range; a confirmed email address. */
export function assertMayJoin(
	person: { dateOfBirth: string; emailVerifiedAt: Date | null },
	challenge: Challenge,
	field: string
) {
	if (!person.emailVerifiedAt) throw new ServiceError(403, m.team_error_unverified(), field);
	const problem = ageProblem(person.dateOfBirth, {
		minAge: challenge.minAge,
		maxAge: challenge.maxAge,
		deadline: challenge.submissionDeadlineAt
	});
	if (problem)
		throw new ServiceError(
			403,
			problem === 'too_young'
				? m.team_error_too_young({ min: challenge.minAge })
				: m.team_error_too_old({ max: challenge.maxAge }),
			field
		);
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
	return violatedConstraint(error) === constraint;
}

/** The lead's team, or 404: the caller acts only on the team they lead. */
export async function requireLead(db: Executor, userId: string, challengeId: string) {
	const membership = await findMembership(db, userId, challengeId);
	if (!membership) throw ServiceError.notFound();
	if (membership.role !== 'lead') throw new ServiceError(403, m.team_error_lead_only());
	return membership;
}
