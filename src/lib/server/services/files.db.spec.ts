import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../clock';
import {
	challenges,
	entries,
	entryVersions,
	files,
	galleryEntries,
	resultPublications,
	teams,
	tracks,
	type StoredFile
} from '../db/schema';
import { demoChallenge } from '../seed/seed-data';
import { ServiceError } from '../errors';
import { LocalFileStore } from '../files/local-store';
import { newStorageKey, type FileStore } from '../files/store';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import {
	deleteTeamFile,
	entryMedia,
	readTeamFile,
	removeOrphanFiles,
	saveTeamFile,
	teamStorageUsed,
	type UploadLimits
} from './files';

const MEBIBYTE = 1024 * 1024;
const limits: UploadLimits = {
	maxCoverBytes: 5 * MEBIBYTE,
	maxDeckBytes: 20 * MEBIBYTE,
	teamStorageQuotaBytes: 60 * MEBIBYTE
};

let database: TestDatabase;
let root: string;
let store: LocalFileStore;
let challengeId: string;
let uploaderId: string;

beforeAll(async () => {
	database = await createTestDatabase();
	root = await mkdtemp(path.join(tmpdir(), 'portal-team-files-'));
	store = new LocalFileStore(root);
	const [challenge] = await database.db
		.insert(challenges)
		.values({
			...demoChallenge,
			submissionsOpenAt: new Date('2026-06-01T00:00:00Z'),
			submissionDeadlineAt: new Date('2026-08-14T14:59:00Z'),
			judgingStartsAt: new Date('2026-08-15T00:00:00Z'),
			resultsAt: new Date('2026-09-01T00:00:00Z'),
			eventAt: new Date('2026-09-16T00:00:00Z')
		})
		.returning();
	challengeId = challenge.id;
	uploaderId = (await createUser(database.db)).id;
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function createTeam(): Promise<string> {
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId, name: `Team ${randomBytes(4).toString('hex')}` })
		.returning();
	return team.id;
}

/** Every stored blob of a team, as keys. */
async function blobsOf(teamId: string): Promise<string[]> {
	const folder = path.join(root, 'teams', teamId);
	const names = await readdir(folder).catch(() => [] as string[]);
	return names.map((name) => `teams/${teamId}/${name}`).sort();
}

function keysOf(file: StoredFile): string[] {
	return file.variants.map((variant) => variant.key).sort();
}

async function cover(width: number, height: number): Promise<Uint8Array> {
	return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
		.jpeg({ quality: 80 })
		.toBuffer();
}

/** A small but complete PDF, padded with comment lines to about `size` bytes. */
function pdf(size = 4096): Uint8Array {
	const head = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
	const tail = 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
	const padding = Math.max(0, size - head.length - tail.length);
	return Buffer.from(head + `%${'x'.repeat(Math.max(0, padding - 2))}\n`.slice(0, padding) + tail);
}

async function expectServiceError(promise: Promise<unknown>, status: number, field: string) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	expect((error as ServiceError).status).toBe(status);
	expect((error as ServiceError).field).toBe(field);
	return error as ServiceError;
}

