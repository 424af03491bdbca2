import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStore } from './local-store';
import { isValidStorageKey, newStorageKey } from './store';

let root: string;
let store: LocalFileStore;
const teamId = '4f1c2a9e-8b7d-4c3e-9a1f-2b3c4d5e6f70';

beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'portal-files-'));
	store = new LocalFileStore(path.join(root, 'files'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Every file under a folder, as paths relative to it. */
async function listFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

const invalidKeys = [
	'',
	'../x',
	'/etc/passwd',
	'a/../../b',
	'teams/ABC/file.webp',
	'teams//file.webp',
	'teams/file.webp/',
	'teams/.hidden',
	'teams/x\\..\\..\\y',
	'teams/x%2f..%2fy',
	'teams/file name.webp',
	`teams/${'a'.repeat(200)}`
];

describe('storage keys', () => {
	it('generates fresh keys in the team folder that pass the check', () => {
		const first = newStorageKey(teamId, 'webp', '960');
		const second = newStorageKey(teamId, 'webp', '960');
		expect(first).toMatch(new RegExp(`^teams/${teamId}/[0-9a-f-]{36}-960\\.webp$`));
		expect(first).not.toBe(second);
		expect(newStorageKey(teamId, 'pdf')).toMatch(/^teams\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.pdf$/);
		expect(isValidStorageKey(first)).toBe(true);
	});

	it('refuses keys that could leave the folder or are not ours', () => {
		for (const key of invalidKeys) expect(isValidStorageKey(key), key).toBe(false);
		expect(() => newStorageKey('../../etc', 'png')).toThrow(/Invalid storage key/);
		expect(() => newStorageKey(teamId.toUpperCase(), 'png')).toThrow(/Invalid storage key/);
	});
});

describe('local file store', () => {
	it('stores, reads and deletes bytes under nested keys, creating the folders', async () => {
		const key = newStorageKey(teamId, 'webp', '480');
		const data = new Uint8Array([1, 2, 3, 250, 0, 7]);
		await store.put(key, data, 'image/webp');
		expect(await store.get(key)).toEqual(new Uint8Array(data));
		expect(await listFiles(store.root)).toEqual([path.join(...key.split('/'))]);

		await store.delete([key]);
		expect(await store.get(key)).toBeNull();
		expect(await listFiles(store.root)).toEqual([]);
	});

	it('answers null for a key that was never stored and ignores deleting one', async () => {
		expect(await store.get(newStorageKey(teamId, 'pdf'))).toBeNull();
		await expect(store.delete([newStorageKey(teamId, 'pdf')])).resolves.toBeUndefined();
	});

	it('writes through a temporary file and leaves none behind', async () => {
		const keys = Array.from({ length: 20 }, (_, index) => newStorageKey(teamId, 'bin', `${index}`));
		await Promise.all(
			keys.map((key, index) => store.put(key, new Uint8Array(64 * 1024).fill(index), 'x/y'))
		);
		const stored = await listFiles(store.root);
		expect(stored).toHaveLength(keys.length);
		expect(
			stored.some((name) => name.endsWith('.tmp') || path.basename(name).startsWith('.'))
		).toBe(false);
		for (const [index, key] of keys.entries())
			expect((await store.get(key))?.every((byte) => byte === index)).toBe(true);
	});

	it('never shows half a file: a reader sees the old bytes or the new ones', async () => {
		const key = newStorageKey(teamId, 'bin');
		const before = new Uint8Array(256 * 1024).fill(1);
		const after = new Uint8Array(512 * 1024).fill(2);
		await store.put(key, before, 'x/y');
		const writing = store.put(key, after, 'x/y');
		const seen = await Promise.all(Array.from({ length: 10 }, () => store.get(key)));
		await writing;
		for (const bytes of seen) expect([before.length, after.length]).toContain(bytes?.length);
		expect((await store.get(key))?.length).toBe(after.length);
	});

	it('refuses invalid keys in every operation and touches nothing outside its root', async () => {
		const outside = path.join(root, 'outside.txt');
		await writeFile(outside, 'keep me');
		for (const key of invalidKeys) {
			await expect(store.put(key, new Uint8Array([1]), 'x/y'), key).rejects.toThrow(
				/Invalid storage key/
			);
			await expect(store.get(key), key).rejects.toThrow(/Invalid storage key/);
			await expect(store.delete([key]), key).rejects.toThrow(/Invalid storage key/);
		}
		await expect(store.get('../outside.txt')).rejects.toThrow(/Invalid storage key/);
		expect(await listFiles(root)).toEqual(['outside.txt']);
	});

	it('lists the keys under a folder with when they were written, and nothing else', async () => {
		const otherTeamId = '7d2e4f6a-1b3c-4d5e-8f9a-0b1c2d3e4f5a';
		const keys = [
			newStorageKey(teamId, 'webp', '480'),
			newStorageKey(teamId, 'pdf'),
			newStorageKey(otherTeamId, 'pdf')
		];
		for (const key of keys) await store.put(key, new Uint8Array([1]), 'x/y');
		// A write under way (its temporary name is no key) is not listed.
		await writeFile(path.join(store.root, 'teams', teamId, '.partial.pdf.tmp'), 'x');

		const listed = await store.list('teams');
		expect(listed.map((object) => object.key).sort()).toEqual([...keys].sort());
		for (const object of listed)
			expect(Math.abs(object.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
		expect((await store.list(`teams/${teamId}`)).map((object) => object.key).sort()).toEqual(
			keys.slice(0, 2).sort()
		);
		expect(await new LocalFileStore(path.join(root, 'empty')).list('teams')).toEqual([]);
		await expect(store.list('../x')).rejects.toThrow(/Invalid storage key/);
	});

	it('checks every key before deleting any', async () => {
		const key = newStorageKey(teamId, 'pdf');
		await store.put(key, new Uint8Array([1]), 'application/pdf');
		await expect(store.delete([key, '../x'])).rejects.toThrow(/Invalid storage key/);
		expect(await store.get(key)).not.toBeNull();
	});
});
