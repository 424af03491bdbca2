import { getConfig } from '../config';
import { LocalFileStore } from './local-store';
import type { FileStore } from './store';
import { SupabaseFileStore } from './supabase-store';

export type { FileStore } from './store';

let store: FileStore | undefined;

/** The process-wide file store, chosen by the settings (a local folder unless Supabase is set). */
export function getFileStore(): FileStore {
	if (store) return store;
	const settings = getConfig().storage;
	store =
		settings.driver === 'supabase'
			? new SupabaseFileStore({
					url: settings.url,
					serviceRoleKey: settings.serviceRoleKey,
					bucket: settings.bucket
				})
			: new LocalFileStore(settings.root);
	return store;
}
