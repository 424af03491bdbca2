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
 *  5. Linkage, bought with expertise (level 3) but never with coverage or loads: each judge
 *     holds at least `bridgesPerJudge` bridging reviews, and the round forms one connected group
 *     (see "Why linkage" and phase 3 below).
 *
 * Why linkage. The leaderboard reads a score as entry quality + judge offset + noise and fits
 * both over the graph whose nodes are judges and entries and whose edges are the round's pairs
 * (existing and added). It can compare two entries only when a chain of shared judges links them,
 * so a round of one-track panels (judges with expertise in one track each, levels 1 to 4 alone)
 * falls apart into one unrankable group per track. A bridging review is a slot whose judge does
 * not have the entry's track in their expertise (every slot of an entry without a track): it ties
 * the judge's offset, and through it the judge's own track, to another track's entries.
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
 * Phase 3 (off with `bridgesPerJudge: 0`, which returns phases 1 and 2 untouched) changes only
 * new pairs, and only by swaps: judge a gives entry e to judge c and takes entry f from c. Every
 * load stays as it was, so coverage, balance, capacities and level 2 are exactly those of phases
 * 1 and 2; a swap is made only when neither new pair is conflicted, kept or already there.
 *  3a. Bridging. Judges in seeded order; while judge a holds fewer than `bridgesPerJudge`
 *      bridging reviews (kept ones count), a gives up an entry e of their expertise that keeps
 *      another expert, to a judge c without that expertise, and takes from c an entry f outside
 *      a's expertise that keeps an expert too if c was one. a gains one bridging review and c
 *      none or one. Preferred, in order: swaps that join two groups; swaps that spend no expert
 *      slot beyond what they buy (c gives up an expert slot only when c is short too: in a round
 *      of one-track panels each swap then serves two short judges, and bridgesPerJudge × judges
 *      expert slots are spent in all); swaps serving both judges; pairs that are no bridges of
 *      the graph; entries keeping the most experts; spread.
 *      A swap inside one group can split it: it is then undone and c not tried again for a.
 *      Quotas are reached where such swaps exist. They do not exist for a judge expert in every
 *      track of the round, nor with one judge per entry: there every entry's only judge is its
 *      expert, and a bridging review would link no two judges anyway.
 *  3b. Connection. While two or more groups remain, the swap between two groups that costs
 *      least (entries left without an expert they could have, then expert slots lost, then
 *      spread), restricted to swaps whose pair (a, e) is not a bridge of a's group, i.e. lies on
 *      a cycle. Such a swap always joins the groups: removing (a, e) leaves a's group A
 *      connected; removing (c, f) splits c's group B into at most a part with c and a part with
 *      f; the new pairs (a, f) and (c, e) attach both parts to A. Here connection outranks
 *      expertise: an entry may lose its only expert when no other swap joins the groups.
 * Groups, bridges (pairs whose removal splits a group) and cycles come from one depth-first
 * search (Tarjan's low-link), redone after every swap; phase 3 makes about one swap per judge.
 *
 * Guarantee (minimum linkage). Only judges and entries with at least one pair are counted.
 *  - The groups are never more than after phases 1 and 2 (`components` says how many, `groups`
 *    which).
 *  - Without conflicts and kept pairs, the round ends as ONE group exactly when the pairs can
 *    link everyone, i.e. when pairs >= judges + entries − 1 (with fewer, no assignment with these
 *    loads is connected): while there are two groups and enough pairs, some group has a cycle
 *    (its pairs outnumber its nodes minus one), and any pair on that cycle makes a joining swap
 *    with any pair of another group. Conflicts and kept pairs can only forbid swaps; the result then
 *    reports the groups that stay apart, and never throws for it.
 *  - Each judge holds at least `bridgesPerJudge` bridging reviews unless no swap of 3a exists
 *    for them; no entry loses its last expert to bridging.
 *  - With one judge per entry and no kept pairs each judge is a group of their own: no
 *    assignment links them, and the result says so.
 *
 * Existing pairs are kept, never moved, and count towards coverage and load (also when the
 * pair is conflicted: the work exists), towards bridging reviews and towards the groups. Pairs
 * that name an unknown entry or judge are ignored.
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
	/**
	 * Bridging reviews each judge should hold: entries outside their expertise, existing ones
	 * included (default DEFAULT_BRIDGES_PER_JUDGE). 0 switches phase 3 off: no bridging and no connectivity repair, the
	 * assignment of phases 1 and 2 as it is.
	 */
	bridgesPerJudge?: number;
};

