import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getClockOffset, now, setClockOffset } from '$lib/server/clock';
import { getConfig } from '$lib/server/config';
import { clearPublicCache } from '$lib/server/public-cache';
import type { RequestHandler } from './$types';

// End-to-end tests move time here (APP_ENV=test only). A custom header keeps cross-site forms out.
const body = z.object({ offsetMs: z.number().int().min(-1e12).max(1e12) });

export const GET: RequestHandler = () => {
	if (!getConfig().devClock) error(404, { message: 'Not Found' });
	return json({ now: now().toISOString(), offsetMs: getClockOffset() });
};

export const POST: RequestHandler = async ({ request }) => {
	if (!getConfig().devClock) error(404, { message: 'Not Found' });
	if (request.headers.get('x-test-clock') !== '1') error(403, { message: 'Forbidden' });
	const parsed = body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) error(400, { message: 'offsetMs must be an integer' });
	setClockOffset(parsed.data.offsetMs);
	// Pages show deadlines relative to now; this request has no session, so empty the copies here.
	clearPublicCache();
	return json({ now: now().toISOString(), offsetMs: getClockOffset() });
};
