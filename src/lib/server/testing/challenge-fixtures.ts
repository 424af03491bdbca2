import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { REQUIRED_QUESTIONS, TEXT_QUESTIONS } from '$lib/domain/entry-fields';
import type { Database } from '../db';
import { entries, files } from '../db/schema';
import { seedDemoData } from '../seed/seed';
import { getCurrentChallenge } from '../services/challenges';

/** The demo challenge (seeded once per test database), with its tracks. */
export async function demoChallenge(db: Database) {
	let challenge = await getCurrentChallenge(db);
	if (!challenge) {
		await seedDemoData(db);
		challenge = await getCurrentChallenge(db);
	}
	if (!challenge) throw new Error('no challenge');
	return challenge;
}

/** Fills every required answer of a team's entry (files as rows without blobs). */
export async function completeEntry(db: Database, teamId: string, trackId: string) {
	const fileRow = async (kind: 'cover' | 'deck') => {
		const [row] = await db
			.insert(files)
			.values({
				teamId,
				kind,
				storageKey: `teams/${teamId}/${randomBytes(8).toString('hex')}.${kind === 'cover' ? 'webp' : 'pdf'}`,
				contentType: kind === 'cover' ? 'image/webp' : 'application/pdf',
				byteSize: 1000,
				storedBytes: 1000,
				sha256: randomBytes(32).toString('hex')
			})
			.returning({ id: files.id });
		return row.id;
	};
	const text = Object.fromEntries(
		REQUIRED_QUESTIONS.filter((key) => key in TEXT_QUESTIONS).map((key) => [
			key,
			`Answer for ${key}`
		])
	);
	await db
		.update(entries)
		.set({
			...text,
			trackId,
			countries: ['KR', 'VN'],
			sdgs: [11, 13],
			stage: 'pilot',
			coverFileId: await fileRow('cover'),
			deckFileId: await fileRow('deck')
		})
		.where(eq(entries.teamId, teamId));
}
