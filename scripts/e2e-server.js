// Starts the production build on a fresh embedded database (for the end-to-end tests).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const dataDir = process.env.DATA_DIR;
if (!dataDir || !dataDir.startsWith('.data-e2e'))
	throw new Error('DATA_DIR must be a .data-e2e* folder');
rmSync(dataDir, { recursive: true, force: true });

const child = spawn(process.execPath, ['scripts/serve.js'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
