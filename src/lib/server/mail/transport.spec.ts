import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './transport';

/** A minimal SMTP server double: accepts one conversation at a time and records the data. */
function smtpDouble() {
	const received: { from: string; to: string[]; data: string }[] = [];
	const server: Server = createServer((socket) => {
		let buffer = '';
		let inData = false;
		let current = { from: '', to: [] as string[], data: '' };
		socket.write('220 double ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			while (true) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end === -1) return;
					current.data = buffer.slice(0, end);
					buffer = buffer.slice(end + 5);
					inData = false;
					received.push(current);
					current = { from: '', to: [], data: '' };
					socket.write('250 queued\r\n');
					continue;
				}
				const newline = buffer.indexOf('\r\n');
				if (newline === -1) return;
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') socket.write('250-double\r\n250 8BITMIME\r\n');
				else if (verb === 'MAIL') {
					current.from = line;
					socket.write('250 ok\r\n');
				} else if (verb === 'RCPT') {
					current.to.push(line);
					socket.write('250 ok\r\n');
				} else if (verb === 'DATA') {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (verb === 'QUIT') socket.end('221 bye\r\n');
				else socket.write('250 ok\r\n');
			}
		});
	});
	return { server, received };
}

const double = smtpDouble();
let port = 0;

beforeAll(async () => {
	await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
	port = (double.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => double.server.close(() => resolve())));

describe('SMTP transport', () => {
	it('delivers a message through SMTP_URL with the configured sender', async () => {
		const transport = await createTransport({
			transport: 'smtp',
			url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
			from: 'Challenge <no-reply@example.org>'
		});
		expect(transport.keepsSentLinks).toBe(false);
		await transport.send({
			to: 'someone@example.org',
			subject: 'Confirm your email address',
			text: 'Hello, here is your link.',
			html: '<p>Hello, here is your link.</p>'
		});
		expect(double.received).toHaveLength(1);
		expect(double.received[0].from).toContain('no-reply@example.org');
		expect(double.received[0].to.join()).toContain('someone@example.org');
		expect(double.received[0].data).toContain('Subject: Confirm your email address');
	});

	it('reports a refused connection as an error (the outbox then retries)', async () => {
		const transport = await createTransport({
			transport: 'smtp',
			url: 'smtp://127.0.0.1:9',
			from: 'x@example.org'
		});
		await expect(
			transport.send({ to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' })
		).rejects.toThrow();
	});
});
