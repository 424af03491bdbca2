/** The demo gallery: six teams of adults with submitted entries and covers. */
import { and, eq, inArray } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import sharp from 'sharp';
import { hashPassword } from '../auth/password';
import { addMilliseconds, DAY, HOUR } from '../clock';
import type { FileStore } from '../files/store';
import { saveTeamFile } from '../services/files';
import type { Database, Transaction } from '../db';
import {
	challenges,
	entries,
	entryVersions,
	galleryEntries,
	teamMembers,
	teams,
	tracks,
	users
} from '../db/schema';
import {
	DEMO_PASSWORD,
	demoChallenge,
	demoGallery,
	demoRound,
	type DemoGalleryEntry
} from './seed-data';

import { publishDemoRound } from './showcase';

/** A cover for a demo entry: a gradient with soft circles (no text, so no font is needed). */
async function demoCover(entry: DemoGalleryEntry, index: number): Promise<Uint8Array> {
	const [from, to] = entry.colors;
	const circles = [0, 1, 2, 3]
		.map((step) => {
			const x = 200 + ((index * 337 + step * 421) % 1200);
			const y = 150 + ((index * 211 + step * 277) % 600);
			const r = 90 + ((index + step) % 4) * 60;
			return `<circle cx="${x}" cy="${y}" r="${r}" fill="#ffffff" fill-opacity="${0.08 + step * 0.05}"/>`;
		})
		.join('');
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/>${circles}</svg>`;
	return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/**
 * Six demo teams of adults with submitted entries, judged in a decided round and shortlisted,
 * and a result publication whose gallery shows them: a fresh portal has something in its public
 * gallery, and its results agree with it. Each step is keyed, so an interrupted run is completed
 * by the next one and a complete one is left untouched.
 */
export async function seedDemoGallery(db: Database, reference: Date, fileStore: FileStore) {
	const [challenge] = await db
		.select()
		.from(challenges)
		.where(eq(challenges.slug, demoChallenge.slug));
	const challengeTracks = await db
		.select({ id: tracks.id, slug: tracks.slug, name: tracks.name, position: tracks.position })
		.from(tracks)
		.where(eq(tracks.challengeId, challenge.id));
	const published = await db
		.select({ slug: galleryEntries.slug })
		.from(galleryEntries)
		.where(
			inArray(
				galleryEntries.slug,
				demoGallery.map((entry) => entry.slug)
			)
		);
	const done = new Set(published.map((row) => row.slug));
	const pending = demoGallery.filter(
		(entry) => !done.has(entry.slug) && challengeTracks.some((track) => track.slug === entry.track)
	);
	if (pending.length === 0) return;

	const emails = pending.flatMap((entry) => entry.members.map((member) => member.email));
	const known = await db
		.select({ email: users.email })
		.from(users)
		.where(inArray(users.email, emails));
	const passwordHash =
		known.length < emails.length ? await hashPassword(DEMO_PASSWORD) : 'unused-no-new-accounts';
	const opened = addMilliseconds(reference, -demoRound.opened * DAY);

	const seeded: SeededEntry[] = [];
	for (const [index, demo] of demoGallery.entries()) {
		if (!pending.includes(demo)) continue;
		const track = challengeTracks.find((candidate) => candidate.slug === demo.track)!;
		// Submitted in the days before the showcase round opened.
		const submittedAt = addMilliseconds(opened, -(demoGallery.length - index) * 6 * HOUR);
		const { teamId, leadId, entry } = await db.transaction((tx) =>
			insertDemoTeam(tx, {
				challengeId: challenge.id,
				demo,
				trackId: track.id,
				passwordHash,
				submittedAt,
				reference
			})
		);
		const coverFileId = await submitDemoEntry(db, fileStore, {
			challenge,
			demo,
			index,
			teamId,
			leadId,
			entry,
			submittedAt
		});
		seeded.push({ demo, entryId: entry.id, teamId, track, coverFileId });
	}
	await publishDemoRound(db, challenge.id, reference, seeded);
}

/** A demo team, its members (accounts made if missing) and its submitted entry, each kept if present. */
async function insertDemoTeam(
	tx: Transaction,
	input: {
		challengeId: string;
		demo: DemoGalleryEntry;
		trackId: string;
		passwordHash: string;
		submittedAt: Date;
		reference: Date;
	}
) {
	const { demo, submittedAt, reference, passwordHash } = input;
	for (const member of demo.members)
		await tx
			.insert(users)
			.values({ ...member, passwordHash, emailVerifiedAt: reference })
			.onConflictDoNothing({ target: users.email });
	const people = await tx
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(
			inArray(
				users.email,
				demo.members.map((member) => member.email)
			)
		);
	const idOf = (email: string) => people.find((person) => person.email === email)!.id;
	await tx
		.insert(teams)
		.values({ challengeId: input.challengeId, name: demo.team, createdAt: submittedAt })
		.onConflictDoNothing();
	const [team] = await tx
		.select({ id: teams.id })
		.from(teams)
		.where(and(eq(teams.challengeId, input.challengeId), eq(teams.name, demo.team)));
	for (const [position, member] of demo.members.entries())
		await tx
			.insert(teamMembers)
			.values({
				teamId: team.id,
				challengeId: input.challengeId,
				userId: idOf(member.email),
				role: position === 0 ? 'lead' : 'member',
				joinedAt: submittedAt
			})
			.onConflictDoNothing();
	await tx
		.insert(entries)
		.values({
			teamId: team.id,
			challengeId: input.challengeId,
			status: 'submitted',
			title: demo.title,
			tagline: demo.tagline,
			trackId: input.trackId,
			countries: demo.countries,
			sdgs: demo.sdgs,
			partner: demo.partner,
			problem: demo.problem,
			solution: demo.solution,
			aiApproach: demo.aiApproach,
			stage: demo.stage,
			privacy: demo.privacy,
			fairness: demo.fairness,
			oversight: demo.oversight,
			accessibility: demo.accessibility,
			risks: demo.risks,
			impact: demo.impact,
			measurement: demo.measurement,
			feasibility: demo.feasibility,
			scaling: demo.scaling,
			videoUrl: demo.videoUrl,
			prototypeUrl: demo.prototypeUrl,
			repositoryUrl: demo.repositoryUrl,
			submittedAt,
			createdAt: submittedAt,
			updatedAt: submittedAt
		})
		.onConflictDoNothing({ target: entries.teamId });
	const [row] = await tx.select().from(entries).where(eq(entries.teamId, team.id));
	return { teamId: team.id, leadId: idOf(demo.members[0].email), entry: row };
}

/**
 * The entry's cover, through the upload pipeline (WebP variants) and outside any transaction, then
 * its submitted version: what the round's judges read and the gallery shows. Returns the cover's id.
 */
async function submitDemoEntry(
	db: Database,
	fileStore: FileStore,
	input: {
		challenge: typeof challenges.$inferSelect;
		demo: DemoGalleryEntry;
		index: number;
		teamId: string;
		leadId: string;
		entry: typeof entries.$inferSelect;
		submittedAt: Date;
	}
): Promise<string | null> {
	const { challenge, demo, index, teamId, leadId, entry, submittedAt } = input;
	let coverFileId = entry.coverFileId;
	if (!coverFileId) {
		const file = await saveTeamFile(
			db,
			fileStore,
			{ actorId: leadId },
			{
				teamId,
				kind: 'cover',
				data: await demoCover(demo, index),
				limits: {
					maxCoverBytes: challenge.maxCoverBytes,
					maxDeckBytes: challenge.maxDeckBytes,
					teamStorageQuotaBytes: challenge.teamStorageQuotaBytes
				}
			}
		);
		coverFileId = file.id;
		await db.update(entries).set({ coverFileId }).where(eq(entries.id, entry.id));
	}

	const {
		id: _id,
		teamId: _team,
		challengeId: _challenge,
		status: _status,
		...content
	} = { ...entry, coverFileId };
	await db
		.insert(entryVersions)
		.values({
			entryId: entry.id,
			number: 1,
			revision: entry.revision,
			content: JSON.parse(JSON.stringify(content)),
			submittedBy: leadId,
			submittedAt
		})
		.onConflictDoNothing();
	return coverFileId;
}

export type SeededEntry = {
	demo: DemoGalleryEntry;
	entryId: string;
	teamId: string;
	track: { id: string; slug: string; name: LocalizedText; position: number };
	coverFileId: string | null;
};
