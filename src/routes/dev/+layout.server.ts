import { error } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

// Developer tools exist only in the embedded default without SMTP, never in production.
export const load = (() => {
	if (!getConfig().devMailbox) error(404, { message: 'Not Found' });
	return {};
}) satisfies LayoutServerLoad;