/**
 * Two bridging reviews per judge by default. One keeps the round connected, but with four
 * one-track panels of eight judges it links each track by only a handful of reviews, too few to
 * tell a panel that is harsh as a whole from a track that is weaker: in bench:fairness's
 * harsh-track scenario the adjusted ranking then trails the old z-score (0.934 against 0.937);
 * with two it leads (0.948 against 0.941), and with three gains little more (0.951).
 */
export const DEFAULT_BRIDGES_PER_JUDGE = 2;

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
	/**
	 * Bridging reviews of the round after the run, existing ones included: slots whose judge does
	 * not have the entry's track in their expertise (every slot of an entry without a track).
	 */
	bridging: number;
	/**
	 * Connected groups of the round's graph (judges and entries linked by existing and added
	 * pairs), counting only judges and entries with at least one pair. 1: every entry can be
	 * compared with every other through shared judges.
	 */
	components: number;
	/** Those groups, largest first; ids in input order. */
	groups: AssignmentGroup[];
};

export type AssignmentGroup = { judgeIds: string[]; entryIds: string[] };

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

	// Phase 3. Graph nodes are the entries (0 … entryCount − 1), then the judges.
	/** Slots outside each judge's expertise, existing ones included. */
	readonly outside: Int32Array;
	/** Group of each node, −1 for a node without any pair. */
	readonly component: Int32Array;
	componentCount = 0;
	/** bridge[e·J + j] = 1 when pair (e, j) is a bridge: removing it would split its group. */
	readonly bridge: Uint8Array;
	readonly bridges: number[] = [];
	/** Entries of each judge (existing and added), as offsets into judgeEntries. */
	readonly judgeStart: Int32Array;
	readonly judgeFill: Int32Array;
	judgeEntries = new Int32Array(0);
	readonly discovered: Int32Array;
	readonly low: Int32Array;
	readonly stackNode: Int32Array;
	readonly stackNext: Int32Array;
	/** Phase 3a: judges already found to split the graph when paired with the current judge. */
	readonly rejected: Uint8Array;
	/** The swap found last: e gives judge a to f and takes judge c from f. */
	chosenA = -1;
	chosenE = -1;
	chosenF = -1;
	chosenC = -1;

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
		const nodes = entryCount + J;
		this.outside = new Int32Array(J);
		this.component = new Int32Array(nodes);
		this.bridge = new Uint8Array(entryCount * J);
		this.judgeStart = new Int32Array(J + 1);
		this.judgeFill = new Int32Array(J);
		this.discovered = new Int32Array(nodes);
		this.low = new Int32Array(nodes);
		this.stackNode = new Int32Array(nodes);
		this.stackNext = new Int32Array(nodes);
		this.rejected = new Uint8Array(J);
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

	// ------------------------------------------------------------------------------ phase 3

	degree(node: number): number {
		const e = this.entryCount;
		return node < e
			? this.members[node].length
			: this.judgeStart[node - e + 1] - this.judgeStart[node - e];
	}

	neighbour(node: number, index: number): number {
		const e = this.entryCount;
		return node < e
			? e + this.members[node][index]
			: this.judgeEntries[this.judgeStart[node - e] + index];
	}

	/**
	 * Groups and bridges of the round's graph (existing and added pairs): one iterative
	 * depth-first search (Tarjan's low-link), linear in judges, entries and pairs.
	 */
	analyseGraph() {
		const { J, entryCount, members, judgeStart, judgeFill, component, discovered, low } = this;
		const { bridge, bridges, stackNode, stackNext } = this;
		judgeStart.fill(0);
		let pairs = 0;
		for (let e = 0; e < entryCount; e++) {
			for (const j of members[e]) judgeStart[j + 1]++;
			pairs += members[e].length;
		}
		for (let j = 0; j < J; j++) judgeStart[j + 1] += judgeStart[j];
		if (this.judgeEntries.length < pairs) this.judgeEntries = new Int32Array(pairs);
		judgeFill.set(judgeStart.subarray(0, J));
		for (let e = 0; e < entryCount; e++) {
			for (const j of members[e]) this.judgeEntries[judgeFill[j]++] = e;
		}
		for (const cell of bridges) bridge[cell] = 0;
		bridges.length = 0;
		discovered.fill(-1);
		component.fill(-1);

		const nodes = entryCount + J;
		let time = 0;
		let count = 0;
		for (let root = 0; root < nodes; root++) {
			if (discovered[root] >= 0 || this.degree(root) === 0) continue;
			let top = 0;
			stackNode[0] = root;
			stackNext[0] = 0;
			discovered[root] = low[root] = time++;
			component[root] = count;
			while (top >= 0) {
				const node = stackNode[top];
				if (stackNext[top] < this.degree(node)) {
					const next = this.neighbour(node, stackNext[top]++);
					// No pair appears twice, so the way back to the parent is exactly its one pair.
					if (top > 0 && next === stackNode[top - 1]) continue;
					if (discovered[next] < 0) {
						discovered[next] = low[next] = time++;
						component[next] = count;
						top++;
						stackNode[top] = next;
						stackNext[top] = 0;
					} else if (discovered[next] < low[node]) low[node] = discovered[next];
				} else if (--top >= 0) {
					const parent = stackNode[top];
					if (low[node] < low[parent]) low[parent] = low[node];
					if (low[node] > discovered[parent]) {
						const cell =
							parent < entryCount ? parent * J + node - entryCount : node * J + parent - entryCount;
						bridge[cell] = 1;
						bridges.push(cell);
					}
				}
			}
			count++;
		}
		this.componentCount = count;
	}

	/** Phase 3 bookkeeping: slots outside each judge's expertise. */
	countOutside() {
		const { J, expert, outside } = this;
		outside.fill(0);
		for (let e = 0; e < this.entryCount; e++) {
			for (const j of this.members[e]) outside[j] += 1 - expert[e * J + j];
		}
	}

	/**
	 * How much more often `to` than `from` already sits with e's other judges: the spread term
	 * of replacing `from` by `to` on e (lower spreads pairs of judges better).
	 */
	pairChange(e: number, from: number, to: number): number {
		const { J, pairs } = this;
		let change = 0;
		for (const m of this.members[e])
			if (m !== from) change += pairs[to * J + m] - pairs[from * J + m];
		return change;
	}

	/**
	 * Phase 3a: the best bridging swap for judge a, who lacks bridging reviews. a gives up an
	 * entry e of their own expertise that keeps another expert and that c may take (c no expert
	 * of it); c gives a an entry f outside a's expertise that keeps an expert. Preferred, in
	 * order: a swap that joins two groups, one that spends no expertise beyond what it buys (c
	 * gives up an expert slot only when c lacks bridging reviews too), one that serves both
	 * judges, pairs that are no bridges, entries with most experts left, spread pairs of judges.
	 * Leaves the choice in chosenE, chosenF, chosenC.
	 */
	findBridgingSwap(a: number, quota: number, judgeOrder: Int32Array): boolean {
		const { J, entryCount, held, state, expert, expertCount, bridge, component } = this;
		const ownGroup = component[entryCount + a];
		let found = false;
		let bestJoin = 0;
		let bestWaste = 0;
		let bestServed = 0;
		let bestBridges = 0;
		let bestExperts = 0;
		let bestSpread = 0;
		for (let index = 0; index < J; index++) {
			const c = judgeOrder[index];
			if (c === a || this.rejected[c] || held[c].length === 0) continue;
			let e = -1;
			let eBridge = 0;
			let eExperts = 0;
			let eSpread = 0;
			for (const candidate of held[a]) {
				const row = candidate * J;
				if (!expert[row + a] || state[row + c] !== FREE || expert[row + c]) continue;
				const experts = expertCount[candidate];
				if (experts < 2) continue;
				const isBridge = bridge[row + a];
				if (e >= 0 && (isBridge > eBridge || (isBridge === eBridge && experts < eExperts)))
					continue;
				const spread = this.pairChange(candidate, a, c);
				if (e >= 0 && isBridge === eBridge && experts === eExperts && spread >= eSpread) continue;
				e = candidate;
				eBridge = isBridge;
				eExperts = experts;
				eSpread = spread;
			}
			if (e < 0) continue;
			const lacks = this.outside[c] < quota;
			let f = -1;
			let fWaste = 0;
			let fServed = 0;
			let fBridge = 0;
			let fSpread = 0;
			for (const candidate of held[c]) {
				const row = candidate * J;
				if (expert[row + a] || state[row + a] !== FREE) continue;
				const xfc = expert[row + c];
				if (xfc && expertCount[candidate] < 2) continue;
				const waste = xfc && !lacks ? 1 : 0;
				const served = xfc && lacks ? 2 : 1;
				const isBridge = bridge[row + c];
				if (
					f >= 0 &&
					(waste > fWaste ||
						(waste === fWaste && served < fServed) ||
						(waste === fWaste && served === fServed && isBridge > fBridge))
				) {
					continue;
				}
				const spread = this.pairChange(candidate, c, a);
				if (
					f >= 0 &&
					waste === fWaste &&
					served === fServed &&
					isBridge === fBridge &&
					spread >= fSpread
				) {
					continue;
				}
				f = candidate;
				fWaste = waste;
				fServed = served;
				fBridge = isBridge;
				fSpread = spread;
			}
			if (f < 0) continue;
			// Between two groups, a swap whose removed pairs are not both bridges joins them.
			const join = component[entryCount + c] !== ownGroup && (!eBridge || !fBridge) ? 0 : 1;
			const bridgeCount = eBridge + fBridge;
			const spread = eSpread + fSpread;
			if (found) {
				const better =
					join !== bestJoin
						? join < bestJoin
						: fWaste !== bestWaste
							? fWaste < bestWaste
							: fServed !== bestServed
								? fServed > bestServed
								: bridgeCount !== bestBridges
									? bridgeCount < bestBridges
									: eExperts !== bestExperts
										? eExperts > bestExperts
										: spread < bestSpread;
				if (!better) continue;
			}
			found = true;
			bestJoin = join;
			bestWaste = fWaste;
			bestServed = fServed;
			bestBridges = bridgeCount;
			bestExperts = eExperts;
			bestSpread = spread;
			this.chosenE = e;
			this.chosenF = f;
			this.chosenC = c;
		}
		return found;
	}

	/**
	 * Phase 3a: one bridging swap for judge a, or false when none is left. A swap inside one
	 * group may split it; such a swap is undone and its partner judge c not tried again for a.
	 */
	bridgeOnce(a: number, quota: number, judgeOrder: Int32Array): boolean {
		while (this.findBridgingSwap(a, quota, judgeOrder)) {
			const e = this.chosenE;
			const f = this.chosenF;
			const c = this.chosenC;
			const before = this.componentCount;
			const gain = this.expert[f * this.J + c];
			this.swap(e, a, f, c);
			this.analyseGraph();
			if (this.componentCount <= before) {
				this.outside[a]++;
				this.outside[c] += gain;
				return true;
			}
			this.swap(e, c, f, a);
			this.analyseGraph();
			this.rejected[c] = 1;
		}
		return false;
	}

	/** Phase 3a: every judge up to `quota` bridging reviews where a swap allows it. */
	bridgeTracks(quota: number, judgeOrder: Int32Array) {
		this.countOutside();
		for (let progress = true; progress;) {
			progress = false;
			for (let index = 0; index < this.J; index++) {
				const a = judgeOrder[index];
				this.rejected.fill(0);
				while (this.outside[a] < quota && this.bridgeOnce(a, quota, judgeOrder)) progress = true;
			}
		}
	}

	/**
	 * Phase 3b: while the round has two or more groups, the swap between two groups that costs
	 * least — first entries left without an expert they could have, then expert slots lost, then
	 * spread — among swaps whose pair (a, e) lies on a cycle of a's group. Such a swap always
	 * joins the two groups (see the header), so this ends after at most (groups − 1) swaps.
	 */
	connectGroups(judgeOrder: Int32Array) {
		const { J, entryCount, held, state, expert, expertCount, bridge, component } = this;
		while (this.componentCount > 1) {
			let found = false;
			let bestLost = 0;
			let bestCost = 0;
			let bestSpread = 0;
			for (let ai = 0; ai < J; ai++) {
				const a = judgeOrder[ai];
				if (held[a].length === 0) continue;
				const group = component[entryCount + a];
				for (let ci = 0; ci < J; ci++) {
					const c = judgeOrder[ci];
					if (held[c].length === 0 || component[entryCount + c] === group) continue;
					let e = -1;
					let eLost = 0;
					let eCost = 0;
					let eSpread = 0;
					for (const candidate of held[a]) {
						const row = candidate * J;
						if (bridge[row + a] || state[row + c] !== FREE) continue;
						const xea = expert[row + a];
						const xec = expert[row + c];
						const count = expertCount[candidate];
						const lost =
							this.withoutExpert(candidate, count - xea + xec) -
							this.withoutExpert(candidate, count);
						const cost = xea - xec;
						if (e >= 0 && (lost > eLost || (lost === eLost && cost > eCost))) continue;
						const spread = this.pairChange(candidate, a, c);
						if (e >= 0 && lost === eLost && cost === eCost && spread >= eSpread) continue;
						e = candidate;
						eLost = lost;
						eCost = cost;
						eSpread = spread;
					}
					if (e < 0) continue;
					let f = -1;
					let fLost = 0;
					let fCost = 0;
					let fSpread = 0;
					for (const candidate of held[c]) {
						const row = candidate * J;
						if (state[row + a] !== FREE) continue;
						const xfc = expert[row + c];
						const xfa = expert[row + a];
						const count = expertCount[candidate];
						const lost =
							this.withoutExpert(candidate, count - xfc + xfa) -
							this.withoutExpert(candidate, count);
						const cost = xfc - xfa;
						if (f >= 0 && (lost > fLost || (lost === fLost && cost > fCost))) continue;
						const spread = this.pairChange(candidate, c, a);
						if (f >= 0 && lost === fLost && cost === fCost && spread >= fSpread) continue;
						f = candidate;
						fLost = lost;
						fCost = cost;
						fSpread = spread;
					}
					if (f < 0) continue;
					const lost = eLost + fLost;
					const cost = eCost + fCost;
					const spread = eSpread + fSpread;
					if (
						found &&
						(lost > bestLost ||
							(lost === bestLost &&
								(cost > bestCost || (cost === bestCost && spread >= bestSpread))))
					) {
						continue;
					}
					found = true;
					bestLost = lost;
					bestCost = cost;
					bestSpread = spread;
					this.chosenE = e;
					this.chosenF = f;
					this.chosenC = c;
					this.chosenA = a;
				}
			}
			if (!found) return;
			const before = this.componentCount;
			this.swap(this.chosenE, this.chosenA, this.chosenF, this.chosenC);
			this.analyseGraph();
			// Cannot happen (the swap joins two groups); a guard against looping forever.
			if (this.componentCount >= before)
				throw new Error('assignJudges: a joining swap did not join');
		}
	}

	/** The groups of the last analyseGraph, largest first (ties: the group found first). */
	groups(): { judges: number[]; entries: number[] }[] {
		const { entryCount, component } = this;
		const groups = Array.from({ length: this.componentCount }, () => ({
			judges: [] as number[],
			entries: [] as number[]
		}));
		for (let node = 0; node < entryCount + this.J; node++) {
			const group = component[node];
			if (group < 0) continue;
			if (node < entryCount) groups[group].entries.push(node);
			else groups[group].judges.push(node - entryCount);
		}
		return groups
			.map((group, index) => ({ group, index }))
			.sort(
				(x, y) =>
					y.group.judges.length +
						y.group.entries.length -
						(x.group.judges.length + x.group.entries.length) || x.index - y.index
			)
			.map((item) => item.group);
	}
}

