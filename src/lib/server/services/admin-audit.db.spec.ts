import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit';
import { freezeClock } from '../clock';
import { auditLog, users } from '../db/schema';
import { ServiceError } from '../errors';
import { demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor } from '../testing/fixtures';
import { listAudit } from './admin-audit';
import { createTeam } from './teams';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
	// Start from an empty log: only what these tests record.
	await database.db.delete(auditLog);
});
afterEach(() => freezeClock(undefined));

describe('the audit log for organizers', () => {
	it('pages newest first by keyset, also through records made at the same instant', async () => {
		const actor = await createUser(database.db, { name: 'Paging Actor' });
		const base = Date.UTC(2026, 4, 1, 9, 0, 0);
		// Seven records over four instants, three of them sharing one.
		const instants = [0, 1000, 1000, 1000, 2000, 3000, 3000];
		for (const [index, offset] of instants.entries()) {
			freezeClock(new Date(base + offset));
			await recordAudit(database.db, {
				actorId: actor.id,
				action: 'entry.edit',
				entityType: 'entry',
				entityId: `paging-${index}`,
				data: { step: 'basics', index }
			});
		}
		const seen: string[] = [];
		let after: string | undefined;
		let pages = 0;
		do {
			const page = await listAudit(database.db, { action: 'entry.', after, pageSize: 2 });
			seen.push(...page.records.map((record) => record.entityId as string));
			after = page.nextAfter;
			pages++;
		} while (after && pages < 10);
		expect(pages).toBe(4);
		// Newest first; at one instant, the later id first.
		expect(seen).toEqual([
			'paging-6',
			'paging-5',
			'paging-4',
			'paging-3',
			'paging-2',
			'paging-1',
			'paging-0'
		]);
		const first = await listAudit(database.db, { action: 'entry.', pageSize: 1 });
		expect(first.records[0]).toMatchObject({
			actorName: 'Paging Actor',
			actorEmail: actor.email,
			data: { step: 'basics', index: 6 }
		});
	});

	it('keeps microsecond-precise positions between pages', async () => {
		// Rows written by SQL defaults carry microseconds, which a JavaScript date would drop.
		await database.query(`
			insert into audit_log (action, entity_type, entity_id, created_at) values
			('challenge.update_dates', 'challenge', 'micro-1', '2026-06-01T00:00:00.000100Z'),
			('challenge.update_dates', 'challenge', 'micro-2', '2026-06-01T00:00:00.000200Z'),
			('challenge.update_dates', 'challenge', 'micro-3', '2026-06-01T00:00:00.000300Z')`);
		const firstPage = await listAudit(database.db, { action: 'challenge.', pageSize: 1 });
		const secondPage = await listAudit(database.db, {
			action: 'challenge.',
			pageSize: 5,
			after: firstPage.nextAfter
		});
		expect(firstPage.records.map((record) => record.entityId)).toEqual(['micro-3']);
		expect(secondPage.records.map((record) => record.entityId)).toEqual(['micro-2', 'micro-1']);
		// A record without an actor (system, guardian or deleted account).
		expect(secondPage.records[0]).toMatchObject({ actorId: null, actorName: null });
	});

	it('filters by action, entity type, entity and actor, and names what a record is about', async () => {
		const lead = await createUser(database.db, {
			name: 'Filter Lead 100%',
			email: 'filter-lead@example.org'
		});
		const team = await createTeam(database.db, testActor(lead.id), {
			challenge,
			name: 'Audit Filter Team'
		});
		const other = await createUser(database.db, { name: 'Someone Else' });
		await recordAudit(database.db, {
			actorId: other.id,
			action: 'role.grant',
			entityType: 'user',
			entityId: lead.id,
			data: { role: 'judge' }
		});

		const byAction = await listAudit(database.db, { action: 'team.create' });
		expect(byAction.records.map((record) => record.entityId)).toEqual([team.id]);
		expect(byAction.records[0]).toMatchObject({
			entityName: 'Audit Filter Team',
			actorName: 'Filter Lead 100%',
			data: { name: 'Audit Filter Team' }
		});
		expect(byAction.records[0].entryId).toMatch(/^[0-9a-f-]{36}$/);

		const byPrefix = await listAudit(database.db, { action: 'role.' });
		expect(byPrefix.records.map((record) => record.action)).toEqual(['role.grant']);
		expect(byPrefix.records[0].entityName).toBe('Filter Lead 100%');

		// The prefix is literal: "team." does not match "teamXcreate".
		await recordAudit(database.db, { actorId: null, action: 'teamXcreate', entityType: 'team' });
		expect(
			(await listAudit(database.db, { action: 'team.' })).records.every((record) =>
				record.action.startsWith('team.')
			)
		).toBe(true);

		const byType = await listAudit(database.db, { entityType: 'user' });
		expect(byType.records.map((record) => record.action)).toEqual(['role.grant']);

		const byActorEmail = await listAudit(database.db, { actor: 'FILTER-LEAD@' });
		expect(byActorEmail.records.map((record) => record.action)).toEqual(['team.create']);
		const byActorName = await listAudit(database.db, { actor: 'someone' });
		expect(byActorName.records.map((record) => record.action)).toEqual(['role.grant']);
		expect((await listAudit(database.db, { actor: '100%' })).records).toHaveLength(1);
		expect((await listAudit(database.db, { actor: 'Filter_Lead' })).records).toHaveLength(0);

		const history = await listAudit(database.db, {
			entities: [
				{ type: 'team', id: team.id },
				{ type: 'entry', id: '00000000-0000-4000-8000-000000000000' }
			]
		});
		expect(history.records.map((record) => record.action)).toEqual(['team.create']);
		expect((await listAudit(database.db, { entities: [] })).records).toEqual([]);

		// Once the actor's account is gone, the record stays without a name.
		await database.db.delete(users).where(eq(users.id, other.id));
		const orphan = await listAudit(database.db, { action: 'role.grant' });
		expect(orphan.records[0]).toMatchObject({ actorId: null, actorName: null });
	});

	it('refuses a page cursor it did not write', async () => {
		for (const after of [
			'garbage!',
			Buffer.from('["2026-01-01T00:00:00.000000", -1]').toString('base64url'),
			Buffer.from('["yesterday", 5]').toString('base64url'),
			Buffer.from('[1, 2]').toString('base64url')
		]) {
			const refusal = await listAudit(database.db, { after }).catch((error: unknown) => error);
			expect(refusal, after).toBeInstanceOf(ServiceError);
			expect((refusal as ServiceError).status).toBe(400);
		}
	});
});
