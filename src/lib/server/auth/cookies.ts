import type { Cookies } from '@sveltejs/kit';
import { getConfig } from '../config';

/** `__Host-` (Secure, Path=/, no Domain) in production; plain name over http in development. */
export function sessionCookieName(): string {
	return getConfig().production ? '__Host-session' : 'session';
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(sessionCookieName(), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().production,
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(sessionCookieName(), {
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().production,
		path: '/'
	});
}
