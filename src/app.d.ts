import type { SessionUser, ValidSession } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Shown on the error page so a person can quote it to the organizers. */
			errorId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
			theme: 'system' | 'light' | 'dark';
			/** The viewer's IANA time zone, once the browser has told us (cookie `tz`). */
			timeZone: string | null;
		}
		interface PageState {
			[key: string]: never;
		}
	}
}

export {};
