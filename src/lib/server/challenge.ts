import { error, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { m } from '$lib/paraglide/messages';
import { getDb } from './db';
import { getCurrentChallenge, type CurrentChallenge } from './services/challenges';

/**
 * The running challenge with its tracks, read once per request: the layouts, the opener and the
 * page share one promise kept in `locals` (they run side by side, so the promise, not its value,
 * is kept). An action may change the challenge: `runAction` (forms.ts) drops the promise, so the
 * load that follows the action reads it again.
 */
export function currentChallenge(
	event: Pick<RequestEvent, 'locals'> = getRequestEvent()
): Promise<CurrentChallenge | null> {
	event.locals.challenge ??= getDb().then((db) => getCurrentChallenge(db));
	return event.locals.challenge;
}

/** The running challenge, or a 404 page when the organizers have not set one up. */
export async function requireChallenge(
	message: () => string = m.no_challenge_title
): Promise<CurrentChallenge> {
	const challenge = await currentChallenge();
	if (!challenge) error(404, { message: message() });
	return challenge;
}
