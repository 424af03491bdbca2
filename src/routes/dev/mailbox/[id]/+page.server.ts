import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { getMailboxMessage } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

/** Splits plain text into text and link parts, so links can be shown as real anchors. */
function linkify(text: string): { text: string; href?: string }[] {
	const parts: { text: string; href?: string }[] = [];
	let last = 0;
	for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
		if (match.index > last) parts.push({ text: text.slice(last, match.index) });
		parts.push({ text: match[0], href: match[0] });
		last = match.index + match[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last) });
	return parts;
}

export const load = (async ({ params }) => {
	if (!getConfig().devMailbox) error(404, { message: 'Not Found' });
	const id = z.uuid().safeParse(params.id);
	if (!id.success) error(404, { message: 'Not Found' });
	const message = await getMailboxMessage(await getDb(), id.data);
	if (!message) error(404, { message: 'Not Found' });
	return {
		message: {
			subject: message.subject,
			toAddress: message.toAddress,
			createdAt: message.createdAt.toISOString(),
			parts: linkify(message.textBody)
		}
	};
}) satisfies PageServerLoad;
