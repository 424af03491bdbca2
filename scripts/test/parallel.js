// npm test's first step: runs the npm scripts named on the command line at once (svelte-check and
// the linters are single-threaded, and this machine has two cores), prints each one's output in
// full when it ends, and exits non-zero when any of them failed.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const codes = await Promise.all(
	names.map(
		(name) =>
			new Promise((resolve) => {
				const child = spawn('npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
				const output = [];
				child.stdout.on('data', (chunk) => output.push(chunk));
				child.stderr.on('data', (chunk) => output.push(chunk));
				child.on('close', (code) => {
					process.stdout.write(Buffer.concat(output));
					if (code !== 0) console.error(`\nnpm run ${name} failed (exit ${code})`);
					resolve(code ?? 1);
				});
			})
	)
);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
