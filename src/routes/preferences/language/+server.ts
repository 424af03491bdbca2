import { redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/server/request';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

// A plain link switches the language, with or without JavaScript. Setting a display preference
// is harmless, so a GET is acceptable here.
export const GET: RequestHandler = ({ url, cookies }) => {
	const requested = url.searchParams.get('set');
	if (requested && isLocale(requested))
		cookies.set(cookieName, requested, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax'
		});
	redirect(303, safeRedirectPath(url.searchParams.get('redirect')));
};
