import { seededRandom } from './seeded-random';

/**
 * Assigning judges to entries for one judging round. Pure and dependency-free.
 *
 * What is optimised, in strict (lexicographic) order:
 *  1. Coverage: as many (entry, judge) slots filled as conflicts and capacities allow — a maximum
 *     flow. Every entry that stays short is listed in `shortfalls` with the exact count and why.
 *  2. Level loads: Σ over judges of load² (existing work included) is minimal among all
 *     maximum-coverage assignments. With the total fixed, that minimiser has max − min <= 1
 *     whenever any maximum-coverage assignment has it (the least-squares point of a flow polytope
 *     is also its most even one), so `balanced` is false only when balance is really impossible.
 *  3. Expertise: fewest slots given to a judge without the entry's track in their expertise.
 *  4. Spread: first as many entries as possible with at least one expert, then judge pairs
 *     co-assigned as evenly as possible (Σ over judge pairs of co-assignments², which grows
 *     quadratically with co-occurrence). Reached by local search, not proven optimal.
 *
 * Method. Phase 1 is an exact min-cost flow: entry (supply = judgesPerEntry − existing) → judge
 * (capacity 1, cost 0 for an expert, X = 1 otherwise) → sink, where a judge's l-th unit of load
 * costs M·l (convex, so loads level out) and stops at `capacity`. M = (units to place)·X + 1
 * exceeds any possible difference in expertise cost, which makes level 2 strictly dominate
 * level 3. All costs are integers far below 2^53, so float arithmetic is exact.
 *
 * Only the judge side is small (tens of judges against thousands of entries), so shortest paths
 * run on a compressed graph of judges only: an arc a → b means "some entry now held by a moves
 * to b", and its cost is the cheapest such move. Those costs take three values (−X, 0, +X), so
 * counters of movable entries per (a, b, cost) keep every arc up to date in O(judges) per change.
 * Each entry is then filled by successive shortest paths (dense Dijkstra with node potentials,
 * O(judges²) per unit placed) from that entry to the sink. A compressed path is a residual walk
 * of the full entry/judge graph with the same cost, so each augmentation keeps the flow
 * min-cost for the supplies placed so far, and an entry that finds no path can never get one
 * later (nothing reachable from it changes), so the result is a maximum flow whose loads are
 * optimal among all maximum flows. (When some entries must stay short, which ones is decided by
 * the seeded entry order.) Ties go to a seeded random order of judges and entries.
 *
 * Phase 2 keeps every load and the expertise cost (a min-cost flow cannot improve it further)
 * and applies improving swaps: entry e trades its new judge a for c while another entry f
 * trades c for a. It first reduces the number of entries without an expert, then Σ pair². For
 * each slot, only the few judges c that help e most are tried, with every entry f that c holds.
 * Sweeps repeat until one finds nothing or a fixed amount of work is spent, so the search stays
 * fast and deterministic.
 *
 * Existing pairs are kept, never moved, and count towards coverage and load (also when the
 * pair is conflicted: the work exists). Pairs that name an unknown entry or judge are ignored.
 */

export type AssignmentInput = {
	entries: { id: string; trackId: string | null }[];
	judges: {
		id: string;
		/** Track ids. */
		expertise: string[];
		/** Optional max load (existing work included). */
		capacity?: number;
	}[];
	judgesPerEntry: number;
	/** Pairs that must never be assigned (declared or confirmed conflicts). */
	conflicts: { judgeId: string; entryId: string }[];
	/** Assignments that already exist and must be kept (finished or started work, manual picks). They count towards coverage and load. */
	existing: { judgeId: string; entryId: string }[];
	/** Optional seed for deterministic tie-breaking. */
	seed?: number;
};

export type Shortfall = {
	entryId: string;
	needed: number;
	assigned: number;
	reason: 'not_enough_judges' | 'conflicts' | 'capacity';
};

export type AssignmentResult = {
	/** New pairs to add (never includes existing ones). */
	added: { judgeId: string; entryId: string }[];
	/** Per-judge total load after the run (existing + added). */
	loads: Record<string, number>;
	shortfalls: Shortfall[];
	/** True when max − min load <= 1 over all judges, including any whose conflicts, capacity or existing work make that impossible. */
	balanced: boolean;
};

// State of one (entry, judge) cell.
const FREE = 0;
const BLOCKED = 1;
const EXISTING = 2;
const ADDED = 3;

/** Cost of a slot given to a judge outside the entry's track (an expert costs 0). */
const X = 1;

