import type { Config } from '../config';
import type { MailTransport } from './outbox';

/**
 * SMTP in production. In the embedded default, "sending" keeps the message in the outbox, where
 * the developer mailbox (/dev/mailbox) shows it.
 */
export async function createTransport(settings: Config['mail']): Promise<MailTransport> {
	if (settings.transport === 'mailbox')
		return { name: 'mailbox', keepsSentLinks: true, send: async () => {} };
	const nodemailer = await import('nodemailer');
	const transporter = nodemailer.createTransport(settings.url);
	return {
		name: 'smtp',
		keepsSentLinks: false,
		send: async (message) => {
			await transporter.sendMail({ from: settings.from, ...message });
		}
	};
}
