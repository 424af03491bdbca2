import { and, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { Executor } from '../db';
import { files, teamMembers, type StoredFile } from '../db/schema';

/**
 * Who may fetch a stored file: members of the team that uploaded it and organizers. Everyone
 * else gets the same answer as for a file that does not exist.
 */
export async function findReadableFile(
	db: Executor,
	fileId: string,
	user: SessionUser | null
): Promise<StoredFile | null> {
	if (!user) return null;
	const [file] = await db.select().from(files).where(eq(files.id, fileId)).limit(1);
	if (!file) return null;
	if (user.roles.includes('organizer')) return file;
	const [member] = await db
		.select({ userId: teamMembers.userId })
		.from(teamMembers)
		.where(and(eq(teamMembers.teamId, file.teamId), eq(teamMembers.userId, user.id)))
		.limit(1);
	return member ? file : null;
}
