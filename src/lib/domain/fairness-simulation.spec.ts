import { describe, expect, it } from 'vitest';
import { formatTable, runScenario, SCENARIOS, type ScenarioResult } from './fairness-simulation';

/** Enough juries to tell the methods apart in a second or two; bench:fairness runs 200. */
const SEEDS = 24;

describe('ranking against known truth (seeded juries, src/lib/domain/fairness-simulation.ts)', () => {
	const results = new Map<string, ScenarioResult>(
		SCENARIOS.map((scenario) => [scenario.name, runScenario(scenario, SEEDS)])
	);
	console.log(`\n${formatTable([...results.values()])}\n`);

	it.each(SCENARIOS.map((scenario) => scenario.name))(
		'%s: the adjusted score ranks at least as well as the raw mean and the old z-score',
		(name) => {
			const { spearman } = results.get(name)!;
			expect(spearman.adjusted).toBeGreaterThanOrEqual(spearman.raw - 0.005);
			expect(spearman.adjusted).toBeGreaterThanOrEqual(spearman['z-score']);
		}
	);

	it('with the portal’s own expertise-based assignment it beats the raw mean by 0.03 and keeps the strongest track’s share of the top 10 %', () => {
		const expertise = results.get('expertise')!;
		expect(expertise.spearman.adjusted).toBeGreaterThanOrEqual(expertise.spearman.raw + 0.03);
		expect(Math.abs(expertise.topShare!.adjusted - expertise.topShare!.truth)).toBeLessThanOrEqual(
			0.05
		);
	});

	it('no round is split into groups of judges that share no entry', () => {
		for (const result of results.values()) expect(result.disconnected, result.scenario).toBe(0);
	});

	it('the 90 % interval holds the true quality 85–95 % of the time where the model’s assumptions hold', () => {
		let covered = 0;
		let scenarios = 0;
		for (const result of results.values()) {
			if (result.coverage === null || !result.assumptionsHold) continue;
			expect(result.coverage, result.scenario).toBeGreaterThanOrEqual(0.85);
			expect(result.coverage, result.scenario).toBeLessThanOrEqual(0.95);
			covered += result.coverage;
			scenarios += 1;
		}
		expect(scenarios).toBeGreaterThanOrEqual(4);
		expect(covered / scenarios).toBeGreaterThanOrEqual(0.87);
	});
});
