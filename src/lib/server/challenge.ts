import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Executor } from './db';
import { getCurrentChallenge } from './services/challenges';

/** The running challenge, or a 404 page when the organizers have not set one up. */
export async function requireChallenge(db: Executor) {
	const challenge = await getCurrentChallenge(db);
	if (!challenge) error(404, { message: m.no_challenge_title() });
	return challenge;
}
