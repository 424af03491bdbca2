import { ageOn } from './age';

/**
 * Who may take part: age on the submission deadline within the challenge's range, teams within
 * the size range, and a guardian's consent for anyone under 18 on the deadline.
 */
export const AGE_OF_MAJORITY = 18;

export type AgeRule = { minAge: number; maxAge: number; deadline: Date };
export type TeamSizeRule = { teamMinSize: number; teamMaxSize: number };

export type AgeProblem = 'too_young' | 'too_old';

export function ageProblem(dateOfBirth: string, rule: AgeRule): AgeProblem | null {
	const age = ageOn(dateOfBirth, rule.deadline);
	if (age < rule.minAge) return 'too_young';
	if (age > rule.maxAge) return 'too_old';
	return null;
}

export function isMinorOnDeadline(dateOfBirth: string, deadline: Date): boolean {
	return ageOn(dateOfBirth, deadline) < AGE_OF_MAJORITY;
}

export function canAddMember(currentSize: number, rule: TeamSizeRule): boolean {
	return currentSize < rule.teamMaxSize;
}

export type TeamMemberFacts = {
	userId: string;
	dateOfBirth: string;
	/** A guardian's consent is on record for this challenge. */
	consented: boolean;
};

export type TeamProblem =
	| { kind: 'too_small'; min: number }
	| { kind: 'too_large'; max: number }
	| { kind: 'age'; userId: string; problem: AgeProblem }
	| { kind: 'consent'; userId: string };

/** Everything that keeps a team from submitting, in a stable order (empty: eligible). */
export function teamProblems(
	members: TeamMemberFacts[],
	rule: AgeRule & TeamSizeRule
): TeamProblem[] {
	const problems: TeamProblem[] = [];
	if (members.length < rule.teamMinSize)
		problems.push({ kind: 'too_small', min: rule.teamMinSize });
	if (members.length > rule.teamMaxSize)
		problems.push({ kind: 'too_large', max: rule.teamMaxSize });
	for (const member of members) {
		const problem = ageProblem(member.dateOfBirth, rule);
		if (problem) problems.push({ kind: 'age', userId: member.userId, problem });
		else if (isMinorOnDeadline(member.dateOfBirth, rule.deadline) && !member.consented)
			problems.push({ kind: 'consent', userId: member.userId });
	}
	return problems;
}
