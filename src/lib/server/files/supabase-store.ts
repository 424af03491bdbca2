import { createClient, StorageApiError, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';

type RealtimeOptions = NonNullable<Parameters<typeof createClient>[2]>['realtime'];
import { assertValidStorageKey, type FileStore } from './store';

export type SupabaseStoreSettings = {
	url: string;
	serviceRoleKey: string;
	bucket: string;
	/** Replaces the global fetch (tests). */
	fetch?: typeof fetch;
};

// The Storage API accepts at most this many keys in one remove request.
const REMOVE_BATCH_SIZE = 1000;

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