/** Phase 2 work limit, in candidate evaluations. */
const SEARCH_BUDGET = 4_000_000;
/** Phase 2: partners are looked for among the entries of this many best replacement judges. */
const CANDIDATES_TRIED = 3;

/** Seeded uint32 values for tie-breaking (exactly the generator's 32 bits: x / 2³² × 2³² = x). */
function randomSource(seed: number): () => number {
	const next = seededRandom(seed);
	return () => next() * 4294967296;
}

function shuffledRange(length: number, random: () => number): Int32Array {
	const order = new Int32Array(length);
	for (let index = 0; index < length; index++) order[index] = index;
	for (let index = length - 1; index > 0; index--) {
		const other = random() % (index + 1);
		const swap = order[index];
		order[index] = order[other];
		order[other] = swap;
	}
	return order;
}

/**
 * The working state of one run. A class at module level rather than closures inside
 * assignJudges, so that V8 keeps its optimised code from one call to the next.
 */
class Solver {
	readonly J: number;
	readonly entryCount: number;
	readonly expert: Uint8Array;
	readonly state: Uint8Array;
	readonly load: Float64Array;
	readonly capacity: Float64Array;
	readonly random: () => number;
	/** Cost of the l-th unit of a judge's load is M·l. */
	readonly M: number;

	// Phase 1.
	/** Entries newly assigned to each judge, with each one's position for O(1) removal. */
	readonly held: number[][];
	readonly position: Int32Array;
	/** counts[(a·J + b)·3 + k]: entries held by a, free for b, whose move a → b costs (k − 1)·X. */
	readonly counts: Int32Array;
	readonly potential: Float64Array;
	sinkPotential = 0;
	readonly dist: Float64Array;
	readonly done: Uint8Array;
	readonly previous: Int32Array;
	readonly previousClass: Int8Array;
	readonly rank: Uint32Array;
	readonly hops: number[] = [];

	// Phase 2.
	readonly members: number[][] = [];
	readonly expertCount: Int32Array;
	readonly canHaveExpert: Uint8Array;
	readonly pairs: Int32Array;
	readonly candidates: Int32Array;
	readonly candidateKey: Float64Array;
	budget = SEARCH_BUDGET;

	constructor(
		entryCount: number,
		J: number,
		expert: Uint8Array,
		state: Uint8Array,
		load: Float64Array,
		capacity: Float64Array,
		units: number,
		random: () => number
	) {
		this.entryCount = entryCount;
		this.J = J;
		this.expert = expert;
		this.state = state;
		this.load = load;
		this.capacity = capacity;
		this.random = random;
		this.M = units * X + 1;
		this.held = Array.from({ length: J }, () => []);
		this.position = new Int32Array(entryCount * J);
		this.counts = new Int32Array(J * J * 3);
		this.potential = new Float64Array(J);
		this.dist = new Float64Array(J);
		this.done = new Uint8Array(J);
		this.previous = new Int32Array(J);
		this.previousClass = new Int8Array(J);
		this.rank = new Uint32Array(J);
		this.expertCount = new Int32Array(entryCount);
		this.canHaveExpert = new Uint8Array(entryCount);
		this.pairs = new Int32Array(J * J);
		this.candidates = new Int32Array(J);
		this.candidateKey = new Float64Array(J);
	}

	cost(cell: number): number {
		return this.expert[cell] ? 0 : X;
	}

	/** Marks (e, j) as newly assigned and updates the move counters. */
	hold(e: number, j: number) {
		const { J, state, counts } = this;
		const row = e * J;
		state[row + j] = ADDED;
		const own = this.cost(row + j);
		for (let b = 0; b < J; b++) {
			const cell = state[row + b];
			if (cell === FREE) counts[(j * J + b) * 3 + (this.cost(row + b) - own) / X + 1]++;
			else if (cell === ADDED && b !== j) {
				counts[(b * J + j) * 3 + (own - this.cost(row + b)) / X + 1]--;
			}
		}
		this.position[row + j] = this.held[j].length;
		this.held[j].push(e);
	}

	/** Undoes hold(e, j). */
	release(e: number, j: number) {
		const { J, state, counts } = this;
		const row = e * J;
		state[row + j] = FREE;
		const own = this.cost(row + j);
		for (let b = 0; b < J; b++) {
			const cell = state[row + b];
			if (cell === FREE && b !== j) {
				counts[(j * J + b) * 3 + (this.cost(row + b) - own) / X + 1]--;
			} else if (cell === ADDED) counts[(b * J + j) * 3 + (own - this.cost(row + b)) / X + 1]++;
		}
		const list = this.held[j];
		const last = list.pop() as number;
		if (last !== e) {
			const at = this.position[row + j];
			list[at] = last;
			this.position[last * J + j] = at;
		}
	}

