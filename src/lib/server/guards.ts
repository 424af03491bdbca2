import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { SessionUser, ValidSession } from './auth/session';
import type { AppRole } from './db/schema';

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** Signed-in person or a redirect to sign-in that comes back here afterwards. */
export function requireUser(event: Event): { user: SessionUser; session: ValidSession } {
	const { user, session } = event.locals;
	if (!user || !session) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return { user, session };
}

/**
 * A signed-in person with the role. Others get 404: the page's existence is not revealed.
 * Call it in every load and every action (layouts do not re-run for actions).
 */
export function requireRole(event: Event, role: AppRole) {
	const signedIn = requireUser(event);
	if (!signedIn.user.roles.includes(role)) error(404, { message: m.error_404_title() });
	return signedIn;
}