export function assignJudges(input: AssignmentInput): AssignmentResult {
	const { perEntry, quota } = validatedCounts(input);
	const entryCount = input.entries.length;
	const J = input.judges.length;
	const entryIndex = indexById(input.entries, 'entry');
	const judgeIndex = indexById(input.judges, 'judge');
	const expert = expertiseMatrix(input, J);
	const { state, load, existingCount } = startingState(input, entryIndex, judgeIndex);
	const capacity = judgeCapacities(input);

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

	// Phase 3: bridging reviews, then one connected group, by load-preserving swaps.
	solver.analyseGraph();
	if (quota > 0) {
		solver.bridgeTracks(quota, judgeOrder);
		solver.connectGroups(judgeOrder);
	}

	return assignmentResult(input, perEntry, solver, expert, state, load);
}

function validatedCounts(input: AssignmentInput): { perEntry: number; quota: number } {
	const perEntry = input.judgesPerEntry;
	if (!Number.isInteger(perEntry) || perEntry < 0) {
		throw new RangeError('judgesPerEntry must be a non-negative integer');
	}
	const quota = input.bridgesPerJudge ?? DEFAULT_BRIDGES_PER_JUDGE;
	if (!Number.isInteger(quota) || quota < 0) {
		throw new RangeError('bridgesPerJudge must be a non-negative integer');
	}
	return { perEntry, quota };
}

