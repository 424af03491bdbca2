import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Database } from '$lib/server/db';
import { getCurrentChallenge } from '$lib/server/services/challenges';

/** The challenge the settings pages edit: the current one, or a 404 when there is none. */
export async function requireCurrentChallenge(db: Database) {
	const challenge = await getCurrentChallenge(db);
	if (!challenge) error(404, { message: m.settings_error_no_challenge() });
	return challenge;
}

/** Where a settings form goes after saving: back to its page, with a confirmation. */
export function savedLocation(path: string, fields: string[]): string {
	return `${path}?notice=${fields.length > 0 ? 'saved' : 'unchanged'}`;
}
