import type { SessionUser, ValidSession } from '$lib/server/auth/session';
import type { CurrentChallenge } from '$lib/server/services/challenges';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Shown on the error page so a person can quote it to the organizers. */
			errorId?: string;
			/** The database could not be reached: the answer is a 503, worth retrying. */
			unavailable?: boolean;
		}
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
			theme: 'system' | 'light' | 'dark';
			/** The viewer's IANA time zone, once the browser has told us (cookie `tz`). */
			timeZone: string | null;
			/** Set when a load or action failed because the database was unreachable. */
			databaseUnavailable?: boolean;
			/** A page's load found bad input in its query (a search form): it answers 400. */
			badRequest?: boolean;
			/** The running challenge, read at most once per request (`currentChallenge()`). */
			challenge?: Promise<CurrentChallenge | null>;
		}
		interface PageState {
			[key: string]: never;
		}
	}
}

export {};
