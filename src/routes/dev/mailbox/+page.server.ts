import { error } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listMailbox } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

export const load = (async ({ url }) => {
	if (!getConfig().devMailbox) error(404, { message: 'Not Found' });
	const messages = await listMailbox(
		await getDb(),
		100,
		// ?to= narrows the list to one recipient (tests use it on busy servers).
		url.searchParams.get('to')?.trim().toLowerCase() || undefined
	);
	return {
		messages: messages.map((message) => ({
			...message,
			createdAt: message.createdAt.toISOString(),
			sent: message.sentAt !== null
		}))
	};
}) satisfies PageServerLoad;