function indexById(items: readonly { id: string }[], kind: 'entry' | 'judge'): Map<string, number> {
	const index = new Map<string, number>();
	items.forEach((item, position) => {
		if (index.has(item.id)) throw new Error(`Duplicate ${kind} id: ${item.id}`);
		index.set(item.id, position);
	});
	return index;
}

/** expert[e·J + j] = 1 when judge j knows entry e's track. */
function expertiseMatrix(input: AssignmentInput, J: number): Uint8Array {
	const expertsByTrack = new Map<string, Uint8Array>();
	input.judges.forEach((judge, j) => {
		for (const trackId of judge.expertise) {
			let row = expertsByTrack.get(trackId);
			if (!row) expertsByTrack.set(trackId, (row = new Uint8Array(J)));
			row[j] = 1;
		}
	});
	const expert = new Uint8Array(input.entries.length * J);
	input.entries.forEach((entry, e) => {
		const row = entry.trackId === null ? undefined : expertsByTrack.get(entry.trackId);
		if (row) expert.set(row, e * J);
	});
	return expert;
}

/** An existing pair overrides a conflict on the same cell (the work exists); a repeated pair counts once. */
function startingState(
	input: AssignmentInput,
	entryIndex: Map<string, number>,
	judgeIndex: Map<string, number>
): { state: Uint8Array; load: Float64Array; existingCount: Int32Array } {
	const entryCount = input.entries.length;
	const J = input.judges.length;
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
	return { state, load, existingCount };
}

