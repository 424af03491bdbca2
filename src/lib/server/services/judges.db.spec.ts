import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, freezeClock } from '../clock';
import {
	auditLog,
	emailOutbox,
	entries,
	judgeConflicts,
	judgeInvites,
	judgeProfiles,
	teamMembers,
	teams,
	tracks,
	userRoles,
	users
} from '../db/schema';
import { ServiceError } from '../errors';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, dumpAllTables } from '../testing/fixtures';
import {
	acceptJudgeInvite,
	confirmConflict,
	declareConflict,
	detectConflicts,
	dismissConflict,
	getJudgeProfile,
	inviteJudge,
	listInvites,
	listJudgeConflicts,
	listJudges,
	listOwnConflicts,
	previewJudgeInvite,
	removeOwnDeclaredConflict,
	revokeInvite,
	saveJudgeProfile
} from './judges';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let organizer: Awaited<ReturnType<typeof createUser>>;
const context = { baseUrl: 'http://portal.test', ipAddress: '10.0.0.1' };

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	organizer = await createUser(database.db, { roles: ['organizer'], name: 'Olivia Organizer' });
});
afterEach(() => freezeClock(undefined));

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;
const unique = () => randomBytes(4).toString('hex');

async function invite(email: string) {
	return inviteJudge(
		database.db,
		{ challengeId: challenge.id, email, invitedBy: organizer.id, locale: 'en' },
		context
	);
}

/** A person who accepted an invitation: a judge with an (empty) profile. */
async function newJudge(email = `judge-${unique()}@example.org`) {
	const user = await createUser(database.db, { email, name: `Judge ${unique()}` });
	const { url } = await invite(email);
	await acceptJudgeInvite(database.db, tokenOf(url), user);
	return user;
}

/** A team with its members and an entry (rows written directly: no deadline rules here). */
async function newTeam(memberEmails: string[], partner = '') {
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId: challenge.id, name: `Team ${unique()}` })
		.returning();
	for (const [index, email] of memberEmails.entries()) {
		const member = await createUser(database.db, { email });
		await database.db.insert(teamMembers).values({
			teamId: team.id,
			challengeId: challenge.id,
			userId: member.id,
			role: index === 0 ? 'lead' : 'member'
		});
	}
	await database.db.insert(entries).values({ teamId: team.id, challengeId: challenge.id, partner });
	return team;
}

async function systemRows(judgeId: string) {
	return database.db
		.select()
		.from(judgeConflicts)
		.where(and(eq(judgeConflicts.judgeId, judgeId), eq(judgeConflicts.source, 'system')));
}

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
		const wrong = await refusal(acceptJudgeInvite(database.db, token, stranger));
		expect([wrong.status, wrong.message]).toEqual([
			403,
			'This invitation was sent to a different email address. Sign in with the address that received it.'
		]);
		const invitee = await createUser(database.db, { email });
		await database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, invitee.id));
		expect((await refusal(acceptJudgeInvite(database.db, token, invitee))).message).toMatch(
			/Confirm your email/
		);
		await database.db
			.update(users)
			.set({ emailVerifiedAt: new Date() })
			.where(eq(users.id, invitee.id));
		await acceptJudgeInvite(database.db, token, invitee);
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
		expect((await refusal(acceptJudgeInvite(database.db, token, invitee))).message).toMatch(
			/already been accepted/
		);
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
		expect((await refusal(acceptJudgeInvite(database.db, tokenOf(url), user))).message).toMatch(
			/expired/
		);
		freezeClock(start);
		await revokeInvite(database.db, {
			challengeId: challenge.id,
			inviteId: id,
			actorId: organizer.id
		});
		expect((await refusal(acceptJudgeInvite(database.db, tokenOf(url), user))).message).toMatch(
			/withdrawn/
		);
		const again = await refusal(
			revokeInvite(database.db, { challengeId: challenge.id, inviteId: id, actorId: organizer.id })
		);
		expect(again.status).toBe(409);
		const missing = await refusal(
			revokeInvite(database.db, {
				challengeId: challenge.id,
				inviteId: '00000000-0000-4000-8000-000000000000',
				actorId: organizer.id
			})
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
				{ challengeId: challenge.id, email, invitedBy: inviter.id, locale: 'en' },
				context
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

describe('judge profiles', () => {
	it('saves organization, country, expertise (tracks of the challenge) and bio', async () => {
		const judge = await newJudge();
		const challengeTracks = await database.db
			.select({ id: tracks.id })
			.from(tracks)
			.where(eq(tracks.challengeId, challenge.id));
		const input = {
			userId: judge.id,
			challengeId: challenge.id,
			organization: '  Ministry of the Interior ',
			country: 'kr',
			expertise: [challengeTracks[0].id],
			bio: 'Public administration scholar.'
		};
		await saveJudgeProfile(database.db, input);
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			organization: 'Ministry of the Interior',
			country: 'KR',
			expertise: [challengeTracks[0].id]
		});
		const unknownTrack = await refusal(
			saveJudgeProfile(database.db, {
				...input,
				expertise: ['00000000-0000-4000-8000-000000000000']
			})
		);
		expect([unknownTrack.status, unknownTrack.field]).toEqual([400, 'expertise']);
		const malformed = await refusal(
			saveJudgeProfile(database.db, { ...input, expertise: ['not-a-uuid'] })
		);
		expect(malformed.field).toBe('expertise');
		const country = await refusal(saveJudgeProfile(database.db, { ...input, country: 'XX' }));
		expect([country.status, country.field]).toEqual([400, 'country']);
		const long = await refusal(
			saveJudgeProfile(database.db, { ...input, organization: 'x'.repeat(201) })
		);
		expect([long.status, long.field]).toEqual([400, 'organization']);
		await saveJudgeProfile(database.db, { ...input, country: '', expertise: [] });
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			country: '',
			expertise: []
		});
	});
});

