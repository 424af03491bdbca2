import { and, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { addMilliseconds, HOUR, MINUTE, now } from '../clock';
import type { Executor } from '../db';
import { emailOutbox } from '../db/schema';

export type OutgoingEmail = {
	to: string;
	subject: string;
	text: string;
	html: string;
	template: string;
	userId?: string | null;
};

export type MailTransport = {
	name: string;
	/**
	 * The developer mailbox shows sent mail with working links; a real transport does not need
	 * the bodies afterwards, so their single-use links are removed once delivered.
	 */
	keepsSentLinks: boolean;
	send: (message: { to: string; subject: string; text: string; html: string }) => Promise<void>;
};

/**
 * Removes the secret part of mailed links (`?token=…`), also where a link carries another one
 * encoded in its `next` (`next=%2Fjoin%3Ftoken%3D…`, an invitation's): only hashes of tokens
 * stay stored.
 */
export function scrubSecrets(body: string): string {
	return body.replace(/((?:\b|(?<=%3F|%26))token(?:=|%3D))[A-Za-z0-9]+/gi, '$1removed');
}

const LOCK_DURATION = 2 * MINUTE;
const MAX_RETRY_DELAY = 6 * HOUR;

let wake: (() => void) | undefined;

/** The worker registers here so new mail goes out at once instead of at the next tick. */
export function onEmailQueued(listener: (() => void) | undefined): void {
	wake = listener;
}

/**
 * Puts a message in the outbox. Written in the caller's transaction, so mail is only sent for
 * changes that were committed, and nothing is lost if the mail server is down.
 */
export async function enqueueEmail(db: Executor, email: OutgoingEmail): Promise<void> {
	await db.insert(emailOutbox).values({
		toAddress: email.to,
		subject: email.subject,
		textBody: email.text,
		htmlBody: email.html,
		template: email.template,
		userId: email.userId ?? null,
		createdAt: now(),
		nextAttemptAt: now()
	});
	wake?.();
}

/** Delay before attempt n+1 after n failures: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelay(failedAttempts: number): number {
	return Math.min(MINUTE * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY);
}

/**
 * Sends due messages. Rows are claimed with SKIP LOCKED and a lease, so several app nodes can
 * run this at once without sending a message twice; a node that dies mid-send releases its
 * claim when the lease ends. Failed messages are retried with back-off and never deleted.
 */
export async function processOutbox(
	db: Executor,
	transport: MailTransport,
	batchSize = 20
): Promise<{ sent: number; failed: number }> {
	const current = now();
	const at = current.toISOString();
	const claimed = await db
		.update(emailOutbox)
		.set({
			lockedUntil: addMilliseconds(current, LOCK_DURATION),
			attempts: sql`${emailOutbox.attempts} + 1`
		})
		.where(
			inArray(
				emailOutbox.id,
				sql`(select ${emailOutbox.id} from ${emailOutbox} where ${emailOutbox.sentAt} is null and ${emailOutbox.nextAttemptAt} <= ${at}::timestamptz and (${emailOutbox.lockedUntil} is null or ${emailOutbox.lockedUntil} < ${at}::timestamptz) order by ${emailOutbox.nextAttemptAt} limit ${batchSize} for update skip locked)`
			)
		)
		.returning();
	let sent = 0;
	let failed = 0;
	for (const message of claimed) {
		try {
			await transport.send({
				to: message.toAddress,
				subject: message.subject,
				text: message.textBody,
				html: message.htmlBody
			});
			await db
				.update(emailOutbox)
				.set({
					sentAt: now(),
					lockedUntil: null,
					lastError: null,
					...(transport.keepsSentLinks
						? {}
						: {
								textBody: scrubSecrets(message.textBody),
								htmlBody: scrubSecrets(message.htmlBody)
							})
				})
				.where(eq(emailOutbox.id, message.id));
			sent++;
		} catch (error) {
			failed++;
			await db
				.update(emailOutbox)
				.set({
					lockedUntil: null,
					lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
					nextAttemptAt: addMilliseconds(now(), retryDelay(message.attempts))
				})
				.where(eq(emailOutbox.id, message.id));
		}
	}
	return { sent, failed };
}

export async function listMailbox(db: Executor, limit = 50, toAddress?: string) {
	return db
		.select({
			id: emailOutbox.id,
			toAddress: emailOutbox.toAddress,
			subject: emailOutbox.subject,
			template: emailOutbox.template,
			createdAt: emailOutbox.createdAt,
			sentAt: emailOutbox.sentAt
		})
		.from(emailOutbox)
		.where(toAddress ? eq(emailOutbox.toAddress, toAddress) : undefined)
		.orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
		.limit(limit);
}

export async function getMailboxMessage(db: Executor, id: string) {
	const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
	return rows[0] ?? null;
}

/** Messages that are due or locked (for tests and monitoring). */
export async function countPendingEmails(db: Executor): Promise<number> {
	const rows = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(emailOutbox)
		.where(
			and(
				isNull(emailOutbox.sentAt),
				or(isNull(emailOutbox.lockedUntil), lte(emailOutbox.lockedUntil, now()))
			)
		);
	return Number(rows[0]?.count ?? 0);
}
