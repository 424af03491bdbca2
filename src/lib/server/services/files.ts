import { createHash } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Database, Executor } from '../db';
import { files, teams, type StoredFile } from '../db/schema';
import { ServiceError } from '../errors';
import { checkPitchDeck, formatMegabytes, processCover } from '../files/processing';
import { newStorageKey, type FileStore } from '../files/store';

/**
 * Team uploads: the bytes go to the file store under generated keys, the metadata to `files`.
 * Authorization (is this person in the team, is the entry still editable) is the caller's.
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
	uploadedBy: string;
	limits: UploadLimits;
	/** The team's file this upload replaces (its bytes stop counting against the quota). */
	replacesFileId?: string | null;
};

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

/** Bytes the team stores, all files and their copies, optionally leaving one file out. */
export async function teamStorageUsed(
	db: Executor,
	teamId: string,
	excludeFileId?: string | null
): Promise<number> {
	const [row] = await db
		.select({ used: sql<string>`coalesce(sum(${files.storedBytes}), 0)` })
		.from(files)
		.where(
			excludeFileId
				? and(eq(files.teamId, teamId), ne(files.id, excludeFileId))
				: eq(files.teamId, teamId)
		);
	return Number(row?.used ?? 0);
}

async function checkQuota(
	db: Executor,
	input: SaveTeamFileInput,
	neededBytes: number
): Promise<void> {
	const used = await teamStorageUsed(db, input.teamId, input.replacesFileId);
	if (used + neededBytes <= input.limits.teamStorageQuotaBytes) return;
	throw new ServiceError(
		413,
		m.upload_quota_exceeded({
			used: formatMegabytes(used),
			quota: formatMegabytes(input.limits.teamStorageQuotaBytes),
			needed: formatMegabytes(neededBytes)
		}),
		input.kind
	);
}

function keysOf(file: StoredFile): string[] {
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
 * blobs) happens outside the transaction; the transaction only takes the team's lock, so two
 * uploads of one team cannot both squeeze under the quota. Blobs of a failed upload are removed.
 */
export async function saveTeamFile(
	db: Database,
	store: FileStore,
	input: SaveTeamFileInput
): Promise<StoredFile> {
	const { blobs, width, height } = await prepareBlobs(input);
	const main = blobs[blobs.length - 1];
	const storedBytes = blobs.reduce((total, blob) => total + blob.data.byteLength, 0);
	// Refused early without the lock, so a full team does not write blobs only to remove them.
	await checkQuota(db, input, storedBytes);

	const written: string[] = [];
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
			await checkQuota(tx, input, storedBytes);
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
					uploadedBy: input.uploadedBy
				})
				.returning();
			const [old] = input.replacesFileId
				? await tx
						.delete(files)
						.where(
							and(
								eq(files.id, input.replacesFileId),
								eq(files.teamId, input.teamId),
								eq(files.kind, input.kind)
							)
						)
						.returning()
				: [];
			return { saved: row, replaced: old };
		}));
	} catch (error) {
		await deleteBlobsQuietly(store, written);
		throw error;
	}
	if (replaced) await deleteBlobsQuietly(store, keysOf(replaced));
	return saved;
}

/**
 * Deletes a file and then its blobs; returns the deleted row, or null when there was none.
 * Not inside a caller's transaction: a rollback would bring back a row whose bytes are gone.
 */
export async function deleteTeamFile(
	db: Database,
	store: FileStore,
	fileId: string
): Promise<StoredFile | null> {
	const [deleted] = await db.delete(files).where(eq(files.id, fileId)).returning();
	if (!deleted) return null;
	await deleteBlobsQuietly(store, keysOf(deleted));
	return deleted;
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
	return data ? { data, contentType: file.contentType } : null;
}

export function chooseVariantKey(file: StoredFile, width?: number): string {
	if (width === undefined || !Number.isFinite(width) || file.variants.length === 0)
		return file.storageKey;
	const byWidth = [...file.variants].sort((left, right) => left.width - right.width);
	return (byWidth.find((variant) => variant.width >= width) ?? byWidth[byWidth.length - 1]).key;
}
