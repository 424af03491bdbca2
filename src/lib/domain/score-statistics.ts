/**
 * Pure statistics of judging: a review's weighted score, the summary of an entry's reviews,
 * inter-judge agreement (Krippendorff's alpha), the disagreement flag, rankings with ties and
 * Spearman's rank correlation. Judges' harshness is judge-effects.ts's concern.
 *
 * Conventions used throughout:
 * - Scores are points on a 0–100 scale (a review's weighted total), plain numbers.
 * - Standard deviations are POPULATION standard deviations (divide by n): they describe the spread
 *   of the reviews actually given (an entry's three reviews, a judge's reviews in a round), they do
 *   not estimate a wider population. Where only one value exists no spread can be seen and the
 *   summaries report null rather than 0.
 * - Quartiles use linear interpolation between closest ranks (R's type 7, Excel's QUARTILE.INC).
 * - Values shown to people are rounded to 2 decimals, and ranks compare those rounded values, so
 *   two entries showing the same number always share a rank.
 */
import { weightedTotal, type WeightedCriterion } from './rubric';

/** An entry is flagged for discussion when its reviews are this many points apart (max − min). */
export const DEFAULT_DISAGREEMENT_THRESHOLD = 25;

/** Rounded half away from zero to `decimals` places (2 by default); exact for hundredths. */
export function roundTo(value: number, decimals = 2): number {
	const factor = 10 ** decimals;
	// The small nudge undoes binary representation errors (68.745 stored as 68.74499…).
	const scaled = Math.abs(value) * factor;
	const rounded = Math.round(scaled + scaled * Number.EPSILON) / factor;
	return value < 0 ? -rounded : rounded;
}

/** Rounded to 2 decimals, null kept. */
export function roundOrNull(value: number | null, decimals = 2): number | null {
	return value === null ? null : roundTo(value, decimals);
}

// ---------------------------------------------------------------------------------------------
// A review's weighted score

/**
 * A review's weighted score in points on 0–100 (two decimals), from its criterion values, the
 * criteria's weights and scales: `weightedTotal` (exact, hundredths) divided by 100. A review with
 * any criterion left empty has no score (null) and is left out of every statistic below; submitted
 * reviews always have every value, so only drafts are affected. A value outside its criterion's
 * scale throws a RangeError (the database's CHECK makes that impossible for stored items).
 */
export function reviewScore(
	criteria: readonly WeightedCriterion[],
	values: ReadonlyMap<string, number | null | undefined> | Record<string, number | null | undefined>
): number | null {
	const hundredths = weightedTotal(criteria, values);
	return hundredths === null ? null : hundredths / 100;
}

// ---------------------------------------------------------------------------------------------
// Descriptive statistics

export function mean(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	let sum = 0;
	for (const value of values) sum += value;
	return sum / values.length;
}

/** Population standard deviation (divide by n); null for no values, 0 for one. */
export function populationSd(values: readonly number[]): number | null {
	const average = mean(values);
	if (average === null) return null;
	let squares = 0;
	for (const value of values) squares += (value - average) ** 2;
	return Math.sqrt(squares / values.length);
}

/** The p-quantile (0 ≤ p ≤ 1) of values sorted ascending, by linear interpolation (type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const position = (sorted.length - 1) * Math.min(1, Math.max(0, p));
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function median(values: readonly number[]): number | null {
	return quantileSorted(sortedCopy(values), 0.5);
}

/**
 * The values sorted ascending, in a new array. An entry has a handful of reviews and a leaderboard
 * a thousand entries: short arrays are sorted by insertion, without a comparator call per step.
 */
function sortedCopy(values: readonly number[]): number[] {
	const sorted = values.slice();
	if (sorted.length > 16) return sorted.sort((a, b) => a - b);
	for (let i = 1; i < sorted.length; i++) {
		const value = sorted[i]!;
		let j = i - 1;
		while (j >= 0 && sorted[j]! > value) {
			sorted[j + 1] = sorted[j]!;
			j -= 1;
		}
		sorted[j + 1] = value;
	}
	return sorted;
}

export type ScoreSummary = {
	count: number;
	mean: number | null;
	median: number | null;
	/** Population standard deviation; null with fewer than two values. */
	sd: number | null;
	min: number | null;
	q1: number | null;
	q3: number | null;
	max: number | null;
	/** max − min; null with fewer than two values. */
	range: number | null;
};