function judgeCapacities(input: AssignmentInput): Float64Array {
	const capacity = new Float64Array(input.judges.length);
	input.judges.forEach((judge, j) => {
		const value = judge.capacity;
		if (value === undefined) capacity[j] = Infinity;
		else if (Number.isNaN(value))
			throw new RangeError(`Capacity of judge ${judge.id} is not a number`);
		else capacity[j] = Math.max(0, Math.floor(value));
	});
	return capacity;
}

function assignmentResult(
	input: AssignmentInput,
	perEntry: number,
	solver: Solver,
	expert: Uint8Array,
	state: Uint8Array,
	load: Float64Array
): AssignmentResult {
	const entryCount = input.entries.length;
	const J = input.judges.length;
	const members = solver.members;
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
	let bridging = 0;
	for (let e = 0; e < entryCount; e++) {
		for (const j of members[e]) bridging += 1 - expert[e * J + j];
	}
	const groups = solver.groups().map((group) => ({
		judgeIds: group.judges.map((j) => input.judges[j].id),
		entryIds: group.entries.map((e) => input.entries[e].id)
	}));
	const loads: Record<string, number> = {};
	let lowest = Infinity;
	let highest = -Infinity;
	input.judges.forEach((judge, j) => {
		loads[judge.id] = load[j];
		lowest = Math.min(lowest, load[j]);
		highest = Math.max(highest, load[j]);
	});
	return {
		added,
		loads,
		shortfalls,
		balanced: J === 0 || highest - lowest <= 1,
		bridging,
		components: groups.length,
		groups
	};
}