describe('team files', () => {
	it('stores a cover as WebP copies under generated keys and records them', async () => {
		const teamId = await createTeam();
		const file = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'cover', data: await cover(1200, 675), limits }
		);

		expect(file).toMatchObject({ teamId, kind: 'cover', contentType: 'image/webp' });
		expect(file).toMatchObject({ width: 1200, height: 675, uploadedBy: uploaderId });
		expect(file.variants.map((variant) => variant.width)).toEqual([480, 960, 1200]);
		for (const variant of file.variants)
			expect(variant.key).toMatch(
				new RegExp(`^teams/${teamId}/[0-9a-f-]{36}-${variant.width}\\.webp$`)
			);
		const largest = file.variants[file.variants.length - 1];
		expect(file.storageKey).toBe(largest.key);
		expect(file.byteSize).toBe(largest.bytes);
		expect(file.storedBytes).toBe(
			file.variants.reduce((total, variant) => total + variant.bytes, 0)
		);

		expect(await blobsOf(teamId)).toEqual(keysOf(file));
		const main = await store.get(file.storageKey);
		expect(main?.byteLength).toBe(file.byteSize);
		expect(
			createHash('sha256')
				.update(main as Uint8Array)
				.digest('hex')
		).toBe(file.sha256);
		const [row] = await database.db.select().from(files).where(eq(files.id, file.id));
		expect(row).toEqual(file);
		expect(await teamStorageUsed(database.db, teamId)).toBe(file.storedBytes);
	});

	it('gives the entry pages a file’s id, size and dimensions, never its storage keys or hash', async () => {
		const teamId = await createTeam();
		const file = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'cover', data: await cover(1200, 675), limits }
		);
		const media = await entryMedia(database.db, { coverFileId: file.id, deckFileId: null });
		expect(media).toEqual({
			cover: { id: file.id, bytes: file.byteSize, width: 1200, height: 675 },
			deck: null
		});
		const shown = JSON.stringify(media);
		for (const secret of [file.storageKey, file.sha256, ...file.variants.map((v) => v.key)])
			expect(shown).not.toContain(secret);
		expect(await entryMedia(database.db, { coverFileId: null, deckFileId: null })).toEqual({
			cover: null,
			deck: null
		});
	});

	it('replaces a cover: the old row and blobs go, and only the new one counts', async () => {
		const teamId = await createTeam();
		const first = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'cover', data: await cover(1000, 600), limits }
		);
		// A quota that holds one cover but not two: replacing must still fit.
		const tight = { ...limits, teamStorageQuotaBytes: Math.ceil(first.storedBytes * 1.3) };
		const second = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{
				teamId,
				kind: 'cover',
				data: await cover(1000, 600),
				limits: tight,
				replacesFileId: first.id
			}
		);

		const rows = await database.db.select().from(files).where(eq(files.teamId, teamId));
		expect(rows.map((row) => row.id)).toEqual([second.id]);
		expect(await blobsOf(teamId)).toEqual(keysOf(second));
		for (const key of keysOf(first)) expect(await store.get(key)).toBeNull();
		expect(await teamStorageUsed(database.db, teamId)).toBe(second.storedBytes);
	});

	it('refuses an upload over the quota with 413 and leaves no blob behind', async () => {
		const teamId = await createTeam();
		const deck = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'deck', data: pdf(200_000), limits }
		);
		const full = { ...limits, teamStorageQuotaBytes: deck.storedBytes + 50_000 };
		const error = await expectServiceError(
			saveTeamFile(
				database.db,
				store,
				{ actorId: uploaderId },
				{ teamId, kind: 'cover', data: await cover(1600, 900), limits: full }
			),
			413,
			'cover'
		);
		expect(error.message).toMatch(/storage is full/);
		expect(await blobsOf(teamId)).toEqual([deck.storageKey]);
		expect(await teamStorageUsed(database.db, teamId)).toBe(deck.storedBytes);
	});

	it('lets only one of two simultaneous uploads take the last free space', async () => {
		const teamId = await createTeam();
		const data = pdf(100_000);
		const quota = { ...limits, teamStorageQuotaBytes: 150_000 };
		// Holds both writes until both have started: both uploads are then past the early quota
		// check, and only the check under the team's lock can keep the second one out.
		let arrived = 0;
		let releaseBoth: () => void = () => {};
		const bothArrived = new Promise<void>((resolve) => (releaseBoth = resolve));
		const gatedStore: FileStore = {
			put: async (key, bytes, contentType) => {
				if (++arrived === 2) releaseBoth();
				await bothArrived;
				await store.put(key, bytes, contentType);
			},
			get: (key) => store.get(key),
			delete: (keys) => store.delete(keys)
		};
		const upload = () =>
			saveTeamFile(
				database.db,
				gatedStore,
				{ actorId: uploaderId },
				{ teamId, kind: 'deck', data, limits: quota }
			);
		const results = await Promise.allSettled([upload(), upload()]);
		const saved = results.filter((result) => result.status === 'fulfilled');
		const refused = results.filter((result) => result.status === 'rejected');
		expect(saved).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
			status: 413,
			field: 'deck'
		});
		const rows = await database.db.select().from(files).where(eq(files.teamId, teamId));
		expect(await blobsOf(teamId)).toEqual(rows.map((row) => row.storageKey));
	});

	it('removes the blobs it wrote when the database refuses the row', async () => {
		const teamId = await createTeam();
		await expect(
			// No such account: the foreign key fails inside the transaction.
			saveTeamFile(
				database.db,
				store,
				{ actorId: randomUUID() },
				{ teamId, kind: 'cover', data: await cover(800, 450), limits }
			)
		).rejects.toThrow();
		expect(await blobsOf(teamId)).toEqual([]);
		expect(await teamStorageUsed(database.db, teamId)).toBe(0);
	});

	it('refuses bad files before storing anything', async () => {
		const teamId = await createTeam();
		await expectServiceError(
			saveTeamFile(
				database.db,
				store,
				{ actorId: uploaderId },
				{
					teamId,
					kind: 'cover',
					data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
					limits
				}
			),
			400,
			'cover'
		);
		await expectServiceError(
			saveTeamFile(
				database.db,
				store,
				{ actorId: uploaderId },
				{ teamId, kind: 'deck', data: pdf(3000), limits: { ...limits, maxDeckBytes: 2048 } }
			),
			413,
			'deck'
		);
		expect(await blobsOf(teamId)).toEqual([]);
	});

	it('stores a deck as it was uploaded and never deletes another team’s file as "replaced"', async () => {
		const teamId = await createTeam();
		const otherTeamId = await createTeam();
		const other = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId: otherTeamId, kind: 'deck', data: pdf(), limits }
		);
		const data = pdf(10_000);
		const deck = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'deck', data, limits, replacesFileId: other.id }
		);
		expect(deck).toMatchObject({ kind: 'deck', contentType: 'application/pdf', variants: [] });
		expect(deck).toMatchObject({ byteSize: data.length, storedBytes: data.length, width: null });
		expect(deck.storageKey).toMatch(new RegExp(`^teams/${teamId}/[0-9a-f-]{36}\\.pdf$`));
		expect(await readTeamFile(store, deck)).toEqual({
			data: new Uint8Array(data),
			contentType: 'application/pdf'
		});
		expect(await store.get(other.storageKey)).not.toBeNull();
		expect(await teamStorageUsed(database.db, otherTeamId)).toBe(other.storedBytes);
	});

	it('reads the narrowest copy that is wide enough', async () => {
		const teamId = await createTeam();
		const file = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'cover', data: await cover(2000, 1000), limits }
		);
		const widthOf = async (width?: number) => {
			const result = await readTeamFile(store, file, width);
			expect(result?.contentType).toBe('image/webp');
			return (await sharp(result?.data).metadata()).width;
		};
		expect(await widthOf(100)).toBe(480);
		expect(await widthOf(480)).toBe(480);
		expect(await widthOf(700)).toBe(960);
		expect(await widthOf(1200)).toBe(1600);
		expect(await widthOf(4000)).toBe(1600);
		expect(await widthOf()).toBe(1600);

		await store.delete([file.variants[0].key]);
		expect(await readTeamFile(store, file, 300)).toBeNull();
	});

	it('deletes a file with its blobs', async () => {
		const teamId = await createTeam();
		const file = await saveTeamFile(
			database.db,
			store,
			{ actorId: uploaderId },
			{ teamId, kind: 'cover', data: await cover(600, 400), limits }
		);
		expect((await deleteTeamFile(database.db, store, file.id))?.id).toBe(file.id);
		expect(await blobsOf(teamId)).toEqual([]);
		expect(await teamStorageUsed(database.db, teamId)).toBe(0);
		expect(await deleteTeamFile(database.db, store, file.id)).toBeNull();
	});
});

