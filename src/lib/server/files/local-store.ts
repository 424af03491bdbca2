import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
	assertValidStorageKey,
	InvalidStorageKeyError,
	isValidStorageKey,
	type FileStore,
	type ListedObject
} from './store';

/** The embedded default: files in a folder (`DATA_DIR/files`), one file per key. */
export class LocalFileStore implements FileStore {
	readonly root: string;

	constructor(root: string) {
		this.root = path.resolve(root);
	}

	/** The file for a key; a second check beyond the key pattern keeps it inside the root. */
	private pathOf(key: string): string {
		assertValidStorageKey(key);
		const target = path.resolve(this.root, ...key.split('/'));
		const relative = path.relative(this.root, target);
		if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
			throw new InvalidStorageKeyError(key);
		return target;
	}

	async put(key: string, data: Uint8Array, _contentType: string): Promise<void> {
		const target = this.pathOf(key);
		const folder = path.dirname(target);
		await mkdir(folder, { recursive: true });
		// Written beside the target and renamed over it, so a reader never sees half a file and a
		// crash leaves only a temporary file. The leading dot makes it an invalid key: never served.
		const temporary = path.join(folder, `.${path.basename(target)}.${randomUUID()}.tmp`);
		try {
			const handle = await open(temporary, 'wx');
			try {
				await handle.writeFile(data);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temporary, target);
		} catch (error) {
			await rm(temporary, { force: true });
			throw error;
		}
	}

	async check(): Promise<void> {
		await mkdir(this.root, { recursive: true });
		await access(this.root, constants.R_OK | constants.W_OK);
	}

	async get(key: string): Promise<Uint8Array | null> {
		const target = this.pathOf(key);
		try {
			const bytes = await readFile(target);
			// A plain view rather than a Buffer, like the other drivers return.
			return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		} catch (error) {
			if (isMissing(error)) return null;
			throw error;
		}
	}

	async delete(keys: string[]): Promise<void> {
		// Every key is checked before anything is removed.
		const targets = keys.map((key) => this.pathOf(key));
		await Promise.all(targets.map((target) => rm(target, { force: true })));
	}

	async list(folder: string): Promise<ListedObject[]> {
		const base = this.pathOf(folder);
		let names: string[];
		try {
			names = await readdir(base, { recursive: true });
		} catch (error) {
			if (isMissing(error)) return [];
			throw error;
		}
		const listed: ListedObject[] = [];
		for (const name of names) {
			const key = `${folder}/${name.split(path.sep).join('/')}`;
			// Folders, and temporary files of writes under way (their names are not keys).
			if (!isValidStorageKey(key)) continue;
			const info = await stat(path.join(base, name)).catch((error: unknown) => {
				if (isMissing(error)) return null;
				throw error;
			});
			if (info?.isFile()) listed.push({ key, modifiedAt: info.mtime });
		}
		return listed;
	}
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}