	/** One more judge for entry e along a shortest path to the sink; false when there is none. */
	augment(e: number): boolean {
		const { J, state, counts, potential, dist, done, previous, previousClass, rank, load } = this;
		const row = e * J;
		for (let j = 0; j < J; j++) {
			rank[j] = this.random();
			done[j] = 0;
			previous[j] = -1;
			dist[j] = state[row + j] === FREE ? this.cost(row + j) - potential[j] : Infinity;
		}
		let sinkDist = Infinity;
		let sinkFrom = -1;
		for (;;) {
			let a = -1;
			let best = Infinity;
			for (let j = 0; j < J; j++) {
				if (done[j] || dist[j] === Infinity) continue;
				if (dist[j] < best || (dist[j] === best && rank[j] < rank[a])) {
					best = dist[j];
					a = j;
				}
			}
			if (a < 0 || best >= sinkDist) break;
			done[a] = 1;
			const base = best + potential[a];
			if (load[a] < this.capacity[a]) {
				const viaSink = base + this.M * (load[a] + 1) - this.sinkPotential;
				if (viaSink < sinkDist || (viaSink === sinkDist && rank[a] < rank[sinkFrom])) {
					sinkDist = viaSink;
					sinkFrom = a;
				}
			}
			const arcs = a * J * 3;
			for (let b = 0; b < J; b++) {
				if (done[b]) continue;
				const at = arcs + b * 3;
				const k = counts[at] > 0 ? 0 : counts[at + 1] > 0 ? 1 : counts[at + 2] > 0 ? 2 : -1;
				if (k < 0) continue;
				const candidate = base + (k - 1) * X - potential[b];
				if (candidate < dist[b]) {
					dist[b] = candidate;
					previous[b] = a;
					previousClass[b] = k;
				}
			}
		}
		if (sinkFrom < 0) return false;

		// Which entry makes each judge-to-judge move, all chosen before anything changes.
		const hops = this.hops;
		hops.length = 0;
		let to = sinkFrom;
		while (previous[to] >= 0) {
			const from = previous[to];
			const k = previousClass[to];
			let mover = -1;
			for (const candidate of this.held[from]) {
				const cell = candidate * J;
				if (
					state[cell + to] === FREE &&
					(this.cost(cell + to) - this.cost(cell + from)) / X + 1 === k
				) {
					mover = candidate;
					break;
				}
			}
			if (mover < 0) throw new Error('assignJudges: inconsistent move counters');
			hops.push(mover, from, to);
			to = from;
		}
		this.hold(e, to);
		for (let index = 0; index < hops.length; index += 3) {
			this.release(hops[index], hops[index + 1]);
			this.hold(hops[index], hops[index + 2]);
		}
		load[sinkFrom]++;
		for (let j = 0; j < J; j++) potential[j] += Math.min(dist[j], sinkDist);
		this.sinkPotential += sinkDist;
		return true;
	}

	/** Phase 2 bookkeeping: each entry's judges, expert counts and pair counts. */
	prepareSpread() {
		const { J, state, expert, pairs } = this;
		for (let e = 0; e < this.entryCount; e++) {
			const row = e * J;
			const list: number[] = [];
			for (let j = 0; j < J; j++) {
				const cell = state[row + j];
				if (cell >= EXISTING) {
					list.push(j);
					this.expertCount[e] += expert[row + j];
				}
				if (cell !== BLOCKED && expert[row + j]) this.canHaveExpert[e] = 1;
			}
			for (let x = 0; x < list.length; x++) {
				for (let y = x + 1; y < list.length; y++) {
					pairs[list[x] * J + list[y]]++;
					pairs[list[y] * J + list[x]]++;
				}
			}
			this.members.push(list);
		}
	}

	/** 1 when entry e, holding `count` experts, lacks one it could have. */
	withoutExpert(e: number, count: number): number {
		return this.canHaveExpert[e] && count === 0 ? 1 : 0;
	}

