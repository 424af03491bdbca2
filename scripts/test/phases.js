// npm test: every phase in order (the first two at once), stopping at the first failure, then the
// time each phase took, so a slow suite shows where its minutes go (issue 15: CI under 15 minutes).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const phases = [
	['check + lint', ['node', 'scripts/test/parallel.js', 'check', 'lint']],
	['unit', ['npm', 'run', 'test:unit']],
	['database', ['npm', 'run', 'test:db']],
	['end-to-end', ['npm', 'run', 'test:e2e']],
	['sqlmap', ['npm', 'run', 'test:sqlmap']],
	['faults', ['npm', 'run', 'test:faults']]
];

const times = [];
let failed = null;
for (const [name, [command, ...args]] of phases) {
	const started = performance.now();
	const { status } = spawnSync(command, args, { stdio: 'inherit' });
	times.push([name, (performance.now() - started) / 1000]);
	if (status !== 0) {
		failed = name;
		break;
	}
}
const total = times.reduce((sum, [, seconds]) => sum + seconds, 0);
console.log('\nphase times:');
for (const [name, seconds] of times)
	console.log(`  ${name.padEnd(14)} ${seconds.toFixed(0).padStart(5)} s`);
console.log(`  ${'total'.padEnd(14)} ${total.toFixed(0).padStart(5)} s`);
if (failed) console.error(`npm test: the ${failed} phase failed`);
process.exit(failed ? 1 : 0);
