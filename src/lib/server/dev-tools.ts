import type { Handle } from '@sveltejs/kit';
import { getConfig } from './config';
import { isLocalRequest } from './request';

/**
 * The developer tools under /dev (the mailbox, whose reset links open any account, and the test
 * clock) answer only where no real mail is sent, outside production, and only to a request made
 * on this machine: a portal left on APP_ENV's default and exposed to a network shows nothing.
 */
export const developerTools: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path !== '/dev' && !path.startsWith('/dev/')) return resolve(event);
	if (getConfig().devMailbox && isLocalRequest(event)) return resolve(event);
	return new Response('Not Found', {
		status: 404,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
};
