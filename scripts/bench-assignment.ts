/**
 * npm run bench:assignment — times assignJudges on 1,000 entries × 60 judges × 3 judges per entry
 * (5 tracks, ~2% random conflicts), bridging included, checks the result, exits 1 when it is broken.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
	assignJudges,
	type AssignmentInput,
	type AssignmentResult
} from '../src/lib/domain/assignment';
import { seededRandom as prng } from '../src/lib/domain/seeded-random';

const ENTRIES = 1000;
const JUDGES = 60;
const PER_ENTRY = 3;
const TRACKS = 5;
const CONFLICT_RATE = 0.02;
const RUNS = 5;
const NAME = `assignment_${ENTRIES}x${JUDGES}x${PER_ENTRY}`;

function buildInstance(seed: number): AssignmentInput {
	const random = prng(seed);
	const tracks = Array.from({ length: TRACKS }, (_, index) => `track-${index}`);
	const entries = Array.from({ length: ENTRIES }, (_, index) => ({
		id: `entry-${index}`,
		trackId: tracks[Math.floor(random() * TRACKS)]
	}));
	const judges = Array.from({ length: JUDGES }, (_, index) => {
		const expertise = [tracks[index % TRACKS]];
		if (random() < 0.3) expertise.push(tracks[Math.floor(random() * TRACKS)]);
		return { id: `judge-${index}`, expertise: [...new Set(expertise)] };
	});
	const conflicts: AssignmentInput['conflicts'] = [];
	for (const entry of entries) {
		for (const judge of judges) {
			if (random() < CONFLICT_RATE) conflicts.push({ judgeId: judge.id, entryId: entry.id });
		}
	}
	return { entries, judges, judgesPerEntry: PER_ENTRY, conflicts, existing: [], seed: 7 };
}

function check(input: AssignmentInput, result: AssignmentResult): string[] {
	const problems: string[] = [];
	const conflicted = new Set(input.conflicts.map((pair) => `${pair.judgeId}|${pair.entryId}`));
	const perEntry = new Map<string, Set<string>>();
	for (const pair of result.added) {
		const key = `${pair.judgeId}|${pair.entryId}`;
		if (conflicted.has(key)) problems.push(`conflicted pair assigned: ${key}`);
		const set = perEntry.get(pair.entryId) ?? new Set<string>();
		if (set.has(pair.judgeId)) problems.push(`duplicate pair: ${key}`);
		set.add(pair.judgeId);
		perEntry.set(pair.entryId, set);
	}
	const short = new Map(result.shortfalls.map((item) => [item.entryId, item]));
	for (const entry of input.entries) {
		const count = perEntry.get(entry.id)?.size ?? 0;
		const shortfall = short.get(entry.id);
		if (count < input.judgesPerEntry && shortfall?.assigned !== count) {
			problems.push(`entry ${entry.id} has ${count} judges and no matching shortfall`);
		}
		if (count > input.judgesPerEntry) problems.push(`entry ${entry.id} over-assigned`);
	}
	if (result.shortfalls.length > 0) problems.push(`${result.shortfalls.length} shortfalls`);
	const loads = Object.values(result.loads);
	if (loads.reduce((sum, value) => sum + value, 0) !== result.added.length) {
		problems.push('loads do not add up');
	}
	if (!result.balanced || Math.max(...loads) - Math.min(...loads) > 1)
		problems.push('not balanced');
	// Every judge can review outside their expertise here, and the pairs can link everyone.
	if (result.components !== 1) problems.push(`${result.components} connected groups, not 1`);
	if (result.bridging < input.judges.length)
		problems.push(`only ${result.bridging} bridging reviews`);
	return problems;
}

function spread(input: AssignmentInput, result: AssignmentResult) {
	const judgesOf = new Map<string, string[]>();
	for (const pair of result.added) {
		judgesOf.set(pair.entryId, [...(judgesOf.get(pair.entryId) ?? []), pair.judgeId]);
	}
	const tracks = new Map(input.entries.map((entry) => [entry.id, entry.trackId]));
	const expertise = new Map(input.judges.map((judge) => [judge.id, new Set(judge.expertise)]));
	const together = new Map<string, number>();
	let withExpert = 0;
	let expertSlots = 0;
	for (const [entryId, list] of judgesOf) {
		const track = tracks.get(entryId) ?? '';
		const experts = list.filter((judge) => expertise.get(judge)?.has(track)).length;
		expertSlots += experts;
		if (experts > 0) withExpert++;
		for (let x = 0; x < list.length; x++) {
			for (let y = x + 1; y < list.length; y++) {
				const key = [list[x], list[y]].sort().join('|');
				together.set(key, (together.get(key) ?? 0) + 1);
			}
		}
	}
	const counts = [...together.values()];
	return {
		withExpert,
		expertSlots,
		maxPair: Math.max(...counts),
		meanPair: counts.reduce((sum, value) => sum + value, 0) / counts.length
	};
}

const input = buildInstance(2024);
const warm = assignJudges(input);
const times: number[] = [];
// CPU time of this process as well: wall time is noisy when others share the machine.
const cpuTimes: number[] = [];
let result = warm;
for (let run = 0; run < RUNS; run++) {
	const cpuStarted = process.cpuUsage();
	const started = performance.now();
	result = assignJudges(input);
	times.push(performance.now() - started);
	const cpu = process.cpuUsage(cpuStarted);
	cpuTimes.push((cpu.user + cpu.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const max = times[times.length - 1];

const cpus = os.cpus();
console.log(
	`bench: data ${ENTRIES} entries × ${JUDGES} judges × ${PER_ENTRY} per entry, ${TRACKS} tracks, ` +
		`${input.conflicts.length} conflicts; machine ${cpus[0]?.model ?? 'unknown cpu'}, ` +
		`${cpus.length} cpus, node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`
);
console.log(`bench: ${NAME}_median ${median.toFixed(1)} ms`);
console.log(`bench: ${NAME}_max ${max.toFixed(1)} ms`);
console.log(`bench: ${NAME}_cpu_median ${cpuTimes[Math.floor(RUNS / 2)].toFixed(1)} ms`);
const loads = Object.values(result.loads);
const stats = spread(input, result);
console.log(
	`bench: result ${result.added.length} pairs, loads ${Math.min(...loads)}–${Math.max(...loads)}, ` +
		`${stats.withExpert}/${ENTRIES} entries with an expert, ${stats.expertSlots} expert slots, ` +
		`judge pairs co-assigned max ${stats.maxPair} (mean ${stats.meanPair.toFixed(2)} over pairs that occur), ` +
		`${result.bridging} bridging reviews, ${result.components} connected group(s)`
);

const problems = check(input, result);
if (JSON.stringify(result) !== JSON.stringify(warm)) problems.push('not deterministic');
if (problems.length > 0) {
	console.error(`bench: FAILED\n${problems.slice(0, 20).join('\n')}`);
	process.exit(1);
}
