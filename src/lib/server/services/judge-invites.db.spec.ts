import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, freezeClock } from '../clock';
import { auditLog, emailOutbox, judgeInvites, judgeProfiles, userRoles, users } from '../db/schema';
import { createUser, dumpAllTables } from '../testing/fixtures';
import {
	acceptJudgeInvite,
	inviteJudge,
	listInvites,
	previewJudgeInvite,
	revokeInvite
} from './judge-invites';
import {
	judgeContext,
	judgeHelpers,
	judgeSetting,
	refusal,
	tokenOf,
	unique,
	type JudgeSetting
} from '../testing/judge-fixtures';

let database: JudgeSetting['database'];
let challenge: JudgeSetting['challenge'];
let organizer: JudgeSetting['organizer'];
const context = judgeContext;

beforeAll(async () => {
	({ database, challenge, organizer } = await judgeSetting());
});
afterEach(() => freezeClock(undefined));

const { invite, newJudge } = judgeHelpers(() => ({ database, challenge, organizer }));

describe('judge invitations', () => {
	it('mails a 14-day link, stores only the hash, audits, and replaces an open invite', async () => {
		const start = new Date('2026-05-01T00:00:00Z');
		freezeClock(start);
		const email = `Invitee-${unique()}@Example.org`;
		const first = await invite(email);
		expect(first.expiresAt.getTime() - start.getTime()).toBe(14 * DAY);
		const token = tokenOf(first.url);
		expect(token.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits in base32
		expect(first.url).toMatch(/^http:\/\/portal\.test\/judge-invite\?token=/);
		const [mail] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, email.toLowerCase()));
		expect(mail.template).toBe('judge_invite');
		expect(mail.textBody).toContain(first.url);
		expect(mail.subject).toContain('Invitation to judge');
		const dump = await dumpAllTables(database.query);
		// Only the outbox (the mail itself) holds the token; the invitation keeps its hash.
		const outsideOutbox = dump
			.split('\n')
			.filter((line) => !line.startsWith('email_outbox:'))
			.join('\n');
		expect(dump).toContain(token);
		expect(outsideOutbox).not.toContain(token);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'judge.invite'), eq(auditLog.entityId, first.id)));
		expect(audit).toHaveLength(1);

		freezeClock(new Date(start.getTime() + 60_000));
		const second = await invite(email);
		expect(second.replaced).toBe(1);
		expect((await previewJudgeInvite(database.db, token)).valid).toBe(false);
		const preview = await previewJudgeInvite(database.db, tokenOf(second.url));
		expect(preview).toMatchObject({ valid: true, email: email.toLowerCase() });

		const { invites } = await listInvites(database.db, challenge.id);
		const statuses = invites.filter((row) => row.email === email.toLowerCase());
		expect(statuses.map((row) => row.status)).toEqual(['open', 'revoked']);
	});

	it('refuses to invite someone who is already a judge', async () => {
		const judge = await newJudge();
		const error = await refusal(invite(judge.email));
		expect([error.status, error.field]).toEqual([409, 'email']);
	});

	it('accepts for the invited, confirmed address only; grants the role and a profile once', async () => {
		const email = `accept-${unique()}@example.org`;
		const { url } = await invite(email);
		const token = tokenOf(url);
		const stranger = await createUser(database.db);
		const wrong = await refusal(
			acceptJudgeInvite(database.db, { actorId: stranger.id }, { token })
		);
		expect([wrong.status, wrong.message]).toEqual([
			403,
			'This invitation was sent to a different email address. Sign in with the address that received it.'
		]);
		const invitee = await createUser(database.db, { email });
		await database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, invitee.id));
		expect(
			(await refusal(acceptJudgeInvite(database.db, { actorId: invitee.id }, { token }))).message
		).toMatch(/Confirm your email/);
		await database.db
			.update(users)
			.set({ emailVerifiedAt: new Date() })
			.where(eq(users.id, invitee.id));
		await acceptJudgeInvite(database.db, { actorId: invitee.id }, { token });
		const roles = await database.db
			.select()
			.from(userRoles)
			.where(eq(userRoles.userId, invitee.id));
		expect(roles.map((row) => row.role)).toEqual(['judge']);
		expect(roles[0].grantedBy).toBe(organizer.id);
		const [profile] = await database.db
			.select()
			.from(judgeProfiles)
			.where(eq(judgeProfiles.userId, invitee.id));
		expect(profile).toMatchObject({ organization: '', country: '', expertise: [] });
		expect(
			(await refusal(acceptJudgeInvite(database.db, { actorId: invitee.id }, { token }))).message
		).toMatch(/already been accepted/);
		const [row] = await database.db
			.select()
			.from(judgeInvites)
			.where(eq(judgeInvites.tokenHash, (await import('../auth/tokens')).hashToken(token)));
		expect(row.acceptedBy).toBe(invitee.id);
	});

	it('explains expired and revoked links; only open invites can be revoked', async () => {
		const start = new Date();
		freezeClock(start);
		const email = `expire-${unique()}@example.org`;
		const user = await createUser(database.db, { email });
		const { url, id } = await invite(email);
		freezeClock(new Date(start.getTime() + 15 * DAY));
		expect(await previewJudgeInvite(database.db, tokenOf(url))).toMatchObject({
			valid: false,
			problem: expect.stringMatching(/expired/)
		});
		expect(
			(await refusal(acceptJudgeInvite(database.db, { actorId: user.id }, { token: tokenOf(url) })))
				.message
		).toMatch(/expired/);
		freezeClock(start);
		await revokeInvite(
			database.db,
			{ actorId: organizer.id },
			{ challengeId: challenge.id, inviteId: id }
		);
		expect(
			(await refusal(acceptJudgeInvite(database.db, { actorId: user.id }, { token: tokenOf(url) })))
				.message
		).toMatch(/withdrawn/);
		const again = await refusal(
			revokeInvite(
				database.db,
				{ actorId: organizer.id },
				{ challengeId: challenge.id, inviteId: id }
			)
		);
		expect(again.status).toBe(409);
		const missing = await refusal(
			revokeInvite(
				database.db,
				{ actorId: organizer.id },
				{ challengeId: challenge.id, inviteId: '00000000-0000-4000-8000-000000000000' }
			)
		);
		expect(missing.status).toBe(404);
		expect((await previewJudgeInvite(database.db, 'nonsense')).valid).toBe(false);
	});

	it('keeps the inviter out of the subject and limits invitations per organizer and per address (429)', async () => {
		const inviter = await createUser(database.db, {
			roles: ['organizer'],
			name: 'Olga from evil.example'
		});
		const send = (email: string) =>
			inviteJudge(
				database.db,
				{ actorId: inviter.id, locale: 'en', ...context },
				{ challengeId: challenge.id, email }
			);
		const again = `again-${unique()}@example.org`;
		for (let sent = 0; sent < 3; sent++) await send(again);
		const byAddress = await refusal(send(again));
		expect([byAddress.status, byAddress.field]).toEqual([429, 'email']);
		const mails = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, again));
		expect(mails).toHaveLength(3);
		for (const mail of mails) {
			expect(mail.subject).toBe(`Invitation to judge: ${challenge.title.en}`);
			expect(mail.textBody).not.toContain('evil.example');
			expect(mail.htmlBody.match(/<a\b/g)).toHaveLength(1);
		}
		// 100 addresses a day per organizer (three were used above).
		for (let sent = 3; sent < 100; sent++) await send(`panel-${sent}-${unique()}@example.org`);
		const bySender = await refusal(send(`one-more-${unique()}@example.org`));
		expect([bySender.status, bySender.field]).toEqual([429, 'email']);
	});
});
