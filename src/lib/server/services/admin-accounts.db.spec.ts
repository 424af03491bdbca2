import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, userRoles, users } from '../db/schema';
import { ServiceError } from '../errors';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor } from '../testing/fixtures';
import { grantRole, listAccounts, revokeRole } from './admin-accounts';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

describe('accounts administration', () => {
	it('pages through accounts by keyset and searches by name or email', async () => {
		for (let index = 0; index < 7; index++)
			await createUser(database.db, {
				email: `page-${index}@example.org`,
				name: index === 3 ? 'Nomvula 100% Dlamini' : `Person ${index}`
			});
		const first = await listAccounts(database.db, { search: 'page-', pageSize: 3 });
		expect(first.accounts.map((account) => account.email)).toEqual([
			'page-0@example.org',
			'page-1@example.org',
			'page-2@example.org'
		]);
		const second = await listAccounts(database.db, {
			search: 'page-',
			after: first.nextAfter,
			pageSize: 3
		});
		expect(second.accounts.map((account) => account.email)).toEqual([
			'page-3@example.org',
			'page-4@example.org',
			'page-5@example.org'
		]);
		const last = await listAccounts(database.db, {
			search: 'page-',
			after: second.nextAfter,
			pageSize: 3
		});
		expect(last.accounts).toHaveLength(1);
		expect(last.nextAfter).toBeUndefined();
		// The cursor is opaque like every other list's; an old link with a bare email address
		// starts again at the first page instead of failing.
		expect(first.nextAfter).not.toContain('@');
		const oldLink = await listAccounts(database.db, {
			search: 'page-',
			after: 'page-2@example.org',
			pageSize: 3
		});
		expect(oldLink.accounts.map((account) => account.email)).toEqual(
			first.accounts.map((account) => account.email)
		);
		// LIKE wildcards are literal in searches.
		const literal = await listAccounts(database.db, { search: '100%' });
		expect(literal.accounts.map((account) => account.name)).toEqual(['Nomvula 100% Dlamini']);
		const percent = await listAccounts(database.db, { search: '%' });
		expect(percent.accounts.map((account) => account.name)).toEqual(['Nomvula 100% Dlamini']);
		expect((await listAccounts(database.db, { search: 'page_' })).accounts).toEqual([]);
	});

	it('grants and revokes roles with an audit record, and keeps at least one organizer', async () => {
		const organizer = await createUser(database.db, { roles: ['organizer'] });
		const person = await createUser(database.db);
		await grantRole(database.db, testActor(organizer.id), { userId: person.id, role: 'judge' });
		let listed = await listAccounts(database.db, { search: person.email });
		expect(listed.accounts[0].roles).toEqual(['judge']);
		await revokeRole(database.db, testActor(organizer.id), { userId: person.id, role: 'judge' });
		listed = await listAccounts(database.db, { search: person.email });
		expect(listed.accounts[0].roles).toEqual([]);
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, person.id));
		expect(audit.map((entry) => entry.action)).toEqual(['role.grant', 'role.revoke']);
		expect(audit.every((entry) => entry.actorId === organizer.id)).toBe(true);

		const refusal = await revokeRole(database.db, testActor(organizer.id), {
			userId: organizer.id,
			role: 'organizer'
		}).catch((error: ServiceError) => error);
		expect(refusal).toBeInstanceOf(ServiceError);
		expect((refusal as ServiceError).status).toBe(409);
	});

	it('gives the judge and organizer roles only to accounts that confirmed their address', async () => {
		const organizer = await createUser(database.db, { roles: ['organizer'] });
		const person = await createUser(database.db);
		await database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, person.id));
		for (const role of ['judge', 'organizer'] as const) {
			const refusal = await grantRole(database.db, testActor(organizer.id), {
				userId: person.id,
				role
			}).catch((error: ServiceError) => error);
			expect(refusal).toMatchObject({ status: 409, field: 'role' });
		}
		expect(
			await database.db.select().from(userRoles).where(eq(userRoles.userId, person.id))
		).toEqual([]);
	});
});
