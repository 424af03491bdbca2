import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, freezeClock } from '../../clock';
import {
	auditLog,
	emailOutbox,
	entries,
	guardianConsents,
	teamMembers,
	teams
} from '../../db/schema';
import { ServiceError } from '../../errors';
import type { FileStore } from '../../files/store';
import { completeEntry, demoChallenge } from '../../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { TEST_PASSWORD, createUser, testActor } from '../../testing/fixtures';
import { chosenText } from '../../mail/templates';
import { deleteAccount, landingFor, updateProfile } from '../accounts';
import { submitEntry } from '../entries';
import { requestGuardianConsent } from '../consent';
import {
	acceptInvite,
	createInviteLink,
	createTeam,
	findMembership,
	inviteByEmail,
	leaveTeam,
	listOpenInvites,
	listTeamMembers,
	previewInvite,
	removeMember,
	revokeInvite,
	transferLead
} from '.';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
const store: FileStore = { put: async () => {}, get: async () => null, delete: async () => {} };

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
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
let counter = 0;
const teamName = () => `Team ${++counter} ${Date.now()}`;

describe('teams', () => {
	it('creates a team with its lead and a draft entry; one team per person', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		expect(await findMembership(database.db, lead.id, challenge.id)).toMatchObject({
			teamId: team.id,
			role: 'lead'
		});
		const again = await refusal(
			createTeam(database.db, testActor(lead.id), { challenge, name: teamName() })
		);
		expect(again.status).toBe(409);
	});

	it('refuses a taken name (in any case), an ineligible age and an unconfirmed email', async () => {
		const first = await createUser(database.db);
		const name = teamName();
		await createTeam(database.db, testActor(first.id), { challenge, name });
		const second = await createUser(database.db);
		const taken = await refusal(
			createTeam(database.db, testActor(second.id), { challenge, name: name.toUpperCase() })
		);
		expect([taken.status, taken.field]).toEqual([400, 'name']);
		const old = await createUser(database.db, { dateOfBirth: '1970-01-01' });
		expect(
			(await refusal(createTeam(database.db, testActor(old.id), { challenge, name: teamName() })))
				.status
		).toBe(403);
		const young = await createUser(database.db, { dateOfBirth: '2015-01-01' });
		expect(
			(await refusal(createTeam(database.db, testActor(young.id), { challenge, name: teamName() })))
				.status
		).toBe(403);
	});

	it('invites by email: only that address may join, once', async () => {
		const lead = await createUser(database.db);
		await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const invitee = await createUser(database.db);
		await inviteByEmail(database.db, testActor(lead.id), { challenge, email: invitee.email });
		const [mail] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, invitee.email));
		const token = /token=([a-z0-9]+)/.exec(mail.textBody)?.[1] as string;
		const stranger = await createUser(database.db);
		const wrong = await refusal(
			acceptInvite(database.db, testActor(stranger.id), { challenge, token })
		);
		expect(wrong.message).toMatch(/another email address/);
		await acceptInvite(database.db, testActor(invitee.id), { challenge, token });
		expect((await findMembership(database.db, invitee.id, challenge.id))?.role).toBe('member');
	});

	it('shares single-use and multi-use links, which expire and can be revoked', async () => {
		const lead = await createUser(database.db);
		const start = new Date();
		freezeClock(start);
		await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const single = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'single',
			days: 1
		});
		const a = await createUser(database.db);
		const b = await createUser(database.db);
		await acceptInvite(database.db, testActor(a.id), { challenge, token: tokenOf(single.url) });
		expect(
			(
				await refusal(
					acceptInvite(database.db, testActor(b.id), { challenge, token: tokenOf(single.url) })
				)
			).message
		).toMatch(/already been used/);
		const multiple = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 2
		});
		await acceptInvite(database.db, testActor(b.id), { challenge, token: tokenOf(multiple.url) });
		const c = await createUser(database.db);
		freezeClock(new Date(start.getTime() + 2 * DAY + 1000));
		expect(
			(
				await refusal(
					acceptInvite(database.db, testActor(c.id), { challenge, token: tokenOf(multiple.url) })
				)
			).message
		).toMatch(/expired/);
	});

	it('stops at the maximum team size', async () => {
		const lead = await createUser(database.db);
		await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		for (let index = 1; index < challenge.teamMaxSize; index++) {
			const member = await createUser(database.db);
			await acceptInvite(database.db, testActor(member.id), {
				challenge,
				token: tokenOf(link.url)
			});
		}
		const extra = await createUser(database.db);
		const full = await refusal(
			acceptInvite(database.db, testActor(extra.id), { challenge, token: tokenOf(link.url) })
		);
		expect(full.status).toBe(409);
	});

	it('lets only the lead manage the team, and only their own team', async () => {
		const leadA = await createUser(database.db);
		const leadB = await createUser(database.db);
		await createTeam(database.db, testActor(leadA.id), { challenge, name: teamName() });
		await createTeam(database.db, testActor(leadB.id), { challenge, name: teamName() });
		const linkB = await createInviteLink(database.db, testActor(leadB.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const memberB = await createUser(database.db);
		await acceptInvite(database.db, testActor(memberB.id), {
			challenge,
			token: tokenOf(linkB.url)
		});
		const [inviteB] = await database.query<{ id: string }>(
			`select id from team_invites where created_by = '${leadB.id}'`
		);
		// Team A's lead cannot touch team B's invitations or members.
		expect(
			(
				await refusal(
					revokeInvite(database.db, testActor(leadA.id), { challenge, inviteId: inviteB.id })
				)
			).status
		).toBe(404);
		expect(
			(
				await refusal(
					removeMember(database.db, testActor(leadA.id), { challenge, memberUserId: memberB.id })
				)
			).status
		).toBe(404);
		expect(
			(
				await refusal(
					transferLead(database.db, testActor(leadA.id), { challenge, newLeadUserId: memberB.id })
				)
			).status
		).toBe(404);
		// A member is not a lead.
		expect(
			(
				await refusal(
					removeMember(database.db, testActor(memberB.id), { challenge, memberUserId: leadB.id })
				)
			).status
		).toBe(403);
	});

	it('hands over the lead, lets members leave, and dissolves a team of one', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const member = await createUser(database.db);
		await acceptInvite(database.db, testActor(member.id), { challenge, token: tokenOf(link.url) });
		expect(
			(await refusal(leaveTeam(database.db, store, testActor(lead.id), { challenge }))).status
		).toBe(409);
		await transferLead(database.db, testActor(lead.id), { challenge, newLeadUserId: member.id });
		expect(await leaveTeam(database.db, store, testActor(lead.id), { challenge })).toBe('left');
		expect((await findMembership(database.db, member.id, challenge.id))?.role).toBe('lead');
		expect(await leaveTeam(database.db, store, testActor(member.id), { challenge })).toBe(
			'dissolved'
		);
		expect(
			await database.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id))
		).toEqual([]);
	});

	it('deleting an account: a lead with teammates hands over first; a team of one goes too', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const member = await createUser(database.db);
		await acceptInvite(database.db, testActor(member.id), { challenge, token: tokenOf(link.url) });
		const refused = await refusal(
			deleteAccount(database.db, store, { actorId: lead.id }, { currentPassword: TEST_PASSWORD })
		);
		expect(refused.status).toBe(409);
		// The member may go; the team stays with its lead.
		await deleteAccount(
			database.db,
			store,
			{ actorId: member.id },
			{ currentPassword: TEST_PASSWORD }
		);
		expect(await findMembership(database.db, lead.id, challenge.id)).toMatchObject({
			teamId: team.id
		});
		// Now alone, the lead's account and team go together.
		await deleteAccount(
			database.db,
			store,
			{ actorId: lead.id },
			{ currentPassword: TEST_PASSWORD }
		);
		expect(await database.db.select().from(teams).where(eq(teams.id, team.id))).toEqual([]);
	});

	it('deleting the account of a team of one keeps its submitted entry (what was judged stays)', async () => {
		// The team, its entry, versions, scores and gallery copy went with the account.
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		await completeEntry(database.db, team.id, challenge.tracks[0]!.id);
		await submitEntry(database.db, testActor(lead.id), { challenge });
		await deleteAccount(
			database.db,
			store,
			{ actorId: lead.id },
			{ currentPassword: TEST_PASSWORD }
		);
		expect(await database.db.select().from(teams).where(eq(teams.id, team.id))).toHaveLength(1);
		const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
		expect(entry?.status).toBe('submitted');
		expect(
			await database.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id))
		).toEqual([]);
	});

	it('re-checks a submitted entry’s eligibility when membership or a birth date changes', async () => {
		// An unconsented 16-year-old joined after the team submitted; the entry stayed submitted.
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		await completeEntry(database.db, team.id, challenge.tracks[0]!.id);
		await submitEntry(database.db, testActor(lead.id), { challenge });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const deadlineYear = challenge.submissionDeadlineAt.getUTCFullYear();
		const birthday = challenge.submissionDeadlineAt.toISOString().slice(4, 10);
		const minor = await createUser(database.db, { dateOfBirth: `${deadlineYear - 16}${birthday}` });
		const refused = await refusal(
			acceptInvite(database.db, testActor(minor.id), { challenge, token: tokenOf(link.url) })
		);
		expect(refused).toMatchObject({ status: 409, field: 'token' });
		expect(await findMembership(database.db, minor.id, challenge.id)).toBeNull();

		// An adult may join; then a birth date that makes them an unconsented minor is refused.
		const adult = await createUser(database.db);
		await acceptInvite(database.db, testActor(adult.id), { challenge, token: tokenOf(link.url) });
		const profile = {
			name: 'Test Person',
			country: 'KR',
			dateOfBirth: `${deadlineYear - 16}${birthday}`,
			locale: 'en' as const
		};
		expect(await refusal(updateProfile(database.db, testActor(adult.id), profile))).toMatchObject({
			status: 409,
			field: 'dateOfBirth'
		});
		const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
		expect(entry?.status).toBe('submitted');
	});

	it('changes nothing after the deadline', async () => {
		const lead = await createUser(database.db);
		await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		freezeClock(new Date(challenge.submissionDeadlineAt.getTime() + 1000));
		expect(
			(
				await refusal(
					createInviteLink(database.db, testActor(lead.id), { challenge, uses: 'single', days: 1 })
				)
			).status
		).toBe(409);
		const late = await createUser(database.db);
		expect(
			(await refusal(createTeam(database.db, testActor(late.id), { challenge, name: teamName() })))
				.status
		).toBe(409);
	});

	it('refuses a revoked link and joiners outside the age range, with their reasons', async () => {
		const lead = await createUser(database.db);
		await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		// Ages on the deadline: one year too old, and one year too young.
		const deadlineYear = challenge.submissionDeadlineAt.getUTCFullYear();
		const birthday = challenge.submissionDeadlineAt.toISOString().slice(4, 10);
		const tooOld = await createUser(database.db, {
			dateOfBirth: `${deadlineYear - challenge.maxAge - 2}${birthday}`
		});
		const tooYoung = await createUser(database.db, {
			dateOfBirth: `${deadlineYear - challenge.minAge + 1}${birthday}`
		});
		for (const [person, limit] of [
			[tooOld, challenge.maxAge],
			[tooYoung, challenge.minAge]
		] as const) {
			const refused = await refusal(
				acceptInvite(database.db, testActor(person.id), { challenge, token: tokenOf(link.url) })
			);
			expect(refused.status).toBe(403);
			expect(refused.message).toContain(String(limit));
			expect(await findMembership(database.db, person.id, challenge.id)).toBeNull();
		}
		const [invite] = await database.query<{ id: string }>(
			`select id from team_invites where created_by = '${lead.id}'`
		);
		await revokeInvite(database.db, testActor(lead.id), { challenge, inviteId: invite!.id });
		const late = await createUser(database.db);
		const revoked = await refusal(
			acceptInvite(database.db, testActor(late.id), { challenge, token: tokenOf(link.url) })
		);
		expect(revoked.field).toBe('token');
		expect(await findMembership(database.db, late.id, challenge.id)).toBeNull();
	});

	it('names a minor’s guardian to that minor only; teammates see the consent status', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const deadlineYear = challenge.submissionDeadlineAt.getUTCFullYear();
		const birthday = challenge.submissionDeadlineAt.toISOString().slice(4, 10);
		const minorBirth = `${deadlineYear - 16}${birthday}`;
		const minor = await createUser(database.db, { dateOfBirth: minorBirth });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'single',
			days: 7
		});
		await acceptInvite(database.db, testActor(minor.id), { challenge, token: tokenOf(link.url) });
		const guardianEmail = `guardian-${counter}-${Date.now()}@example.org`;
		await database.db.insert(guardianConsents).values({
			userId: minor.id,
			challengeId: challenge.id,
			guardianName: 'Grace Guardian',
			guardianEmail,
			tokenHash: `hash-${guardianEmail}`,
			expiresAt: new Date(Date.now() + 7 * DAY)
		});

		const asLead = await listTeamMembers(database.db, team.id, challenge, lead.id);
		expect(asLead.find((member) => member.userId === minor.id)).toMatchObject({
			minor: true,
			consent: { requested: true, given: false, guardianEmail: null }
		});
		const seen = JSON.stringify(asLead);
		for (const secret of [guardianEmail, 'Grace Guardian', minorBirth])
			expect(seen).not.toContain(secret);
		const asMinor = await listTeamMembers(database.db, team.id, challenge, minor.id);
		expect(asMinor.find((member) => member.userId === minor.id)?.consent?.guardianEmail).toBe(
			guardianEmail
		);
	});

	it('records every membership change in the audit log, with who did it', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const [first, second] = [await createUser(database.db), await createUser(database.db)];
		await acceptInvite(database.db, testActor(first.id), { challenge, token: tokenOf(link.url) });
		await acceptInvite(database.db, testActor(second.id), { challenge, token: tokenOf(link.url) });
		// The lead removes one member, hands over to the other, then leaves.
		await removeMember(database.db, testActor(lead.id), { challenge, memberUserId: first.id });
		expect(await findMembership(database.db, first.id, challenge.id)).toBeNull();
		await transferLead(database.db, testActor(lead.id), { challenge, newLeadUserId: second.id });
		await leaveTeam(database.db, store, testActor(lead.id), { challenge });
		const rows = await database.db
			.select({ action: auditLog.action, actorId: auditLog.actorId })
			.from(auditLog)
			.where(inArray(auditLog.actorId, [lead.id, first.id, second.id]))
			.orderBy(asc(auditLog.id));
		expect(rows).toEqual([
			{ action: 'team.create', actorId: lead.id },
			{ action: 'team.invite_link', actorId: lead.id },
			{ action: 'team.join', actorId: first.id },
			{ action: 'team.join', actorId: second.id },
			{ action: 'team.remove_member', actorId: lead.id },
			{ action: 'team.transfer_lead', actorId: lead.id },
			{ action: 'team.leave', actorId: lead.id }
		]);
		const [entity] = await database.db
			.select({ entityId: auditLog.entityId })
			.from(auditLog)
			.where(and(eq(auditLog.action, 'team.remove_member'), eq(auditLog.actorId, lead.id)))
			.orderBy(asc(auditLog.id));
		expect(entity?.entityId).toBe(team.id);
	});
});

