/**
 * The life of an entry: draft → submitted ⇄ withdrawn. Submitting again while submitted records
 * a new version (the last one counts). Nothing changes after the deadline.
 */
export type EntryStatus = 'draft' | 'submitted' | 'withdrawn';
export type EntryAction = 'edit' | 'submit' | 'withdraw';

export type Window = { opensAt: Date; deadline: Date; now: Date };

export type Refusal = 'deadline_passed' | 'not_open' | 'not_submitted';

export function refusal(status: EntryStatus, action: EntryAction, window: Window): Refusal | null {
	if (window.now.getTime() >= window.deadline.getTime()) return 'deadline_passed';
	if (action === 'submit' && window.now.getTime() < window.opensAt.getTime()) return 'not_open';
	if (action === 'withdraw' && status !== 'submitted') return 'not_submitted';
	return null;
}

export function nextStatus(status: EntryStatus, action: EntryAction): EntryStatus {
	if (action === 'submit') return 'submitted';
	if (action === 'withdraw') return 'withdrawn';
	return status;
}