/** Mean, median, spread and quartiles of a set of scores (unrounded). */
export function summarize(values: readonly number[]): ScoreSummary {
	const sorted = sortedCopy(values);
	const count = sorted.length;
	const spread = count >= 2;
	return {
		count,
		mean: mean(sorted),
		median: quantileSorted(sorted, 0.5),
		sd: spread ? populationSd(sorted) : null,
		min: count > 0 ? sorted[0]! : null,
		q1: quantileSorted(sorted, 0.25),
		q3: quantileSorted(sorted, 0.75),
		max: count > 0 ? sorted[count - 1]! : null,
		range: spread ? sorted[count - 1]! - sorted[0]! : null
	};
}

// ---------------------------------------------------------------------------------------------
// Reviews

/** A review's total, null while a draft has empty values (it then counts nowhere). */
export type Review = { entryId: string; judgeId: string; score: number | null };

// ---------------------------------------------------------------------------------------------
// Agreement: Krippendorff's alpha, interval metric

/** The sufficient statistics of one unit (an entry): its number of values, their sum and squares. */
export type UnitMoments = { count: number; sum: number; sumOfSquares: number };

/**
 * Krippendorff's alpha with the interval metric δ²(c, k) = (c − k)², from each unit's moments.
 *
 * Coincidence-matrix form (Krippendorff, "Computing Krippendorff's alpha-reliability", 2011):
 * units u with m_u ≥ 2 values are pairable (units with fewer are dropped); every ordered pair of
 * values (c, k) from different coders within unit u adds 1/(m_u − 1) to the coincidence o_ck;
 * n_c = Σ_k o_ck and n = Σ_c n_c = Σ_u m_u, the number of pairable values. Then
 *   D_o = (1/n) Σ_c Σ_k o_ck δ²(c, k)                      (observed disagreement)
 *   D_e = 1/(n(n − 1)) Σ_c Σ_k n_c n_k δ²(c, k)            (expected disagreement)
 *   alpha = 1 − D_o / D_e.
 * For the interval metric the sums over pairs have closed forms: within a unit with sum S_u and
 * sum of squares Q_u, Σ over ordered pairs i ≠ j of (v_i − v_j)² = 2(m_u Q_u − S_u²); over all
 * pairable values (S, Q), Σ_c Σ_k n_c n_k (c − k)² = 2(n Q − S²). Hence
 *   alpha = 1 − (n − 1) Σ_u [(m_u Q_u − S_u²) / (m_u − 1)] / (n Q − S²),
 * which is O(units). Null when undefined: fewer than two pairable values or D_e = 0 (every
 * pairable value equal). Alpha is 1 for perfect agreement, 0 when agreement is at chance level,
 * negative for systematic disagreement.
 */
export function alphaFromMoments(units: readonly UnitMoments[]): number | null {
	const sums: AlphaSums = { values: 0, sum: 0, sumOfSquares: 0, within: 0 };
	for (const unit of units) {
		if (unit.count < 2) continue;
		sums.values += unit.count;
		sums.sum += unit.sum;
		sums.sumOfSquares += unit.sumOfSquares;
		// m_u Q_u − S_u² = m_u × (squares about the unit's mean)
		sums.within += (unit.count * unit.sumOfSquares - unit.sum * unit.sum) / (unit.count - 1);
	}
	return alphaFromSums(sums);
}

/**
 * The sums alpha needs, over pairable units only (m_u ≥ 2): n = Σ m_u values, their sum S and
 * sum of squares Q, and within = Σ_u (m_u Q_u − S_u²)/(m_u − 1). A database can aggregate these.
 */
export type AlphaSums = { values: number; sum: number; sumOfSquares: number; within: number };

/** Krippendorff's alpha (interval) from AlphaSums; see alphaFromMoments for the formula. */
export function alphaFromSums(sums: AlphaSums): number | null {
	const n = sums.values;
	// n Q − S² = n × (squares about the mean of all pairable values). The subtraction cancels
	// (both sides are about n Q), so differences below 1e-12 of n Q are floating-point residue.
	return alphaFromSquares(
		n,
		sums.within,
		n * sums.sumOfSquares - sums.sum * sums.sum,
		1e-12 * n * sums.sumOfSquares
	);
}

/**
 * alpha = 1 − (n − 1) × within / total, or null when undefined (see alphaFromMoments): fewer than
 * two pairable values, or D_e = 0 — total not above `residue`, the floating-point noise level.
 */
function alphaFromSquares(
	n: number,
	within: number,
	total: number,
	residue: number
): number | null {
	if (n < 2 || !(total > residue)) return null;
	return 1 - ((n - 1) * within) / total;
}

/**
 * Krippendorff's alpha (interval) of a reliability table given as one array of values per unit
 * (one value per coder who rated it; null/undefined = missing). Same formula as alphaFromMoments,
 * computed with squares about each unit's mean and about the overall mean (two passes), so equal
 * values give exactly 0 and large values lose no precision.
 */
