/**
 * Before the end-to-end tests (npm run test:e2e): the data folders the test servers start from
 * (scripts/e2e-server.js), as tarballs:
 *  - .data-e2e-template.tar: the migrated, empty PGlite database (initdb on nine servers at once
 *    is slow on two cores; loading a tarball is not);
 *  - .data-e2e-template-demo.tar and -plain.tar: the same with the demo data already seeded, with
 *    and without the demo gallery (its covers go through the image pipeline), so that the servers
 *    do not each seed the same data at once before any test can start.
 * Migrations added after they were made are applied by each server as usual.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db';
import { LocalFileStore } from '../src/lib/server/files/local-store';
import { seedDemoData } from '../src/lib/server/seed/seed';
import { pgliteTemplate } from '../src/lib/server/testing/pglite-template';

const { path } = await pgliteTemplate();
copyFileSync(path, '.data-e2e-template.tar');

for (const variant of ['demo', 'plain'] as const) {
	const folder = `.data-e2e-seed-${variant}`;
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(`${folder}/db`, { recursive: true });
	execFileSync('tar', ['-xf', path, '-C', `${folder}/db`], { stdio: 'ignore' });
	const handle = await openDatabase({ kind: 'pglite', dataDir: `${folder}/db` });
	await seedDemoData(
		handle.db,
		() => {},
		variant === 'demo' ? { gallery: { files: new LocalFileStore(`${folder}/files`) } } : {}
	);
	await handle.close();
	execFileSync('tar', ['-cf', `.data-e2e-template-${variant}.tar`, '-C', folder, '.']);
	rmSync(folder, { recursive: true, force: true });
}
console.log(`e2e: servers start from ${path} and the seeded .data-e2e-template-*.tar`);
