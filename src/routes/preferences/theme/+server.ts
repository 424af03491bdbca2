import { redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/server/request';
import type { RequestHandler } from './$types';

const THEMES = new Set(['system', 'light', 'dark']);

export const GET: RequestHandler = ({ url, cookies }) => {
	const requested = url.searchParams.get('set') ?? '';
	if (THEMES.has(requested))
		cookies.set('theme', requested, {
			path: '/',
			maxAge: 60 * 60 * 24 * 400,
			httpOnly: true,
			sameSite: 'lax'
		});
	redirect(303, safeRedirectPath(url.searchParams.get('redirect')));
};
