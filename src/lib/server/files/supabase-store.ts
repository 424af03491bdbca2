import { createClient, StorageApiError, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';

type RealtimeOptions = NonNullable<Parameters<typeof createClient>[2]>['realtime'];
import {
	assertValidStorageKey,
	isValidStorageKey,
	type FileStore,
	type ListedObject
} from './store';

export type SupabaseStoreSettings = {
	url: string;
	serviceRoleKey: string;
	bucket: string;
	/** Replaces the global fetch (tests). */
	fetch?: typeof fetch;
};

// The Storage API accepts at most this many keys in one remove request.
const REMOVE_BATCH_SIZE = 1000;
// Entries of one folder per list request.
const LIST_PAGE_SIZE = 1000;

/** Supabase Storage through supabase-js, with the service-role key (server side only). */
export class SupabaseFileStore implements FileStore {
	private readonly client: SupabaseClient;
	private readonly bucket: string;

	constructor(settings: SupabaseStoreSettings) {
		this.bucket = settings.bucket;
		this.client = createClient(settings.url, settings.serviceRoleKey, {
			// A server key, not a user session: nothing to persist or refresh.
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
			// supabase-js builds its realtime client even when unused, and Node 20 has no WebSocket.
			// (ws's constructor types are wider than supabase-js declares; the shapes are compatible.)
			realtime: { transport: ws as unknown as NonNullable<RealtimeOptions>['transport'] },
			...(settings.fetch ? { global: { fetch: settings.fetch } } : {})
		});
	}

	private files() {
		return this.client.storage.from(this.bucket);
	}

	async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
		assertValidStorageKey(key);
		const { error } = await this.files().upload(key, data, {
			contentType,
			upsert: false,
			cacheControl: '3600'
		});
		if (error) throw storageFailure('upload', key, error);
	}

	async check(): Promise<void> {
		const { error } = await this.client.storage.getBucket(this.bucket);
		if (error) throw storageFailure('check bucket', this.bucket, error);
	}

	async get(key: string): Promise<Uint8Array | null> {
		assertValidStorageKey(key);
		const { data, error } = await this.files().download(key);
		if (error) {
			if (isObjectNotFound(error)) return null;
			throw storageFailure('download', key, error);
		}
		return new Uint8Array(await data.arrayBuffer());
	}

	async delete(keys: string[]): Promise<void> {
		keys.forEach(assertValidStorageKey);
		for (let start = 0; start < keys.length; start += REMOVE_BATCH_SIZE) {
			const batch = keys.slice(start, start + REMOVE_BATCH_SIZE);
			const { error } = await this.files().remove(batch);
			if (error) throw storageFailure('remove', batch.join(', '), error);
		}
	}

	async list(folder: string): Promise<ListedObject[]> {
		assertValidStorageKey(folder);
		const listed: ListedObject[] = [];
		// Storage lists one folder level at a time: folders come back without an id.
		const walk = async (prefix: string): Promise<void> => {
			for (let offset = 0; ; offset += LIST_PAGE_SIZE) {
				const { data, error } = await this.files().list(prefix, {
					limit: LIST_PAGE_SIZE,
					offset,
					sortBy: { column: 'name', order: 'asc' }
				});
				if (error) throw storageFailure('list', prefix, error);
				for (const item of data) {
					const key = `${prefix}/${item.name}`;
					if (!isValidStorageKey(key)) continue;
					if (item.id === null) await walk(key);
					else {
						// Without a time it counts as just written, so it is never taken for old.
						const written = Date.parse(item.updated_at ?? item.created_at ?? '');
						listed.push({
							key,
							modifiedAt: new Date(Number.isNaN(written) ? Date.now() : written)
						});
					}
				}
				if (data.length < LIST_PAGE_SIZE) return;
			}
		};
		await walk(folder);
		return listed;
	}
}

/**
 * A missing object, as opposed to a missing bucket: Storage answers both with 404 (older
 * versions with HTTP 400 and `statusCode: "404"`), and a misconfigured bucket must not look
 * like a file that was deleted.
 */
function isObjectNotFound(error: Error): boolean {
	if (!(error instanceof StorageApiError)) return false;
	const notFound = error.status === 404 || String(error.statusCode) === '404';
	return notFound && !/bucket/i.test(error.message);
}

function storageFailure(operation: string, key: string, error: Error): Error {
	const status = error instanceof StorageApiError ? ` (HTTP ${error.status})` : '';
	return new Error(`Supabase Storage ${operation} of ${key} failed${status}: ${error.message}`, {
		cause: error
	});
}