	/** e gives a to f and takes c from f. */
	swap(e: number, a: number, f: number, c: number) {
		const { J, pairs, state, expert, position, held } = this;
		const eRow = e * J;
		const fRow = f * J;
		const eList = this.members[e];
		const fList = this.members[f];
		for (const m of eList) {
			if (m === a) continue;
			pairs[a * J + m]--;
			pairs[m * J + a]--;
			pairs[c * J + m]++;
			pairs[m * J + c]++;
		}
		for (const m of fList) {
			if (m === c) continue;
			pairs[c * J + m]--;
			pairs[m * J + c]--;
			pairs[a * J + m]++;
			pairs[m * J + a]++;
		}
		eList[eList.indexOf(a)] = c;
		fList[fList.indexOf(c)] = a;
		this.expertCount[e] += expert[eRow + c] - expert[eRow + a];
		this.expertCount[f] += expert[fRow + a] - expert[fRow + c];
		state[eRow + a] = FREE;
		state[eRow + c] = ADDED;
		state[fRow + c] = FREE;
		state[fRow + a] = ADDED;
		// e takes f's place in c's list and f takes e's place in a's list.
		const atA = position[eRow + a];
		const atC = position[fRow + c];
		held[a][atA] = f;
		position[fRow + a] = atA;
		held[c][atC] = e;
		position[eRow + c] = atC;
	}

	/**
	 * Tries to improve new slot (e, a): ranks the judges c that e could take instead by how much
	 * e alone would gain, then looks for a partner f among the entries that the best few hold.
	 * A move that shifts expertise between e and f is always tried from the side that gains it.
	 */
	improveSlot(e: number, a: number, judgeOrder: Int32Array): boolean {
		const { J, state, expert, pairs, expertCount, candidates, candidateKey } = this;
		const eRow = e * J;
		const eList = this.members[e];
		const xea = expert[eRow + a];
		const hadNone = this.withoutExpert(e, expertCount[e]);
		let found = 0;
		for (let ci = 0; ci < J; ci++) {
			const c = judgeOrder[ci];
			if (state[eRow + c] !== FREE) continue;
			const xec = expert[eRow + c];
			if (xec < xea) continue;
			const zE = this.withoutExpert(e, expertCount[e] - xea + xec) - hadNone;
			let qE = 0;
			for (const m of eList) if (m !== a) qE += 2 * (pairs[c * J + m] - pairs[a * J + m]) + 2;
			if (zE === 0 && qE >= 0 && xec === xea) continue;
			candidates[found] = c;
			candidateKey[found] = zE * 1e9 + qE;
			found++;
		}
		this.budget -= J;
		for (let tried = 0; tried < CANDIDATES_TRIED && tried < found; tried++) {
			// Selection step: bring the next best candidate to position `tried`.
			let bestAt = tried;
			for (let other = tried + 1; other < found; other++) {
				if (candidateKey[other] < candidateKey[bestAt]) bestAt = other;
			}
			const c = candidates[bestAt];
			candidates[bestAt] = candidates[tried];
			candidateKey[bestAt] = candidateKey[tried];
			const xec = expert[eRow + c];
			const zE = this.withoutExpert(e, expertCount[e] - xea + xec) - hadNone;

			let bestF = -1;
			let bestZ = 0;
			let bestQ = 0;
			const partners = this.held[c];
			this.budget -= partners.length;
			for (const f of partners) {
				const fRow = f * J;
				if (f === e || state[fRow + a] !== FREE) continue;
				const xfa = expert[fRow + a];
				const xfc = expert[fRow + c];
				if (xea - xec + xfc - xfa > 0) continue; // would give up expertise
				const dZ =
					zE +
					this.withoutExpert(f, expertCount[f] - xfc + xfa) -
					this.withoutExpert(f, expertCount[f]);
				if (dZ > 0) continue;
				let dQ = 0;
				for (const m of eList) {
					if (m !== a && state[fRow + m] < EXISTING) {
						dQ += 2 * (pairs[c * J + m] - pairs[a * J + m]) + 2;
					}
				}
				for (const m of this.members[f]) {
					if (m !== c && state[eRow + m] < EXISTING) {
						dQ += 2 * (pairs[a * J + m] - pairs[c * J + m]) + 2;
					}
				}
				if (dZ === 0 && dQ >= 0) continue;
				if (bestF < 0 || dZ < bestZ || (dZ === bestZ && dQ < bestQ)) {
					bestF = f;
					bestZ = dZ;
					bestQ = dQ;
				}
			}
			if (bestF >= 0) {
				this.swap(e, a, bestF, c);
				return true;
			}
		}
		return false;
	}
}

