// Starts the production build on a fresh embedded database (for the end-to-end tests).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const dataDir = process.env.DATA_DIR;
if (!dataDir || !dataDir.startsWith('.data-e2e'))
	throw new Error('DATA_DIR must be a .data-e2e* folder');
rmSync(dataDir, { recursive: true, force: true });

// A migrated database made before the run (scripts/e2e-template.ts; tarballs of a data folder)
// instead of initdb, which takes seconds: with the demo data already seeded (with or without the
// demo gallery) for the servers that seed it, empty for the production server. Any later migration
// is applied by the server as usual. Without them the server runs initdb and seeds.
const adminEmail = process.env.E2E_ADMIN_EMAIL;
const seeded = adminEmail
	? null
	: `.data-e2e-template-${process.env.SEED_DEMO_GALLERY === 'false' ? 'plain' : 'demo'}.tar`;
const template = '.data-e2e-template.tar';
if (seeded && existsSync(seeded)) {
	mkdirSync(dataDir, { recursive: true });
	execFileSync('tar', ['-xf', seeded, '-C', dataDir], { stdio: 'ignore' });
} else if (existsSync(template)) {
	mkdirSync(`${dataDir}/db`, { recursive: true });
	execFileSync('tar', ['-xf', template, '-C', `${dataDir}/db`], { stdio: 'ignore' });
}

// A production server is never seeded: its first organizer comes from `npm run admin:create`, as
// an operator makes it. The one-hour link to choose a password is left for the tests to read.
if (adminEmail) {
	const output = execFileSync(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'scripts/admin-create.ts', '--email', adminEmail],
		{ env: process.env, encoding: 'utf8' }
	);
	const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(output)?.[0];
	if (!link) throw new Error(`admin:create printed no link:\n${output}`);
	writeFileSync(`${dataDir}/admin-link.txt`, link);
}

const child = spawn(process.execPath, ['scripts/serve.js'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
