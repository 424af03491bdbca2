import { asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { challenges, tracks } from '../db/schema';

/** The challenge the portal is running now (the newest active one) with its tracks. */
export async function getCurrentChallenge(db: Executor) {
	const rows = await db
		.select()
		.from(challenges)
		.where(eq(challenges.isActive, true))
		.orderBy(desc(challenges.submissionDeadlineAt))
		.limit(1);
	const challenge = rows[0];
	if (!challenge) return null;
	const challengeTracks = await db
		.select()
		.from(tracks)
		.where(eq(tracks.challengeId, challenge.id))
		.orderBy(asc(tracks.position), asc(tracks.slug));
	return { ...challenge, tracks: challengeTracks };
}

export type CurrentChallenge = NonNullable<Awaited<ReturnType<typeof getCurrentChallenge>>>;
