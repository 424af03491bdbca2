import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	entries,
	judgeConflicts,
	roundEntries,
	rounds,
	rubrics,
	teamMembers,
	teams,
	userRoles,
	users
} from '../../db/schema';
import { demoChallenge } from '../../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { createUser } from '../../testing/fixtures';
import { blockedPairs } from './pairs';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;
let roundId: string;
let label = 0;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	const [rubric] = await database.db.select({ id: rubrics.id }).from(rubrics).limit(1);
	const [round] = await database.db
		.insert(rounds)
		.values({
			challengeId: challenge.id,
			position: 9,
			name: 'Conflicts test',
			rubricId: rubric!.id,
			opensAt: new Date('2026-01-01T00:00:00Z'),
			closesAt: new Date('2026-02-01T00:00:00Z')
		})
		.returning({ id: rounds.id });
	roundId = round!.id;
});

/** A team (lead from `leadCountry`) with a submitted entry, in the round unless told otherwise. */
async function entryInRound(
	options: { partner?: string; countries?: string[]; leadCountry?: string; inRound?: boolean } = {}
) {
	const lead = await createUser(database.db);
	if (options.leadCountry)
		await database.db
			.update(users)
			.set({ country: options.leadCountry })
			.where(eq(users.id, lead.id));
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId: challenge.id, name: `Team ${randomBytes(4).toString('hex')}` })
		.returning({ id: teams.id });
	await database.db
		.insert(teamMembers)
		.values({ teamId: team!.id, challengeId: challenge.id, userId: lead.id, role: 'lead' });
	const [entry] = await database.db
		.insert(entries)
		.values({
			teamId: team!.id,
			challengeId: challenge.id,
			status: 'submitted',
			title: 'An entry',
			partner: options.partner ?? '',
			countries: options.countries ?? []
		})
		.returning({ id: entries.id });
	if (options.inRound !== false)
		await database.db.insert(roundEntries).values({ roundId, entryId: entry!.id, label: ++label });
	return { entryId: entry!.id, teamId: team!.id, leadId: lead.id };
}

async function conflict(
	judgeId: string,
	values: Partial<typeof judgeConflicts.$inferInsert> & {
		kind: 'team' | 'organization' | 'country';
	}
) {
	await database.db.insert(judgeConflicts).values({
		challengeId: challenge.id,
		judgeId,
		source: 'judge',
		status: 'confirmed',
		...values
	});
}

const has = (pairs: { judgeId: string; entryId: string }[], judgeId: string, entryId: string) =>
	pairs.some((pair) => pair.judgeId === judgeId && pair.entryId === entryId);

describe('blockedPairs', () => {
	it('resolves confirmed conflicts of every kind, and team membership, to the round entries', async () => {
		const judge = await createUser(database.db, { roles: ['judge'] });
		const other = await createUser(database.db, { roles: ['judge'] });
		const byTeam = await entryInRound();
		const byPartner = await entryInRound({ partner: '  UN   Women ' });
		const otherPartner = await entryInRound({ partner: 'UNDP' });
		const byCountry = await entryInRound({ countries: ['VN', 'KR'] });
		const byMemberCountry = await entryInRound({ leadCountry: 'GH' });
		const notInRound = await entryInRound({ partner: 'un women', inRound: false });

		await conflict(judge.id, { kind: 'team', teamId: byTeam.teamId });
		await conflict(judge.id, { kind: 'organization', value: 'un women' });
		await conflict(judge.id, { kind: 'country', value: 'VN' });
		await conflict(other.id, { kind: 'country', value: 'GH' });

		const pairs = await blockedPairs(database.db, roundId);
		expect(has(pairs, judge.id, byTeam.entryId)).toBe(true);
		expect(has(pairs, judge.id, byPartner.entryId)).toBe(true);
		expect(has(pairs, judge.id, otherPartner.entryId)).toBe(false);
		expect(has(pairs, judge.id, byCountry.entryId)).toBe(true);
		expect(has(pairs, other.id, byMemberCountry.entryId)).toBe(true);
		expect(has(pairs, other.id, byCountry.entryId)).toBe(false);
		expect(pairs.some((pair) => pair.entryId === notInRound.entryId)).toBe(false);
		// Every judge is blocked from their own team's entry, without any declaration; members who
		// do not judge are not listed (they are never assigned).
		expect(has(pairs, byTeam.leadId, byTeam.entryId)).toBe(false);
		await database.db.insert(userRoles).values({ userId: byTeam.leadId, role: 'judge' });
		const withJudgingLead = await blockedPairs(database.db, roundId);
		expect(has(withJudgingLead, byTeam.leadId, byTeam.entryId)).toBe(true);
		expect(has(withJudgingLead, byPartner.leadId, byPartner.entryId)).toBe(false);
		// No duplicates.
		const keys = pairs.map((pair) => `${pair.judgeId}:${pair.entryId}`);
		expect(new Set(keys).size).toBe(keys.length);

		// Filtered to one entry.
		const one = await blockedPairs(database.db, roundId, byPartner.entryId);
		expect(one.every((pair) => pair.entryId === byPartner.entryId)).toBe(true);
		expect(has(one, judge.id, byPartner.entryId)).toBe(true);
	});

	it('ignores suggested and dismissed conflicts', async () => {
		const judge = await createUser(database.db, { roles: ['judge'] });
		const target = await entryInRound({ partner: 'Open Data Lab', countries: ['KE'] });
		await conflict(judge.id, { kind: 'team', teamId: target.teamId, status: 'suggested' });
		await conflict(judge.id, {
			kind: 'organization',
			value: 'Open Data Lab',
			status: 'dismissed'
		});
		await conflict(judge.id, { kind: 'country', value: 'KE', status: 'suggested' });
		const pairs = await blockedPairs(database.db, roundId);
		expect(has(pairs, judge.id, target.entryId)).toBe(false);
	});
});
