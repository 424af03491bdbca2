// Starts the production build on a fresh embedded database (for the end-to-end tests).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

const dataDir = process.env.DATA_DIR;
if (!dataDir || !dataDir.startsWith('.data-e2e'))
	throw new Error('DATA_DIR must be a .data-e2e* folder');
rmSync(dataDir, { recursive: true, force: true });

// A migrated, empty database made before the run (scripts/e2e-template.ts; a tarball of a PGlite
// data directory) instead of initdb, which takes seconds; any later migration is applied by the
// server as usual. Without it the server runs initdb.
const template = '.data-e2e-template.tar';
if (existsSync(template)) {
	mkdirSync(`${dataDir}/db`, { recursive: true });
	execFileSync('tar', ['-xf', template, '-C', `${dataDir}/db`], { stdio: 'ignore' });
}

const child = spawn(process.execPath, ['scripts/serve.js'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
