import { createHash } from 'node:crypto';
import { and, eq, inArray, lt, ne, not, sql, type SQL } from 'drizzle-orm';
import { formatFileSize } from '$lib/domain/file-size';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { HOUR } from '../clock';
import type { Database, Executor, Transaction } from '../db';
import {
	entries,
	entryVersions,
	files,
	galleryEntries,
	teams,
	type StoredFile
} from '../db/schema';
import { ServiceError } from '../errors';
import { checkPitchDeck, processCover } from '../files/processing';
import { newStorageKey, type FileStore } from '../files/store';
import type { Actor } from '../request';

/**
 * Team uploads: the bytes go to the file store under generated keys, the metadata to `files`.
 * Authorization (is this person in the team, is the entry still editable) is the caller's.
 *
 * Order of writes, so that a crash at any point never leaves a row naming missing bytes: the
 * bytes are written first, then the row is committed; bytes are deleted only after the commit
 * that stopped naming them. What a crash can leave is bytes no row names, which the orphan
 * cleanup removes after a grace period.
 */

export type FileKind = StoredFile['kind'];

export type UploadLimits = {
	maxCoverBytes: number;
	maxDeckBytes: number;
	teamStorageQuotaBytes: number;
};

export type SaveTeamFileInput = {
	teamId: string;
	kind: FileKind;
	data: Uint8Array;
	limits: UploadLimits;
	/**
	 * The team's file this upload replaces: left out of the early quota check, and deleted with
	 * the upload's commit unless something still needs it (`isReferenced`). With `attach`, it only
	 * loosens the early check: the file `attach` unlinks is the one replaced.
	 */
	replacesFileId?: string | null;
	/**
	 * Links the new file in the upload's transaction (the team row is locked) and returns the id
	 * of the file it stopped naming, or null. Throwing refuses the upload: nothing is kept.
	 */
	attach?: (tx: Transaction, file: StoredFile) => Promise<string | null>;
};

/**
 * How long a file row or stored bytes that nothing names are left alone: far longer than an
 * upload takes from writing its bytes to committing its row, so the cleanup never takes them.
 */
export const ORPHAN_GRACE_MS = HOUR;

/**
 * A file something still needs: the live entry, a submitted version (its snapshot names the
 * cover and deck by id, `coverFileId` and `deckFileId`) or the public gallery. Such a file is
 * never deleted, whoever asks.
 */
function isReferenced(): SQL {
	// Whichever team's row names it; one hashed list, not a scan per file (the cleanup reads all).
	const named = sql`select ${entries.coverFileId} from ${entries} where ${entries.coverFileId} is not null
		union all select ${entries.deckFileId} from ${entries} where ${entries.deckFileId} is not null
		union all select ${galleryEntries.coverFileId} from ${galleryEntries} where ${galleryEntries.coverFileId} is not null`;
	// A version names its own team's files; through the entry's index, by the id as text.
	const inVersion = sql`select 1 from ${entryVersions} inner join ${entries} on ${entries.id} = ${entryVersions.entryId}
		where ${entries.teamId} = ${files.teamId}
		and ${files.id}::text in (${entryVersions.content} ->> 'coverFileId', ${entryVersions.content} ->> 'deckFileId')`;
	return sql`(${files.id} in (${named}) or exists (${inVersion}))`;
}

/** A file the cleanup keeps: needed, or uploaded within the grace period (not linked yet). */
function isKept(): SQL {
	const grace = `${ORPHAN_GRACE_MS / 1000} seconds`;
	return sql`(${files.createdAt} > now() - ${grace}::interval or ${isReferenced()})`;
}

type PendingBlob = { key: string; data: Uint8Array; contentType: string; width?: number };

/** What is written for an upload; the last blob is the main one (`storageKey`). */
async function prepareBlobs(input: SaveTeamFileInput) {
	if (input.kind === 'cover') {
		const cover = await processCover(input.data, input.limits.maxCoverBytes);
		const blobs: PendingBlob[] = cover.variants.map((variant) => ({
			key: newStorageKey(input.teamId, 'webp', String(variant.width)),
			data: variant.data,
			contentType: 'image/webp',
			width: variant.width
		}));
		return { blobs, width: cover.width, height: cover.height };
	}
	const deck = await checkPitchDeck(input.data, input.limits.maxDeckBytes);
	const blobs: PendingBlob[] = [
		{ key: newStorageKey(input.teamId, 'pdf'), data: input.data, contentType: deck.contentType }
	];
	return { blobs, width: null, height: null };
}

