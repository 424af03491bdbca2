/**
 * The round's rules: its states and transitions (draft → open → closed → decided, or closed →
 * open again), the scoring window, what judges see in each state, when a judge sees the other
 * judges' scores and when teams may read feedback. Services and routes ask here, so a page and
 * the service behind it cannot disagree.
 */
export const ROUND_STATES = ['draft', 'open', 'closed', 'decided'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_TRANSITIONS = ['open', 'close', 'reopen', 'decide'] as const;
export type RoundTransition = (typeof ROUND_TRANSITIONS)[number];

/** Which transitions a round in a state offers (the page shows exactly these). */
export function availableTransitions(state: RoundState): RoundTransition[] {
	switch (state) {
		case 'draft':
			return ['open'];
		case 'open':
			return ['close'];
		case 'closed':
			return ['reopen', 'decide'];
		case 'decided':
			return [];
	}
}

export type RoundWindow = { state: RoundState; opensAt: Date; closesAt: Date };

/** Scores may be written while the round is open and the clock is inside its window. */
export function isWindowOpen(round: RoundWindow, at: Date): boolean {
	return (
		round.state === 'open' &&
		round.opensAt.getTime() <= at.getTime() &&
		at.getTime() < round.closesAt.getTime()
	);
}

/** Judges see the entries of rounds that have been opened (read-only once closed). */
export const JUDGE_VISIBLE_STATES = ['open', 'closed', 'decided'] as const satisfies RoundState[];

export function isVisibleToJudges(state: RoundState): boolean {
	return (JUDGE_VISIBLE_STATES as readonly RoundState[]).includes(state);
}

export type PeerScoresSetting = 'never' | 'after_submit';

/** A judge sees the other judges' scores of an entry only once their own sheet is submitted. */
export function peersVisible(
	setting: PeerScoresSetting,
	ownStatus: 'not_started' | 'draft' | 'submitted' | null | undefined
): boolean {
	return setting === 'after_submit' && ownStatus === 'submitted';
}

/** Feedback may be released to teams once judging has ended (closed or decided). */
export function canReleaseFeedback(state: RoundState): boolean {
	return state === 'closed' || state === 'decided';
}

/** Reminders go to judges only while the round is open. */
export function acceptsReminders(state: RoundState): boolean {
	return state === 'open';
}
