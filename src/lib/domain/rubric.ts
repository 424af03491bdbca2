/**
 * Pure rules of a rubric: weights as percentages, the weighted total of a score sheet, and the
 * descriptors a criterion's scale needs.
 */

/** The largest scale span (max − min) that gets one descriptor per point; wider scales use bands. */
export const MAX_POINT_DESCRIPTOR_SPAN = 10;

export type ScaleDescriptor = { from: number; to: number; text: string };

export type WeightedCriterion = {
	id: string;
	weight: number;
	scaleMin: number;
	scaleMax: number;
};

/**
 * Whole percentages of each weight in the total that always add up to 100 (largest remainder:
 * the rounding error goes to the weights whose share was cut the most; earlier criteria win ties).
 */
export function weightPercentages(weights: readonly number[]): number[] {
	const total = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
	if (weights.length === 0) return [];
	if (total <= 0) return weights.map(() => 0);
	// Integer arithmetic: share × 100 as quotient and remainder of (weight × 100) / total.
	const exact = weights.map((weight) => Math.max(0, weight) * 100);
	const floors = exact.map((value) => Math.floor(value / total));
	let missing = 100 - floors.reduce((sum, value) => sum + value, 0);
	const order = exact
		.map((value, index) => ({ index, remainder: value % total }))
		.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
	for (const { index, remainder } of order) {
		if (missing <= 0) break;
		if (remainder === 0) continue;
		floors[index] += 1;
		missing -= 1;
	}
	return floors;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * The weighted total of a score sheet in hundredths of a point on a 0–100 scale (10000 = every
 * criterion at its maximum). Each value is first placed on its own scale (min → 0, max → 1), so
 * a 1–5 criterion and a 0–10 criterion count by their weights alone. Exact (rational arithmetic,
 * rounded half up), so the same sheet always gives the same total.
 * Null when a criterion has no value; a RangeError for a value outside its scale.
 */
export function weightedTotal(
	criteria: readonly WeightedCriterion[],
	values: ReadonlyMap<string, number | null | undefined> | Record<string, number | null | undefined>
): number | null {
	if (criteria.length === 0) return null;
	const read = (id: string) => (values instanceof Map ? values.get(id) : (values as never)[id]);
	let numerator = 0n;
	let denominator = 1n;
	let weights = 0n;
	for (const criterion of criteria) {
		const value = read(criterion.id) as number | null | undefined;
		if (value === null || value === undefined) return null;
		if (!Number.isInteger(value) || value < criterion.scaleMin || value > criterion.scaleMax)
			throw new RangeError(`Value ${value} is outside ${criterion.scaleMin}–${criterion.scaleMax}`);
		const span = BigInt(criterion.scaleMax - criterion.scaleMin);
		const part = BigInt(criterion.weight) * BigInt(value - criterion.scaleMin);
		// numerator/denominator + part/span
		numerator = numerator * span + part * denominator;
		denominator = denominator * span;
		const common = gcd(numerator, denominator) || 1n;
		numerator /= common;
		denominator /= common;
		weights += BigInt(criterion.weight);
	}
	if (weights === 0n) return null;
	// 10000 × numerator / (denominator × weights), rounded half up.
	const top = 10000n * numerator * 2n + denominator * weights;
	return Number(top / (2n * denominator * weights));
}

/** How a criterion's descriptors are entered: one per point, or bands (from–to). */
export function descriptorMode(scaleMin: number, scaleMax: number): 'points' | 'bands' {
	return scaleMax - scaleMin <= MAX_POINT_DESCRIPTOR_SPAN ? 'points' : 'bands';
}

/** Points of the scale no descriptor covers, as ranges (e.g. [[4, 6], [9, 9]]). */
export function uncoveredPoints(
	scaleMin: number,
	scaleMax: number,
	descriptors: readonly Pick<ScaleDescriptor, 'from' | 'to'>[]
): [number, number][] {
	const gaps: [number, number][] = [];
	let start: number | null = null;
	for (let point = scaleMin; point <= scaleMax; point++) {
		const covered = descriptors.some((band) => band.from <= point && point <= band.to);
		if (!covered && start === null) start = point;
		if (covered && start !== null) {
			gaps.push([start, point - 1]);
			start = null;
		}
	}
	if (start !== null) gaps.push([start, scaleMax]);
	return gaps;
}

/** The first point two descriptors both cover, if any. */
export function overlappingPoint(
	descriptors: readonly Pick<ScaleDescriptor, 'from' | 'to'>[]
): number | null {
	const sorted = [...descriptors].sort((a, b) => a.from - b.from);
	for (let index = 1; index < sorted.length; index++)
		if (sorted[index].from <= sorted[index - 1].to) return sorted[index].from;
	return null;
}

/** "4–6, 9" */
export function formatRanges(ranges: readonly [number, number][]): string {
	return ranges.map(([from, to]) => (from === to ? String(from) : `${from}–${to}`)).join(', ');
}

/** The descriptor that describes a value, if any. */
export function descriptorFor(
	descriptors: readonly ScaleDescriptor[],
	value: number
): ScaleDescriptor | undefined {
	return descriptors.find((band) => band.from <= value && value <= band.to);
}