/** What a page shows of an entry's file: never its storage keys or hashes. */
export type EntryFileInfo = {
	id: string;
	bytes: number;
	width: number | null;
	height: number | null;
};

/** The entry's cover and pitch deck as the team's pages show them, in one query. */
export async function entryMedia(
	db: Executor,
	entry: { coverFileId: string | null; deckFileId: string | null }
): Promise<{ cover: EntryFileInfo | null; deck: EntryFileInfo | null }> {
	const ids = [entry.coverFileId, entry.deckFileId].filter((id): id is string => Boolean(id));
	const rows = ids.length
		? await db
				.select({ id: files.id, bytes: files.byteSize, width: files.width, height: files.height })
				.from(files)
				.where(inArray(files.id, ids))
		: [];
	const find = (id: string | null) => rows.find((row) => row.id === id) ?? null;
	return { cover: find(entry.coverFileId), deck: find(entry.deckFileId) };
}

/**
 * Bytes the team stores in files that are kept (see `isKept`), copies included, optionally
 * leaving one file out. Replaced files nothing needs any more do not count.
 */
export async function teamStorageUsed(
	db: Executor,
	teamId: string,
	excludeFileId?: string | null
): Promise<number> {
	const [row] = await db
		.select({ used: sql<string>`coalesce(sum(${files.storedBytes}), 0)` })
		.from(files)
		.where(
			and(
				eq(files.teamId, teamId),
				excludeFileId ? ne(files.id, excludeFileId) : undefined,
				isKept()
			)
		);
	return Number(row?.used ?? 0);
}

async function checkQuota(
	db: Executor,
	input: SaveTeamFileInput,
	neededBytes: number,
	excludeFileId: string | null | undefined
): Promise<void> {
	const used = await teamStorageUsed(db, input.teamId, excludeFileId);
	if (used + neededBytes <= input.limits.teamStorageQuotaBytes) return;
	throw new ServiceError(
		413,
		m.upload_quota_exceeded({
			used: formatFileSize(used, getLocale()),
			quota: formatFileSize(input.limits.teamStorageQuotaBytes, getLocale()),
			needed: formatFileSize(neededBytes, getLocale())
		}),
		input.kind
	);
}

function keysOf(file: Pick<StoredFile, 'storageKey' | 'variants'>): string[] {
	return [...new Set([file.storageKey, ...file.variants.map((variant) => variant.key)])];
}

/** Removes blobs whose rows are gone; a failure leaves an orphan, not a broken upload. */
async function deleteBlobsQuietly(store: FileStore, keys: string[]): Promise<void> {
	try {
		await store.delete(keys);
	} catch (error) {
		console.error('File store: could not delete', keys, error);
	}
}

/**
 * Checks and stores an upload, then records it. The slow part (decoding, resizing, writing the
 * blobs) happens outside the transaction. The transaction takes the team's lock (so two uploads
 * of one team cannot both squeeze under the quota), inserts the row, lets `attach` link it,
 * deletes the replaced row unless something still needs it, and checks the quota on the result.
 * Blobs of a refused upload are removed; the replaced file's only after the commit.
 */