describe('conflicts', () => {
	it('records a typed team name the same way whether or not the team exists', async () => {
		const judge = await newJudge();
		const team = await newTeam([`m-${unique()}@example.org`]);
		const base = { judgeId: judge.id, challengeId: challenge.id, kind: 'team' as const };
		expect(
			await declareConflict(database.db, {
				...base,
				value: team.name.toUpperCase(),
				reason: 'Mentor'
			})
		).toEqual({ recorded: true });
		expect(
			await declareConflict(database.db, { ...base, value: 'No Such Team Anywhere', reason: '' })
		).toEqual({ recorded: true });
		// Declaring the same thing twice stores it once.
		await declareConflict(database.db, { ...base, value: team.name, reason: '' });
		const rows = await database.db
			.select()
			.from(judgeConflicts)
			.where(eq(judgeConflicts.judgeId, judge.id));
		expect(rows).toHaveLength(2);
		const byTeam = rows.find((row) => row.kind === 'team');
		expect(byTeam).toMatchObject({ teamId: team.id, source: 'judge', status: 'confirmed' });
		const byText = rows.find((row) => row.kind === 'organization');
		expect(byText).toMatchObject({ teamId: null, value: 'No Such Team Anywhere' });
		// The judge's own list does not tell the two apart, and shows no team name it did not type.
		const own = await listOwnConflicts(database.db, {
			judgeId: judge.id,
			challengeId: challenge.id
		});
		expect(own.map((row) => row.kind)).toEqual(['organization', 'organization']);
		expect(own.every((row) => row.removable)).toBe(true);
	});

	it('records organization and country conflicts; refuses unknown countries and empty names', async () => {
		const judge = await newJudge();
		const base = { judgeId: judge.id, challengeId: challenge.id };
		await declareConflict(database.db, { ...base, kind: 'organization', value: 'UNDP Seoul' });
		await declareConflict(database.db, { ...base, kind: 'country', value: 'vn' });
		const country = await refusal(
			declareConflict(database.db, { ...base, kind: 'country', value: 'ZZ' })
		);
		expect([country.status, country.field]).toEqual([400, 'country']);
		const empty = await refusal(
			declareConflict(database.db, { ...base, kind: 'organization', value: '  ' })
		);
		expect([empty.status, empty.field]).toEqual([400, 'value']);
		const { conflicts } = await listJudgeConflicts(database.db, {
			challengeId: challenge.id,
			judgeId: judge.id
		});
		expect(conflicts.map((row) => [row.kind, row.value])).toEqual([
			['country', 'VN'],
			['organization', 'UNDP Seoul']
		]);
		// Removing: only one's own declarations.
		const other = await newJudge();
		const foreign = await refusal(
			removeOwnDeclaredConflict(database.db, {
				judgeId: other.id,
				challengeId: challenge.id,
				conflictId: conflicts[0].id
			})
		);
		expect(foreign.status).toBe(404);
		await removeOwnDeclaredConflict(database.db, {
			judgeId: judge.id,
			challengeId: challenge.id,
			conflictId: conflicts[0].id
		});
		expect(
			(await listOwnConflicts(database.db, { judgeId: judge.id, challengeId: challenge.id })).length
		).toBe(1);
	});

	it('flags membership, same organization and a shared mail domain, once, for organizers to decide', async () => {
		const domain = `civic-lab-${unique()}.test`;
		const judge = await newJudge(`judge@${domain}`);
		const ownTeam = await newTeam([judge.email.replace('judge@', 'lead@')]);
		// The judge is also a member of another team.
		const memberTeam = await newTeam([`lead-${unique()}@example.org`]);
		await database.db.insert(teamMembers).values({
			teamId: memberTeam.id,
			challengeId: challenge.id,
			userId: judge.id,
			role: 'member'
		});
		const organization = `Busan Metropolitan  City ${unique()}`;
		const partnerTeam = await newTeam(
			[`lead-${unique()}@example.org`],
			organization.toUpperCase().replace('  ', ' ')
		);
		// Shared public providers and example.org never count.
		const gmailJudge = await newJudge(`judge-${unique()}@gmail.com`);
		await newTeam([`someone-${unique()}@gmail.com`]);

		expect((await detectConflicts(database.db, challenge.id)).detected).toBeGreaterThanOrEqual(2);
		expect((await systemRows(judge.id)).map((row) => row.reason).sort()).toEqual([
			'email_domain',
			'team_member'
		]);
		await saveJudgeProfile(database.db, {
			userId: judge.id,
			challengeId: challenge.id,
			organization,
			country: '',
			expertise: [],
			bio: ''
		});
		const rows = await systemRows(judge.id);
		expect(rows.map((row) => [row.teamId, row.reason, row.status, row.kind]).sort()).toEqual(
			[
				[ownTeam.id, 'email_domain', 'suggested', 'team'],
				[memberTeam.id, 'team_member', 'suggested', 'team'],
				[partnerTeam.id, 'same_organization', 'suggested', 'team']
			].sort()
		);
		expect(rows.find((row) => row.reason === 'email_domain')?.value).toBe(domain);
		expect(await systemRows(gmailJudge.id)).toHaveLength(0);

		// Idempotent, and a dismissed suggestion stays dismissed.
		expect((await detectConflicts(database.db, challenge.id)).detected).toBe(0);
		const dismissed = rows.find((row) => row.reason === 'email_domain');
		const confirmed = rows.find((row) => row.reason === 'same_organization');
		if (!dismissed || !confirmed) throw new Error('rows missing');
		await dismissConflict(database.db, {
			challengeId: challenge.id,
			conflictId: dismissed.id,
			actorId: organizer.id
		});
		await confirmConflict(database.db, {
			challengeId: challenge.id,
			conflictId: confirmed.id,
			actorId: organizer.id
		});
		expect(
			(await detectConflicts(database.db, challenge.id, { actorId: organizer.id })).detected
		).toBe(0);
		expect(await systemRows(judge.id)).toHaveLength(3);
		const decided = await refusal(
			dismissConflict(database.db, {
				challengeId: challenge.id,
				conflictId: confirmed.id,
				actorId: organizer.id
			})
		);
		expect(decided.status).toBe(409);
		const actions = await database.db
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.actorId, organizer.id));
		expect(actions.map((row) => row.action)).toEqual(
			expect.arrayContaining([
				'judge.conflict_confirm',
				'judge.conflict_dismiss',
				'judge.conflicts_detect'
			])
		);
		// The judge sees the confirmed one without any team name, and not the pending ones.
		const own = await listOwnConflicts(database.db, {
			judgeId: judge.id,
			challengeId: challenge.id
		});
		expect(own).toHaveLength(1);
		expect(own[0]).toMatchObject({ kind: 'team', value: '', removable: false });
	});

	it('lists judges with profile details, keyset-paged', async () => {
		await newJudge();
		await newJudge();
		const first = await listJudges(database.db, challenge.id, { limit: 2 });
		expect(first.judges).toHaveLength(2);
		expect(first.nextAfter).not.toBeNull();
		const second = await listJudges(database.db, challenge.id, {
			limit: 2,
			after: first.nextAfter ?? undefined
		});
		expect(second.judges[0].id).not.toBe(first.judges[0].id);
		expect(second.judges.map((row) => row.id)).not.toContain(first.judges[1].id);
		const garbage = await listJudges(database.db, challenge.id, { after: 'garbage' });
		expect(garbage.judges.length).toBeGreaterThan(2);
	});
});