describe('the invitation page before signing in', () => {
	it('names the team and an adult inviter; never a minor, as inviter or inside the team name', async () => {
		const adult = await createUser(database.db, { name: 'Dana Reyes' });
		await createTeam(database.db, testActor(adult.id), { challenge, name: 'Reyes Lab' });
		const adultLink = await createInviteLink(database.db, testActor(adult.id), {
			challenge,
			uses: 'single',
			days: 7
		});
		expect(await previewInvite(database.db, tokenOf(adultLink.url), null)).toEqual({
			valid: true,
			teamName: 'Reyes Lab',
			inviterName: 'Dana Reyes',
			forEmail: null
		});

		const minor = await createUser(database.db, { name: 'Haneul Park', dateOfBirth: '2010-06-01' });
		await createTeam(database.db, testActor(minor.id), { challenge, name: "Haneul's Lab" });
		const minorLink = await createInviteLink(database.db, testActor(minor.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const preview = await previewInvite(database.db, tokenOf(minorLink.url), null);
		expect(preview).toMatchObject({ valid: true, inviterName: null });
		expect(JSON.stringify(preview)).not.toContain('Haneul');

		// A member lands on their team after signing in.
		expect(await landingFor(database.db, minor.id)).toBe('/team');
	});
});

describe('mail to an address a participant chooses', () => {
	const deadlineYear = () => challenge.submissionDeadlineAt.getUTCFullYear();
	const minorBirth = () =>
		`${deadlineYear() - 16}${challenge.submissionDeadlineAt.toISOString().slice(4, 10)}`;
	const address = (kind: string) => `${kind}-${++counter}-${Date.now()}@example.org`;
	const mailsTo = (email: string) =>
		database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));

	function expectQuotedNotLinked(mail: { textBody: string; htmlBody: string }, chosen: string[]) {
		for (const text of chosen) {
			expect(mail.textBody).toContain(`“${chosenText(text)}”`);
			for (const body of [mail.textBody, mail.htmlBody]) {
				expect(body).not.toContain(text);
				expect(body).not.toMatch(/evil\.example|scam\.example|http:\/\/evil/);
			}
		}
		// The one link is the action's.
		expect(mail.htmlBody.match(/<a\b/g)).toHaveLength(1);
		expect(mail.htmlBody).toMatch(/<a href="http:\/\/portal\.test\/(join|consent)\?token=/);
	}

	it('invites without names in the subject; the body quotes them, bounded and never as a link', async () => {
		const lead = await createUser(database.db, { name: 'Visit http://evil.example/prize now' });
		const number = ++counter;
		const name = `Win at evil.example/${number}”. Verified by the organizers`;
		await createTeam(database.db, testActor(lead.id), { challenge, name });
		const invitee = address('invitee');
		await inviteByEmail(database.db, testActor(lead.id), { challenge, email: invitee });
		const [mail] = await mailsTo(invitee);
		expect(mail.subject).toBe('You are invited to join a team');
		expectQuotedNotLinked(mail, [lead.name, name]);
		// The team name cannot close the quotes around it.
		expect(mail.textBody).toContain(`evil․example∕${number}'․ Verified by the organizers”`);
	});

	it('asks a guardian for consent without names in the subject or the greeting', async () => {
		const minor = await createUser(database.db, {
			name: 'Kid from scam.example',
			dateOfBirth: minorBirth()
		});
		const guardianEmail = address('guardian');
		await requestGuardianConsent(database.db, testActor(minor.id), {
			challenge,
			guardianName: 'Call 010 at scam.example',
			guardianEmail
		});
		const [mail] = await mailsTo(guardianEmail);
		expect(mail.subject).toBe('A participant asks for your consent');
		expect(mail.textBody.startsWith('Hello parent or guardian,\n')).toBe(true);
		expect(mail.textBody).not.toContain('Call 010');
		expectQuotedNotLinked(mail, [minor.name]);
	});

	it('limits invitations by email per address, whoever sends them (429)', async () => {
		const invitee = address('popular');
		const send = async () => {
			const lead = await createUser(database.db);
			await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
			return inviteByEmail(database.db, testActor(lead.id), { challenge, email: invitee });
		};
		for (let sent = 0; sent < 3; sent++) await send();
		const refused = await refusal(send());
		expect([refused.status, refused.field]).toEqual([429, 'email']);
		expect(await mailsTo(invitee)).toHaveLength(3);
	});

	it('limits invitations by email per sender and per team, across a change of lead (429)', async () => {
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), { challenge, name: teamName() });
		const member = await createUser(database.db);
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'single',
			days: 7
		});
		await acceptInvite(database.db, testActor(member.id), { challenge, token: tokenOf(link.url) });
		// 30 invitations in a day, each revoked so the open ones stay under their own cap.
		for (let sent = 0; sent < 30; sent++) {
			const email = address('invited');
			await inviteByEmail(database.db, testActor(lead.id), { challenge, email });
			const [open] = (await listOpenInvites(database.db, team.id)).filter(
				(invite) => invite.email === email
			);
			await revokeInvite(database.db, testActor(lead.id), { challenge, inviteId: open.id });
		}
		const bySender = await refusal(
			inviteByEmail(database.db, testActor(lead.id), { challenge, email: address('more') })
		);
		expect([bySender.status, bySender.field]).toEqual([429, 'email']);
		// A new lead of the same team is refused too: the limit belongs to the team.
		await transferLead(database.db, testActor(lead.id), { challenge, newLeadUserId: member.id });
		const byTeam = await refusal(
			inviteByEmail(database.db, testActor(member.id), { challenge, email: address('more') })
		);
		expect([byTeam.status, byTeam.field]).toEqual([429, 'email']);
	});

	it('limits consent requests per participant and per guardian address (429)', async () => {
		const guardianEmail = address('busy-guardian');
		const ask = async (userId: string, email = guardianEmail) =>
			requestGuardianConsent(database.db, testActor(userId), {
				challenge,
				guardianName: 'A Guardian',
				guardianEmail: email
			});
		for (let asked = 0; asked < 5; asked++)
			await ask((await createUser(database.db, { dateOfBirth: minorBirth() })).id);
		const minor = await createUser(database.db, { dateOfBirth: minorBirth() });
		const byAddress = await refusal(ask(minor.id));
		expect([byAddress.status, byAddress.field]).toEqual([429, 'guardianEmail']);
		expect(await mailsTo(guardianEmail)).toHaveLength(5);
		// The same participant, to ever new addresses: 5 a day.
		for (let asked = 0; asked < 4; asked++) await ask(minor.id, address('guardian'));
		const bySender = await refusal(ask(minor.id, address('guardian')));
		expect([bySender.status, bySender.field]).toEqual([429, 'guardianEmail']);
	});
});
