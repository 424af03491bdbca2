import { isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { emailOutbox, userRoles, users } from '../db/schema';

/** Headline counts for the organizer dashboard, in one round trip. */
export async function getDashboardCounts(db: Executor) {
	const [row] = await db
		.select({
			accounts: sql<number>`(select count(*)::int from ${users})`,
			verified: sql<number>`(select count(*)::int from ${users} where ${users.emailVerifiedAt} is not null)`,
			judges: sql<number>`(select count(*)::int from ${userRoles} where ${userRoles.role} = 'judge')`,
			organizers: sql<number>`(select count(*)::int from ${userRoles} where ${userRoles.role} = 'organizer')`,
			mailPending: sql<number>`(select count(*)::int from ${emailOutbox} where ${isNull(emailOutbox.sentAt)})`
		})
		.from(sql`(select 1) as one`);
	return {
		accounts: Number(row.accounts),
		verified: Number(row.verified),
		judges: Number(row.judges),
		organizers: Number(row.organizers),
		mailPending: Number(row.mailPending)
	};
}
