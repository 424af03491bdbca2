/**
 * npm run bench:fairness — the fairness simulation at full size: 200 seeded juries per scenario
 * (src/lib/domain/fairness-simulation.ts), raw mean, the old per-judge z-score and the adjusted
 * score side by side, printed as a table and as `bench:` lines. BENCH_SEEDS=n changes the count, BENCH_SCENARIO=name runs one scenario.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatTable, runScenario, SCENARIOS } from '../src/lib/domain/fairness-simulation';

const seeds = Number(process.env.BENCH_SEEDS ?? 200);
const only = process.env.BENCH_SCENARIO;
console.log(
	`bench: fairness — ${seeds} seeds per scenario; load average ${os.loadavg()[0]!.toFixed(2)}`
);
const started = performance.now();
const results = SCENARIOS.filter((scenario) => !only || scenario.name === only).map((scenario) =>
	runScenario(scenario, seeds)
);
console.log(formatTable(results));
for (const row of results) {
	for (const [method, value] of Object.entries(row.spearman))
		console.log(`bench: fairness_${row.scenario}_spearman_${method} ${value.toFixed(4)} rho`);
	if (row.coverage !== null)
		console.log(`bench: fairness_${row.scenario}_coverage ${(row.coverage * 100).toFixed(1)} %`);
	console.log(`bench: fairness_${row.scenario}_disconnected ${row.disconnected} rounds`);
}
console.log(`bench: fairness_time ${((performance.now() - started) / 1000).toFixed(1)} s`);
