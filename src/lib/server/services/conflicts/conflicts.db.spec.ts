import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock } from '../../clock';
import { auditLog, entries, judgeConflicts, teamMembers, teams } from '../../db/schema';
import { createUser } from '../../testing/fixtures';
import {
	confirmConflict,
	declareConflict,
	detectConflicts,
	dismissConflict,
	listJudgeConflicts,
	listOwnConflicts,
	removeOwnDeclaredConflict
} from '.';
import { saveJudgeProfile } from '../judge-profiles';
import {
	judgeHelpers,
	judgeSetting,
	refusal,
	unique,
	type JudgeSetting
} from '../../testing/judge-fixtures';

let database: JudgeSetting['database'];
let challenge: JudgeSetting['challenge'];
let organizer: JudgeSetting['organizer'];

beforeAll(async () => {
	({ database, challenge, organizer } = await judgeSetting());
});
afterEach(() => freezeClock(undefined));

const { newJudge } = judgeHelpers(() => ({ database, challenge, organizer }));

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

describe('conflicts', () => {
	it('records a typed team name the same way whether or not the team exists', async () => {
		const judge = await newJudge();
		const team = await newTeam([`m-${unique()}@example.org`]);
		const actor = { actorId: judge.id };
		const base = { challengeId: challenge.id, kind: 'team' as const };
		expect(
			await declareConflict(database.db, actor, {
				...base,
				value: team.name.toUpperCase(),
				reason: 'Mentor'
			})
		).toEqual({ recorded: true });
		expect(
			await declareConflict(database.db, actor, {
				...base,
				value: 'No Such Team Anywhere',
				reason: ''
			})
		).toEqual({ recorded: true });
		// Declaring the same thing twice stores it once.
		await declareConflict(database.db, actor, { ...base, value: team.name, reason: '' });
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
		const actor = { actorId: judge.id };
		const base = { challengeId: challenge.id };
		await declareConflict(database.db, actor, {
			...base,
			kind: 'organization',
			value: 'UNDP Seoul'
		});
		await declareConflict(database.db, actor, { ...base, kind: 'country', value: 'vn' });
		const country = await refusal(
			declareConflict(database.db, actor, { ...base, kind: 'country', value: 'ZZ' })
		);
		expect([country.status, country.field]).toEqual([400, 'country']);
		const empty = await refusal(
			declareConflict(database.db, actor, { ...base, kind: 'organization', value: '  ' })
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
			removeOwnDeclaredConflict(
				database.db,
				{ actorId: other.id },
				{ challengeId: challenge.id, conflictId: conflicts[0].id }
			)
		);
		expect(foreign.status).toBe(404);
		await removeOwnDeclaredConflict(
			database.db,
			{ actorId: judge.id },
			{ challengeId: challenge.id, conflictId: conflicts[0].id }
		);
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

		expect(
			(await detectConflicts(database.db, null, { challengeId: challenge.id })).detected
		).toBeGreaterThanOrEqual(2);
		expect((await systemRows(judge.id)).map((row) => row.reason).sort()).toEqual([
			'email_domain',
			'team_member'
		]);
		await saveJudgeProfile(
			database.db,
			{ actorId: judge.id },
			{ challengeId: challenge.id, organization, country: '', expertise: [], bio: '' }
		);
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
		expect((await detectConflicts(database.db, null, { challengeId: challenge.id })).detected).toBe(
			0
		);
		const dismissed = rows.find((row) => row.reason === 'email_domain');
		const confirmed = rows.find((row) => row.reason === 'same_organization');
		if (!dismissed || !confirmed) throw new Error('rows missing');
		await dismissConflict(
			database.db,
			{ actorId: organizer.id },
			{ challengeId: challenge.id, conflictId: dismissed.id }
		);
		await confirmConflict(
			database.db,
			{ actorId: organizer.id },
			{ challengeId: challenge.id, conflictId: confirmed.id }
		);
		expect(
			(await detectConflicts(database.db, { actorId: organizer.id }, { challengeId: challenge.id }))
				.detected
		).toBe(0);
		expect(await systemRows(judge.id)).toHaveLength(3);
		const decided = await refusal(
			dismissConflict(
				database.db,
				{ actorId: organizer.id },
				{ challengeId: challenge.id, conflictId: confirmed.id }
			)
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
});
