/**
 * Judge effects fitted over a whole round (issue 14, part 1: the model; the leaderboard does not
 * use it yet).
 *
 * A review's score is read as `entry quality + judge offset + noise`. A per-judge z-score assumes
 * every judge saw entries of the same average quality, which expertise-based assignment makes
 * false (a judge of the strongest track looks lenient). Fitting qualities and offsets jointly over
 * the judge–entry graph compares judges only through entries they share, directly or by a chain.
 *
 * Each offset is shrunk towards 0 by a ridge penalty `shrinkage · offset²`: a judge with n
 * reviews keeps n / (n + shrinkage) of the offset their reviews alone suggest, so a judge with two
 * reviews is barely adjusted and one with twenty almost fully. The penalty also fixes the level
 * that an additive model leaves free (offsets centre near 0).
 *
 * Solved by block coordinate descent (qualities, then offsets, until nothing moves): the objective
 * is convex, so this converges to the unique minimum; each sweep is linear in the reviews.
 */

export type Review = { judgeId: string; entryId: string; score: number };

export type JudgeEffectsOptions = {
	/** Reviews' worth of doubt each offset carries (0: none, offsets fully fitted). */
	shrinkage?: number;
	/** Stop once no quality or offset moves by more than this. */
	tolerance?: number;
	maxSweeps?: number;
};

export type JudgeEffects = {
	/** Entry quality on the score's own scale: its reviews with their judges' offsets removed. */
	quality: Map<string, number>;
	/** How much more (positive) or less a judge scores than the entries warrant. */
	offset: Map<string, number>;
	/** Connected groups of the judge–entry graph: entries of different groups are not comparable. */
	components: { judges: string[]; entries: string[] }[];
	sweeps: number;
};

export const DEFAULT_SHRINKAGE = 2;

/** Fits the additive judge-effect model to a round's submitted reviews. */
export function fitJudgeEffects(
	reviews: readonly Review[],
	options: JudgeEffectsOptions = {}
): JudgeEffects {
	const shrinkage = options.shrinkage ?? DEFAULT_SHRINKAGE;
	const tolerance = options.tolerance ?? 1e-9;
	const maxSweeps = options.maxSweeps ?? 1000;
	if (!(shrinkage >= 0)) throw new RangeError('shrinkage must be 0 or more');

	const byEntry = new Map<string, Review[]>();
	const byJudge = new Map<string, Review[]>();
	for (const review of reviews) {
		if (!Number.isFinite(review.score)) throw new RangeError('scores must be finite numbers');
		push(byEntry, review.entryId, review);
		push(byJudge, review.judgeId, review);
	}
	const quality = new Map<string, number>();
	const offset = new Map<string, number>();
	for (const judgeId of byJudge.keys()) offset.set(judgeId, 0);

	let sweeps = 0;
	for (; sweeps < maxSweeps;) {
		sweeps++;
		let moved = 0;
		for (const [entryId, own] of byEntry) {
			let sum = 0;
			for (const review of own) sum += review.score - offset.get(review.judgeId)!;
			const next = sum / own.length;
			moved = Math.max(moved, Math.abs(next - (quality.get(entryId) ?? next)));
			quality.set(entryId, next);
		}
		for (const [judgeId, own] of byJudge) {
			let sum = 0;
			for (const review of own) sum += review.score - quality.get(review.entryId)!;
			// Without shrinkage a lone judge's offset is free; 0 is the neutral choice.
			const next = own.length + shrinkage > 0 ? sum / (own.length + shrinkage) : 0;
			moved = Math.max(moved, Math.abs(next - offset.get(judgeId)!));
			offset.set(judgeId, next);
		}
		if (moved <= tolerance) break;
	}
	if (shrinkage === 0) centreOffsets(quality, offset, byJudge, connectedComponents(reviews));
	return { quality, offset, components: connectedComponents(reviews), sweeps };
}

/**
 * Without shrinkage the model fixes only differences: within each group, offsets are moved to
 * average 0 over the group's reviews (and qualities the other way), so figures read the same
 * whatever the starting point.
 */
function centreOffsets(
	quality: Map<string, number>,
	offset: Map<string, number>,
	byJudge: Map<string, Review[]>,
	components: { judges: string[]; entries: string[] }[]
) {
	for (const component of components) {
		let weighted = 0;
		let count = 0;
		for (const judgeId of component.judges) {
			const reviews = byJudge.get(judgeId)!.length;
			weighted += offset.get(judgeId)! * reviews;
			count += reviews;
		}
		const shift = count > 0 ? weighted / count : 0;
		for (const judgeId of component.judges) offset.set(judgeId, offset.get(judgeId)! - shift);
		for (const entryId of component.entries) quality.set(entryId, quality.get(entryId)! + shift);
	}
}

/** Groups of judges and entries linked by reviews, largest first (ties by first judge's id). */
export function connectedComponents(
	reviews: readonly Review[]
): { judges: string[]; entries: string[] }[] {
	const parent = new Map<string, string>();
	const find = (node: string): string => {
		let root = node;
		while (parent.get(root) !== root) root = parent.get(root)!;
		// Path compression: every node on the way points at the root.
		for (let current = node; current !== root;) {
			const next = parent.get(current)!;
			parent.set(current, root);
			current = next;
		}
		return root;
	};
	for (const review of reviews) {
		const judge = `j:${review.judgeId}`;
		const entry = `e:${review.entryId}`;
		if (!parent.has(judge)) parent.set(judge, judge);
		if (!parent.has(entry)) parent.set(entry, entry);
		const a = find(judge);
		const b = find(entry);
		if (a !== b) parent.set(a, b);
	}
	const groups = new Map<string, { judges: string[]; entries: string[] }>();
	for (const node of parent.keys()) {
		const root = find(node);
		let group = groups.get(root);
		if (!group) groups.set(root, (group = { judges: [], entries: [] }));
		if (node.startsWith('j:')) group.judges.push(node.slice(2));
		else group.entries.push(node.slice(2));
	}
	return [...groups.values()]
		.map((group) => ({ judges: group.judges.sort(), entries: group.entries.sort() }))
		.sort(
			(a, b) =>
				b.judges.length + b.entries.length - (a.judges.length + a.entries.length) ||
				(a.judges[0] ?? '').localeCompare(b.judges[0] ?? '')
		);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