export async function saveTeamFile(
	db: Database,
	store: FileStore,
	actor: Actor,
	input: SaveTeamFileInput
): Promise<StoredFile> {
	const { blobs, width, height } = await prepareBlobs(input);
	const main = blobs[blobs.length - 1];
	const storedBytes = blobs.reduce((total, blob) => total + blob.data.byteLength, 0);
	// Refused early without the lock, so a full team does not write blobs only to remove them.
	await checkQuota(db, input, storedBytes, input.replacesFileId);

	const written: string[] = [];
	// Set as the transaction's last step: a failure after it may be a commit that went through.
	let committing = false;
	let replaced: StoredFile | undefined;
	let saved: StoredFile;
	try {
		for (const blob of blobs) {
			written.push(blob.key);
			await store.put(blob.key, blob.data, blob.contentType);
		}
		({ saved, replaced } = await db.transaction(async (tx) => {
			const [team] = await tx
				.select({ id: teams.id })
				.from(teams)
				.where(eq(teams.id, input.teamId))
				.for('update');
			if (!team) throw new ServiceError(404, m.upload_unknown_team(), input.kind);
			const [row] = await tx
				.insert(files)
				.values({
					teamId: input.teamId,
					kind: input.kind,
					storageKey: main.key,
					contentType: main.contentType,
					byteSize: main.data.byteLength,
					storedBytes,
					variants:
						input.kind === 'cover'
							? blobs.map((blob) => ({
									width: blob.width as number,
									key: blob.key,
									bytes: blob.data.byteLength
								}))
							: [],
					width,
					height,
					// Of the bytes served under `storageKey`, so a download can be verified.
					sha256: createHash('sha256').update(main.data).digest('hex'),
					uploadedBy: actor.actorId
				})
				.returning();
			const replacedId = input.attach
				? await input.attach(tx, row)
				: (input.replacesFileId ?? null);
			const [old] =
				replacedId && replacedId !== row.id
					? await tx
							.delete(files)
							.where(
								and(
									eq(files.id, replacedId),
									eq(files.teamId, input.teamId),
									eq(files.kind, input.kind),
									not(isReferenced())
								)
							)
							.returning()
					: [];
			// On what the team keeps once this upload is in: a replaced file still needed counts.
			await checkQuota(tx, input, storedBytes, row.id);
			committing = true;
			return { saved: row, replaced: old };
		}));
	} catch (error) {
		// A refused upload's bytes go; after a failed commit, which may have gone through, they
		// stay (an orphan at worst, removed by the cleanup, never a row without its bytes).
		if (!committing) await deleteBlobsQuietly(store, written);
		throw error;
	}
	if (replaced) await deleteBlobsQuietly(store, keysOf(replaced));
	return saved;
}

/**
 * Deletes a file that nothing needs (see `isReferenced`), then its blobs; returns the deleted
 * row, or null when there was none or it is still needed. Not inside a caller's transaction: a
 * rollback would bring back a row whose bytes are gone.
 */
export async function deleteTeamFile(
	db: Database,
	store: FileStore,
	fileId: string
): Promise<StoredFile | null> {
	const [deleted] = await db
		.delete(files)
		.where(and(eq(files.id, fileId), not(isReferenced())))
		.returning();
	if (!deleted) return null;
	await deleteBlobsQuietly(store, keysOf(deleted));
	return deleted;
}

/**
 * Removes what uploads leave behind, everything older than `before`: file rows nothing needs
 * (then their blobs, after that delete committed), and blobs no file row names (bytes of an
 * upload that never committed, or whose deletion failed). Files something needs, and anything
 * newer than `before`, are never touched. Safe to run on several nodes at once.
 */
export async function removeOrphanFiles(
	db: Database,
	store: FileStore,
	options: { before: Date }
): Promise<{ files: number; blobs: number }> {
	const removed = await db
		.delete(files)
		.where(and(lt(files.createdAt, options.before), not(isReferenced())))
		.returning({ storageKey: files.storageKey, variants: files.variants });
	await deleteBlobsQuietly(store, removed.flatMap(keysOf));
	if (!store.list) return { files: removed.length, blobs: 0 };
	// Listed before the rows are read: a row committed in between is seen and its bytes kept.
	const old = (await store.list('teams')).filter(
		(object) => object.modifiedAt.getTime() < options.before.getTime()
	);
	if (old.length === 0) return { files: removed.length, blobs: 0 };
	const named = new Set(
		(
			await db.select({ storageKey: files.storageKey, variants: files.variants }).from(files)
		).flatMap(keysOf)
	);
	const stray = old.map((object) => object.key).filter((key) => !named.has(key));
	if (stray.length > 0) await store.delete(stray);
	return { files: removed.length, blobs: stray.length };
}

/**
 * The bytes to serve for a file: for a cover, the narrowest copy at least `width` wide (the
 * widest when none is), so a thumbnail never downloads the 1600-pixel copy. Null when the blob
 * is missing from the store.
 */
export async function readTeamFile(
	store: FileStore,
	file: StoredFile,
	width?: number
): Promise<{ data: Uint8Array; contentType: string } | null> {
	const key = chooseVariantKey(file, width);
	const data = await store.get(key);
	// A row whose bytes are gone is lost data, not a normal 404: the operator should hear of it.
	if (!data) console.error('File store: no bytes for file', file.id, key);
	return data ? { data, contentType: file.contentType } : null;
}

export function chooseVariantKey(file: StoredFile, width?: number): string {
	if (width === undefined || !Number.isFinite(width) || file.variants.length === 0)
		return file.storageKey;
	const byWidth = [...file.variants].sort((left, right) => left.width - right.width);
	return (byWidth.find((variant) => variant.width >= width) ?? byWidth[byWidth.length - 1]).key;
}