export function krippendorffAlpha(
	units: readonly (readonly (number | null | undefined)[])[]
): number | null {
	const pairable: number[][] = [];
	let total = 0;
	let n = 0;
	for (const unit of units) {
		const values = unit.filter(
			(value): value is number => typeof value === 'number' && Number.isFinite(value)
		);
		if (values.length < 2) continue;
		pairable.push(values);
		for (const value of values) total += value;
		n += values.length;
	}
	if (n < 2) return null;
	const overallMean = total / n;
	let within = 0;
	let squares = 0;
	let magnitude = 0;
	for (const values of pairable) {
		const unitMean = mean(values)!;
		let unitSquares = 0;
		for (const value of values) {
			unitSquares += (value - unitMean) ** 2;
			squares += (value - overallMean) ** 2;
			magnitude += value * value;
		}
		within += (values.length * unitSquares) / (values.length - 1);
	}
	// Squares about a mean computed in floating point are exact to about ε² of the values' size.
	return alphaFromSquares(n, within, n * squares, 1e-24 * n * magnitude);
}

/** Alpha of a round's reviews: units = entries, coders = judges, values = review scores. */
export function reviewAgreement(reviews: readonly Review[]): number | null {
	const byEntry = new Map<string, number[]>();
	for (const review of reviews) {
		if (review.score === null) continue;
		const list = byEntry.get(review.entryId);
		if (list) list.push(review.score);
		else byEntry.set(review.entryId, [review.score]);
	}
	return krippendorffAlpha([...byEntry.values()]);
}

// ---------------------------------------------------------------------------------------------
// Disagreement, ranks and rank correlation

/**
 * An entry's reviews disagree when at least two of them are `threshold` points or more apart
 * (max − min on the 0–100 scale, compared at two decimals); 25 points by default — a quarter of the
 * scale, e.g. 55 against 80.
 */
export function hasDisagreement(
	scores: readonly number[],
	threshold: number = DEFAULT_DISAGREEMENT_THRESHOLD
): boolean {
	if (scores.length < 2) return false;
	let low = Infinity;
	let high = -Infinity;
	for (const score of scores) {
		low = Math.min(low, score);
		high = Math.max(high, score);
	}
	return roundTo(high - low) >= threshold;
}

/**
 * Standard competition ranks ("1224"), highest value first: equal values share the best rank and
 * the next rank skips. Values are compared rounded to `decimals` (2: what people see); null values
 * get no rank.
 */
export function competitionRanks(
	values: readonly (number | null)[],
	decimals = 2
): (number | null)[] {
	// Indexes of the ranked values, best first (equal values rank alike whatever their order).
	const rounded = new Float64Array(values.length);
	const order: number[] = [];
	values.forEach((value, index) => {
		if (value === null) return;
		rounded[index] = roundTo(value, decimals);
		order.push(index);
	});
	order.sort((a, b) => rounded[b]! - rounded[a]!);
	const ranks = new Array<number | null>(values.length).fill(null);
	order.forEach((index, position) => {
		const previous = order[position - 1];
		ranks[index] =
			previous !== undefined && rounded[previous] === rounded[index]
				? ranks[previous]!
				: position + 1;
	});
	return ranks;
}

/** Fractional ranks, ascending (1 = smallest); ties share the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
	const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
	const ranks = new Array<number>(values.length);
	let start = 0;
	while (start < order.length) {
		let end = start;
		while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
		// Positions start..end (0-based) hold ranks start+1..end+1; their mean:
		const rank = (start + end) / 2 + 1;
		for (let position = start; position <= end; position++) ranks[order[position]!.index] = rank;
		start = end + 1;
	}
	return ranks;
}

/** Pearson's correlation; null with fewer than two pairs or when either side does not vary. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
	if (x.length !== y.length) throw new RangeError('Both samples need the same length');
	if (x.length < 2) return null;
	const meanX = mean(x)!;
	const meanY = mean(y)!;
	let cross = 0;
	let squaresX = 0;
	let squaresY = 0;
	for (let index = 0; index < x.length; index++) {
		const dx = x[index]! - meanX;
		const dy = y[index]! - meanY;
		cross += dx * dy;
		squaresX += dx * dx;
		squaresY += dy * dy;
	}
	if (squaresX === 0 || squaresY === 0) return null;
	return cross / Math.sqrt(squaresX * squaresY);
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks, which is the correct
 * form with ties (the 1 − 6Σd²/(n(n²−1)) shortcut is exact only without ties).
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
	if (x.length !== y.length) throw new RangeError('Both samples need the same length');
	return pearson(averageRanks(x), averageRanks(y));
}
