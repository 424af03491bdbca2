import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock, MINUTE } from '../clock';
import { emailOutbox } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { enqueueEmail, processOutbox, retryDelay, type MailTransport } from './outbox';

let database: TestDatabase;
const start = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
});
afterEach(() => freezeClock(undefined));

const message = (to: string) => ({
	to,
	subject: 'Hello',
	text: 'Plain body',
	html: '<p>Plain body</p>',
	template: 'test'
});

describe('mail outbox', () => {
	it('retries a failed message with growing delays and never loses it', async () => {
		freezeClock(start);
		await enqueueEmail(database.db, message('retry@example.org'));
		let fail = true;
		const delivered: string[] = [];
		const flaky: MailTransport = {
			name: 'flaky',
			keepsSentLinks: true,
			send: async (mail) => {
				if (fail) throw new Error('SMTP 421 try again later');
				delivered.push(mail.to);
			}
		};
		expect(await processOutbox(database.db, flaky)).toEqual({ sent: 0, failed: 1 });
		const [afterFailure] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, 'retry@example.org'));
		expect(afterFailure.sentAt).toBeNull();
		expect(afterFailure.lastError).toMatch(/421/);
		expect(afterFailure.nextAttemptAt.getTime()).toBe(start.getTime() + MINUTE);
		// Not due yet: nothing happens.
		expect(await processOutbox(database.db, flaky)).toEqual({ sent: 0, failed: 0 });
		freezeClock(new Date(start.getTime() + MINUTE));
		expect(await processOutbox(database.db, flaky)).toEqual({ sent: 0, failed: 1 });
		fail = false;
		freezeClock(new Date(start.getTime() + 10 * MINUTE));
		expect(await processOutbox(database.db, flaky)).toEqual({ sent: 1, failed: 0 });
		expect(delivered).toEqual(['retry@example.org']);
		const [sent] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, 'retry@example.org'));
		expect(sent.sentAt).not.toBeNull();
		expect(sent.attempts).toBe(3);
	});

	it('sends each message once when several workers run at the same time', async () => {
		for (let index = 0; index < 30; index++)
			await enqueueEmail(database.db, message(`parallel-${index}@example.org`));
		const delivered: string[] = [];
		const transport: MailTransport = {
			name: 'counting',
			keepsSentLinks: true,
			send: async (mail) => {
				await new Promise((resolve) => setTimeout(resolve, 2));
				delivered.push(mail.to);
			}
		};
		await Promise.all([1, 2, 3, 4].map(() => processOutbox(database.db, transport, 10)));
		await processOutbox(database.db, transport, 50);
		const parallel = delivered.filter((to) => to.startsWith('parallel-'));
		expect(parallel).toHaveLength(30);
		expect(new Set(parallel).size).toBe(30);
	});

	it('grows the retry delay exponentially up to six hours', () => {
		expect(retryDelay(1)).toBe(MINUTE);
		expect(retryDelay(2)).toBe(2 * MINUTE);
		expect(retryDelay(5)).toBe(16 * MINUTE);
		expect(retryDelay(50)).toBe(6 * 60 * MINUTE);
	});
});
