import { describe, expect, it } from 'vitest';
import {
	acceptsReminders,
	availableTransitions,
	canReleaseFeedback,
	isVisibleToJudges,
	isWindowOpen,
	peersVisible,
	ROUND_STATES
} from './round';

const opensAt = new Date('2026-05-01T00:00:00Z');
const closesAt = new Date('2026-05-08T00:00:00Z');

describe('round rules', () => {
	it('offers the transitions of the state machine', () => {
		expect(availableTransitions('draft')).toEqual(['open']);
		expect(availableTransitions('open')).toEqual(['close']);
		expect(availableTransitions('closed')).toEqual(['reopen', 'decide']);
		expect(availableTransitions('decided')).toEqual([]);
	});

	it('opens the scoring window only while open, from its start to before its end', () => {
		const round = { state: 'open' as const, opensAt, closesAt };
		expect(isWindowOpen(round, new Date(opensAt.getTime() - 1))).toBe(false);
		expect(isWindowOpen(round, opensAt)).toBe(true);
		expect(isWindowOpen(round, new Date(closesAt.getTime() - 1))).toBe(true);
		expect(isWindowOpen(round, closesAt)).toBe(false);
		expect(isWindowOpen({ ...round, state: 'closed' }, opensAt)).toBe(false);
		expect(isWindowOpen({ ...round, state: 'draft' }, opensAt)).toBe(false);
	});

	it('shows judges rounds once opened; releases feedback and reminders by state', () => {
		expect(ROUND_STATES.filter(isVisibleToJudges)).toEqual(['open', 'closed', 'decided']);
		expect(ROUND_STATES.filter(canReleaseFeedback)).toEqual(['closed', 'decided']);
		expect(ROUND_STATES.filter(acceptsReminders)).toEqual(['open']);
	});

	it("shows peers' scores only after the judge's own sheet is submitted, when the round allows", () => {
		expect(peersVisible('after_submit', 'submitted')).toBe(true);
		expect(peersVisible('after_submit', 'draft')).toBe(false);
		expect(peersVisible('after_submit', undefined)).toBe(false);
		expect(peersVisible('never', 'submitted')).toBe(false);
	});
});
