import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password';
import type { Database } from '../db';
import { userRoles, users, type AppRole } from '../db/schema';
import type { Actor, RequestContext } from '../request';

export function testContext(overrides: Partial<RequestContext> = {}): RequestContext {
	return {
		ipAddress: `10.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
		userAgent: 'vitest',
		baseUrl: 'http://portal.test',
		locale: 'en',
		...overrides
	};
}

/** Someone acting with a whole test request (address, agent, origin, locale). */
export function testActor(
	actorId: string,
	overrides: Partial<RequestContext> = {}
): Actor & RequestContext {
	return { actorId, ...testContext(overrides) };
}

export const TEST_PASSWORD = 'a perfectly fine test password';

let cachedHash: Promise<string> | undefined;

/** A confirmed account with TEST_PASSWORD (hashed once per file: argon2 is slow on purpose). */
export async function createUser(
	db: Database,
	options: { email?: string; name?: string; roles?: AppRole[]; dateOfBirth?: string } = {}
) {
	cachedHash ??= hashPassword(TEST_PASSWORD);
	const email = options.email ?? `user-${randomBytes(5).toString('hex')}@example.org`;
	const [user] = await db
		.insert(users)
		.values({
			email,
			name: options.name ?? 'Test Person',
			country: 'KR',
			dateOfBirth: options.dateOfBirth ?? '2000-01-01',
			passwordHash: await cachedHash,
			emailVerifiedAt: new Date()
		})
		.returning();
	for (const role of options.roles ?? [])
		await db.insert(userRoles).values({ userId: user.id, role });
	return user;
}

/** Every row of every table in `public`, as text, to look for values that must not be stored. */
export async function dumpAllTables(query: <Row>(text: string) => Promise<Row[]>): Promise<string> {
	const tables = await query<{ table_name: string }>(
		`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
	);
	const parts: string[] = [];
	for (const { table_name } of tables) {
		const rows = await query(`select * from "${table_name}"`);
		parts.push(`${table_name}: ${JSON.stringify(rows)}`);
	}
	return parts.join('\n');
}
