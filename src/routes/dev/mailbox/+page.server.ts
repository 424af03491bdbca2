import { error } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listMailbox } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

export const load = (async () => {
	if (!getConfig().devMailbox) error(404, { message: 'Not Found' });
	const messages = await listMailbox(await getDb(), 100);
	return {
		messages: messages.map((message) => ({
			...message,
			createdAt: message.createdAt.toISOString(),
			sent: message.sentAt !== null
		}))
	};
}) satisfies PageServerLoad;
