/**
 * Before the end-to-end tests (npm run test:e2e): the migrated, empty PGlite database the test
 * servers start from (scripts/e2e-server.js), copied to .data-e2e-template.tar. Nine servers
 * running initdb at once took over a minute on two cores; loading a tarball takes a second each.
 * Migrations added after it was made are applied by each server as usual.
 */
import { copyFileSync } from 'node:fs';
import { pgliteTemplate } from '../src/lib/server/testing/pglite-template';

const { path } = await pgliteTemplate();
copyFileSync(path, '.data-e2e-template.tar');
console.log(`e2e: servers start from ${path}`);
