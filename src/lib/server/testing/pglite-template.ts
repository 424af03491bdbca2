import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as schema from '../db/schema';
import type { Database } from '../db';
import { runMigrations } from '../db/migrate';

const migrationsFolder = 'supabase/migrations';

/**
 * A migrated, empty PGlite data directory as a tarball, made once per set of migrations and kept
 * in node_modules/.cache: starting from it costs a fraction of initdb plus the migrations. The
 * database tests start every file from it; the end-to-end servers start from it
 * too (scripts/e2e-template.ts).
 */
export async function pgliteTemplate(): Promise<{ path: string; data: Blob }> {
	const hash = createHash('sha256');
	for (const file of readdirSync(migrationsFolder).sort())
		if (file.endsWith('.sql'))
			hash.update(file).update(readFileSync(`${migrationsFolder}/${file}`));
	const folder = 'node_modules/.cache/portal-tests';
	const path = `${folder}/pglite-${hash.digest('hex').slice(0, 16)}.tar`;
	try {
		return { path, data: new Blob([readFileSync(path)]) };
	} catch {
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		const client = await PGlite.create();
		const db = drizzle({ client, schema }) as unknown as Database;
		await runMigrations(
			{ db, kind: 'pglite', close: () => client.close() },
			{ kind: 'pglite', dataDir: 'memory://' },
			migrationsFolder
		);
		const dump = await client.dumpDataDir('none');
		await client.close();
		mkdirSync(folder, { recursive: true });
		// Written aside and renamed, so a parallel reader never reads half a file.
		const partial = `${path}.${process.pid}.partial`;
		writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
		renameSync(partial, path);
		return { path, data: dump };
	}
}
