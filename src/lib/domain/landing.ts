/**
 * Where a person lands after signing in (when no `next` says otherwise): where their work is.
 * An organizer runs the challenge, a judge scores, a team member works on the entry; anyone else
 * (a new account, a judge-to-be before accepting) sees their account. Organizer first: an
 * organizer who also judges came to run the challenge more often than not.
 */
export type LandingFacts = {
	roles: readonly ('judge' | 'organizer')[];
	/** A member of a team in the running challenge. */
	inTeam: boolean;
};

export type LandingPath = '/admin' | '/judge' | '/team' | '/account';

export function landingPath(facts: LandingFacts): LandingPath {
	if (facts.roles.includes('organizer')) return '/admin';
	if (facts.roles.includes('judge')) return '/judge';
	if (facts.inTeam) return '/team';
	return '/account';
}