describe('orphan cleanup', () => {
	const blobKeys = (file: StoredFile) => [...new Set([file.storageKey, ...keysOf(file)])];

	it('counts and keeps only what something names, and removes the rest after the grace period', async () => {
		const teamId = await createTeam();
		const [entry] = await database.db.insert(entries).values({ teamId, challengeId }).returning();
		const save = async (kind: 'cover' | 'deck', data: Uint8Array) =>
			saveTeamFile(database.db, store, { actorId: uploaderId }, { teamId, kind, data, limits });
		const live = await save('cover', await cover(600, 400));
		const submitted = await save('deck', pdf(5000));
		const published = await save('cover', await cover(640, 360));
		const forgotten = await save('deck', pdf(6000));
		const justUploaded = await save('deck', pdf(7000));
		await database.db.update(entries).set({ coverFileId: live.id }).where(eq(entries.id, entry.id));
		await database.db.insert(entryVersions).values({
			entryId: entry.id,
			number: 1,
			revision: 1,
			content: { title: 'Submitted', coverFileId: live.id, deckFileId: submitted.id }
		});
		const [track] = await database.db
			.insert(tracks)
			.values({
				challengeId,
				slug: `track-${randomBytes(4).toString('hex')}`,
				position: 0,
				name: { en: 'Track' },
				description: { en: '' }
			})
			.returning();
		const [publication] = await database.db
			.insert(resultPublications)
			.values({ challengeId, version: 1 })
			.returning();
		await database.db.insert(galleryEntries).values({
			entryId: entry.id,
			challengeId,
			publicationId: publication.id,
			slug: `cleanup-${randomBytes(4).toString('hex')}`,
			position: 1,
			title: 'Published',
			trackId: track.id,
			trackSlug: track.slug,
			trackName: track.name,
			responsibleAi: { privacy: '', fairness: '', oversight: '', accessibility: '' },
			teamName: 'Team',
			coverFileId: published.id,
			publishedAt: new Date()
		});
		// Uploaded two hours ago; only `justUploaded` is within the grace period.
		await database.db
			.update(files)
			.set({ createdAt: new Date(Date.now() - 2 * HOUR) })
			.where(inArray(files.id, [live.id, submitted.id, published.id, forgotten.id]));
		// Bytes no row names: an upload that never committed, and a dissolved team's leftover.
		const stray = newStorageKey(teamId, 'pdf');
		await store.put(stray, pdf(3000), 'application/pdf');
		const leftover = newStorageKey(randomUUID(), 'webp', '480');
		await store.put(leftover, new Uint8Array([1, 2, 3]), 'image/webp');

		// The quota counts what is kept: not the forgotten file.
		const kept = [live, submitted, published];
		const keptBytes = kept.reduce((total, file) => total + file.storedBytes, 0);
		expect(await teamStorageUsed(database.db, teamId)).toBe(keptBytes + justUploaded.storedBytes);
		// A file something names is never deleted.
		for (const file of kept) expect(await deleteTeamFile(database.db, store, file.id)).toBeNull();

		// Within the grace period of everything but the forgotten file: only that one goes.
		await removeOrphanFiles(database.db, store, { before: new Date(Date.now() - HOUR) });
		const ids = async () =>
			(await database.db.select({ id: files.id }).from(files).where(eq(files.teamId, teamId)))
				.map((row) => row.id)
				.sort();
		expect(await ids()).toEqual([...kept, justUploaded].map((file) => file.id).sort());
		for (const key of blobKeys(forgotten)) expect(await store.get(key)).toBeNull();
		expect(await store.get(stray)).not.toBeNull();
		expect(await store.get(leftover)).not.toBeNull();

		// Once the grace period is over for all: the unattached upload and the stray bytes go.
		await removeOrphanFiles(database.db, store, { before: new Date(Date.now() + MINUTE) });
		expect(await ids()).toEqual(kept.map((file) => file.id).sort());
		expect(await blobsOf(teamId)).toEqual(kept.flatMap(blobKeys).sort());
		expect(await store.get(leftover)).toBeNull();
		for (const file of kept) expect(await readTeamFile(store, file)).not.toBeNull();
		expect(await teamStorageUsed(database.db, teamId)).toBe(keptBytes);
	});
});