export function assignJudges(input: AssignmentInput): AssignmentResult {
	const perEntry = input.judgesPerEntry;
	if (!Number.isInteger(perEntry) || perEntry < 0) {
		throw new RangeError('judgesPerEntry must be a non-negative integer');
	}
	const entryCount = input.entries.length;
	const J = input.judges.length;

	const entryIndex = new Map<string, number>();
	input.entries.forEach((entry, index) => {
		if (entryIndex.has(entry.id)) throw new Error(`Duplicate entry id: ${entry.id}`);
		entryIndex.set(entry.id, index);
	});
	const judgeIndex = new Map<string, number>();
	input.judges.forEach((judge, index) => {
		if (judgeIndex.has(judge.id)) throw new Error(`Duplicate judge id: ${judge.id}`);
		judgeIndex.set(judge.id, index);
	});

	// Expertise: expert[e·J + j] = 1 when judge j knows entry e's track.
	const expertsByTrack = new Map<string, Uint8Array>();
	input.judges.forEach((judge, j) => {
		for (const trackId of judge.expertise) {
			let row = expertsByTrack.get(trackId);
			if (!row) expertsByTrack.set(trackId, (row = new Uint8Array(J)));
			row[j] = 1;
		}
	});
	const expert = new Uint8Array(entryCount * J);
	input.entries.forEach((entry, e) => {
		const row = entry.trackId === null ? undefined : expertsByTrack.get(entry.trackId);
		if (row) expert.set(row, e * J);
	});

	const state = new Uint8Array(entryCount * J);
	for (const pair of input.conflicts) {
		const e = entryIndex.get(pair.entryId);
		const j = judgeIndex.get(pair.judgeId);
		if (e !== undefined && j !== undefined) state[e * J + j] = BLOCKED;
	}
	const load = new Float64Array(J);
	const existingCount = new Int32Array(entryCount);
	for (const pair of input.existing) {
		const e = entryIndex.get(pair.entryId);
		const j = judgeIndex.get(pair.judgeId);
		if (e === undefined || j === undefined || state[e * J + j] === EXISTING) continue;
		state[e * J + j] = EXISTING;
		existingCount[e]++;
		load[j]++;
	}
	const capacity = new Float64Array(J);
	input.judges.forEach((judge, j) => {
		const value = judge.capacity;
		if (value === undefined) capacity[j] = Infinity;
		else if (Number.isNaN(value))
			throw new RangeError(`Capacity of judge ${judge.id} is not a number`);
		else capacity[j] = Math.max(0, Math.floor(value));
	});

	const random = randomSource(input.seed ?? 0x9e3779b9);
	const entryOrder = shuffledRange(entryCount, random);
	const judgeOrder = shuffledRange(J, random);

	let units = 0;
	for (let e = 0; e < entryCount; e++) units += Math.max(0, perEntry - existingCount[e]);
	const solver = new Solver(entryCount, J, expert, state, load, capacity, units, random);

	// Phase 1: min-cost flow, one entry at a time, one judge at a time.
	for (let index = 0; index < entryCount; index++) {
		const e = entryOrder[index];
		for (let missing = perEntry - existingCount[e]; missing > 0; missing--) {
			if (!solver.augment(e)) break;
		}
	}

	// Phase 2: load- and expertise-preserving swaps, in sweeps until none helps.
	solver.prepareSpread();
	const members = solver.members;
	for (let improved = true; improved && solver.budget > 0;) {
		improved = false;
		for (let index = 0; index < entryCount && solver.budget > 0; index++) {
			const e = entryOrder[index];
			const list = members[e];
			for (let slot = 0; slot < list.length && solver.budget > 0; slot++) {
				if (state[e * J + list[slot]] !== ADDED) continue;
				if (solver.improveSlot(e, list[slot], judgeOrder)) improved = true;
			}
		}
	}

	// ---------------------------------------------------------------- result
	const added: AssignmentResult['added'] = [];
	const shortfalls: Shortfall[] = [];
	for (let e = 0; e < entryCount; e++) {
		const row = e * J;
		const entryId = input.entries[e].id;
		let eligible = 0;
		for (let j = 0; j < J; j++) {
			const cell = state[row + j];
			if (cell === ADDED) added.push({ judgeId: input.judges[j].id, entryId });
			if (cell !== BLOCKED) eligible++;
		}
		const assigned = members[e].length;
		if (assigned < perEntry) {
			shortfalls.push({
				entryId,
				needed: perEntry,
				assigned,
				reason: J < perEntry ? 'not_enough_judges' : eligible < perEntry ? 'conflicts' : 'capacity'
			});
		}
	}
	const loads: Record<string, number> = {};
	let lowest = Infinity;
	let highest = -Infinity;
	input.judges.forEach((judge, j) => {
		loads[judge.id] = load[j];
		lowest = Math.min(lowest, load[j]);
		highest = Math.max(highest, load[j]);
	});
	return { added, loads, shortfalls, balanced: J === 0 || highest - lowest <= 1 };
}
