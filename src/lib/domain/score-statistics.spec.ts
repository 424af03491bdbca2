import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import {
	alphaFromMoments,
	alphaFromSums,
	averageRanks,
	competitionRanks,
	DEFAULT_DISAGREEMENT_THRESHOLD,
	hasDisagreement,
	krippendorffAlpha,
	mean,
	median,
	pearson,
	populationSd,
	reviewAgreement,
	reviewScore,
	roundTo,
	spearman,
	summarize,
	type Review
} from './score-statistics';

const review = (entryId: string, judgeId: string, score: number | null): Review => ({
	entryId,
	judgeId,
	score
});

describe('roundTo', () => {
	it('rounds half away from zero despite binary representation', () => {
		expect(roundTo(68.745)).toBe(68.75);
		expect(roundTo(1.005)).toBe(1.01);
		expect(roundTo(-1.005)).toBe(-1.01);
		expect(roundTo(44.18861169915811)).toBe(44.19);
		expect(roundTo(12.3456, 1)).toBe(12.3);
	});
});

describe('reviewScore', () => {
	const criteria = [
		{ id: 'impact', weight: 3, scaleMin: 1, scaleMax: 5 },
		{ id: 'ethics', weight: 1, scaleMin: 0, scaleMax: 10 }
	];

	it('weights each criterion placed on its own scale, on 0–100', () => {
		// impact 4 on 1–5 is (4 − 1)/(5 − 1) = 0.75 of its scale; ethics 5 on 0–10 is 0.5.
		// (3 × 0.75 + 1 × 0.5) / (3 + 1) = 2.75 / 4 = 0.6875 → 68.75 points.
		expect(reviewScore(criteria, { impact: 4, ethics: 5 })).toBe(68.75);
		// (3 × 0.25 + 1 × 1) / 4 = 1.75 / 4 = 0.4375 → 43.75.
		expect(
			reviewScore(
				criteria,
				new Map([
					['impact', 2],
					['ethics', 10]
				])
			)
		).toBe(43.75);
		expect(reviewScore(criteria, { impact: 5, ethics: 10 })).toBe(100);
		expect(reviewScore(criteria, { impact: 1, ethics: 0 })).toBe(0);
	});

	it('rounds to hundredths like the stored total', () => {
		// Three equal weights on 1–5 with 2, 3, 3: (0.25 + 0.5 + 0.5) / 3 = 0.41666… → 41.67.
		const three = ['a', 'b', 'c'].map((id) => ({ id, weight: 1, scaleMin: 1, scaleMax: 5 }));
		expect(reviewScore(three, { a: 2, b: 3, c: 3 })).toBe(41.67);
	});

	it('has no score when a criterion is missing, and refuses values off the scale', () => {
		expect(reviewScore(criteria, { impact: 4 })).toBeNull();
		expect(reviewScore(criteria, { impact: 4, ethics: null })).toBeNull();
		expect(() => reviewScore(criteria, { impact: 6, ethics: 5 })).toThrow(RangeError);
	});
});

describe('summaries', () => {
	it('gives mean, median, population sd, quartiles and range', () => {
		// 60, 70, 95: mean 75; deviations −15, −5, 20 → squares 225 + 25 + 400 = 650;
		// population sd = √(650 / 3) = 14.7196…; quartiles by interpolation: q1 at position 0.5
		// between 60 and 70 = 65, q3 at position 1.5 between 70 and 95 = 82.5.
		const summary = summarize([95, 60, 70]);
		expect(summary).toMatchObject({ count: 3, mean: 75, median: 70, min: 60, max: 95, range: 35 });
		expect(summary.sd).toBeCloseTo(Math.sqrt(650 / 3), 12);
		expect(summary.q1).toBe(65);
		expect(summary.q3).toBe(82.5);
		expect(median([4, 1, 3, 2])).toBe(2.5);
	});

	it('shows no spread for one value and nothing for none', () => {
		expect(summarize([72])).toMatchObject({
			count: 1,
			mean: 72,
			median: 72,
			sd: null,
			range: null
		});
		expect(summarize([])).toMatchObject({
			count: 0,
			mean: null,
			median: null,
			sd: null,
			min: null
		});
		expect(mean([])).toBeNull();
		expect(populationSd([5])).toBe(0);
	});

	it('sorts short lists (insertion) and long ones (comparator) alike, without changing its input', () => {
		const random = seededRandom(7);
		for (const length of [2, 5, 16, 17, 40, 101]) {
			const values = Array.from({ length }, () => Math.round(random() * 10000) / 100);
			values[length - 1] = values[0]!; // a tie
			const input = [...values];
			const sorted = [...values].sort((a, b) => a - b);
			const summary = summarize(values);
			expect(values).toEqual(input);
			expect(summary.min).toBe(sorted[0]);
			expect(summary.max).toBe(sorted[length - 1]);
			const middle = (length - 1) / 2;
			expect(summary.median).toBeCloseTo(
				(sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2,
				10
			);
			expect(median(values)).toBe(summary.median);
		}
	});
});

/** Alpha straight from the definition: the coincidence matrix and the δ² sums, O(values²). */
function alphaByDefinition(units: (number | null)[][]): number | null {
	const pairable = units
		.map((unit) => unit.filter((value): value is number => value !== null))
		.filter((unit) => unit.length >= 2);
	const coincidences = new Map<string, number>();
	for (const unit of pairable)
		for (let i = 0; i < unit.length; i++)
			for (let j = 0; j < unit.length; j++) {
				if (i === j) continue;
				const key = `${unit[i]}|${unit[j]}`;
				coincidences.set(key, (coincidences.get(key) ?? 0) + 1 / (unit.length - 1));
			}
	const marginals = new Map<number, number>();
	for (const [key, value] of coincidences) {
		const c = Number(key.split('|')[0]);
		marginals.set(c, (marginals.get(c) ?? 0) + value);
	}
	const n = [...marginals.values()].reduce((sum, value) => sum + value, 0);
	let observed = 0;
	for (const [key, value] of coincidences) {
		const [c, k] = key.split('|').map(Number);
		observed += value * (c! - k!) ** 2;
	}
	let expected = 0;
	for (const [c, nc] of marginals)
		for (const [k, nk] of marginals) expected += nc * nk * (c - k) ** 2;
	if (expected === 0) return null;
	return 1 - ((n - 1) * observed) / expected;
}

describe('krippendorffAlpha (interval)', () => {
	it("matches Krippendorff's worked example (4 coders, 12 units, missing data): 0.849", () => {
		// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 × 12 table with
		// missing values; published results: nominal .743, ordinal .815, interval .849, ratio .797.
		// Unit 12 has one value and is dropped; n = 40 pairable values.
		const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
		const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
		const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
		const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
		const units = A.map((_, unit) => [A[unit]!, B[unit]!, C[unit]!, D[unit]!]);
		expect(roundTo(krippendorffAlpha(units)!, 3)).toBe(0.849);
		expect(krippendorffAlpha(units)).toBeCloseTo(alphaByDefinition(units)!, 12);
	});

	it('table a — two coders, three units', () => {
		// Units {1,2}, {3,3}, {5,4}; n = 6. Within units Σ(i≠j)(v_i − v_j)²/(m − 1): 2 + 0 + 2 = 4,
		// D_o = 4/6. All values 1,2,3,3,5,4: mean 3, squares 4+1+0+0+4+1 = 10; Σ over all ordered
		// pairs = 2·n·10 = 120, D_e = 120/(6·5) = 4. alpha = 1 − (4/6)/4 = 5/6.
		expect(
			krippendorffAlpha([
				[1, 2],
				[3, 3],
				[5, 4]
			])
		).toBeCloseTo(5 / 6, 12);
	});

	it('table b — three coders with missing values and a unit with one value', () => {
		// Units {2,4,6}, {5,5}, {7} (dropped), {1,3}; n = 7.
		// Within: {2,4,6}: 2(4 + 16 + 4)/2 = 24; {5,5}: 0; {1,3}: 2·4/1 = 8 → D_o = 32/7.
		// Values 2,4,6,5,5,1,3: Σv = 26, Σv² = 116, squares about the mean 116 − 676/7 = 136/7;
		// D_e = 2·7·(136/7)/(7·6) = 272/42. alpha = 1 − (32/7)/(272/42) = 1 − 12/17 = 5/17.
		const units = [[2, 4, 6], [5, 5], [7], [1, null, 3]];
		expect(krippendorffAlpha(units)).toBeCloseTo(5 / 17, 12);
		expect(alphaByDefinition(units)).toBeCloseTo(5 / 17, 12);
	});

	it('gives the same from the sums a database aggregates', () => {
		// Table b's pairable units {2,4,6}, {5,5}, {1,3}: n = 7, S = 26, Q = 116; within =
		// Σ m·(squares about the unit mean)/(m − 1) = 3·8/2 + 0 + 2·2/1 = 16.
		// alpha = 1 − (n − 1)·within/(nQ − S²) = 1 − 6·16/(812 − 676) = 1 − 96/136 = 5/17.
		expect(alphaFromSums({ values: 7, sum: 26, sumOfSquares: 116, within: 16 })).toBeCloseTo(
			5 / 17,
			12
		);
		expect(alphaFromSums({ values: 4, sum: 20, sumOfSquares: 100, within: 0 })).toBeNull();
		expect(alphaFromSums({ values: 0, sum: 0, sumOfSquares: 0, within: 0 })).toBeNull();
	});

	it('table c — systematic disagreement is negative', () => {
		// Units {1,2}, {2,1}: D_o = (2 + 2)/4 = 1; values 1,2,2,1: squares 1, D_e = 2·4·1/12 = 2/3;
		// alpha = 1 − 1/(2/3) = −0.5.
		expect(
			krippendorffAlpha([
				[1, 2],
				[2, 1]
			])
		).toBeCloseTo(-0.5, 12);
	});

	it('table d — perfect agreement is 1, ties and missing values included', () => {
		expect(krippendorffAlpha([[70, 70, null], [40, 40, 40], [90, null, 90], [55]])).toBe(1);
	});

	it('is undefined without variation or without pairable units', () => {
		// Every pairable value equal: D_e = 0.
		expect(
			krippendorffAlpha([
				[3, 3],
				[3, 3, 3]
			])
		).toBeNull();
		expect(krippendorffAlpha([[3], [4], [null, 5]])).toBeNull();
		expect(krippendorffAlpha([])).toBeNull();
		expect(alphaFromMoments([{ count: 2, sum: 10, sumOfSquares: 50 }])).toBeNull();
	});

	it('equals the coincidence-matrix definition on random tables, and works from moments', () => {
		let state = 7;
		const random = () => {
			state = (state * 1103515245 + 12345) % 2147483648;
			return state / 2147483648;
		};
		for (let table = 0; table < 25; table++) {
			const units = Array.from({ length: 3 + Math.floor(random() * 10) }, () =>
				Array.from({ length: 4 }, () => (random() < 0.25 ? null : 1 + Math.floor(random() * 7)))
			);
			const expected = alphaByDefinition(units);
			if (expected === null) expect(krippendorffAlpha(units)).toBeNull();
			else expect(krippendorffAlpha(units)).toBeCloseTo(expected, 10);
			// The same from integer moments, as the database aggregates them.
			const moments = units.map((unit) => {
				const values = unit.filter((value): value is number => value !== null);
				return {
					count: values.length,
					sum: values.reduce((sum, value) => sum + value, 0),
					sumOfSquares: values.reduce((sum, value) => sum + value * value, 0)
				};
			});
			if (expected !== null) expect(alphaFromMoments(moments)).toBeCloseTo(expected, 10);
		}
	});

	it('reviewAgreement groups review scores by entry', () => {
		const reviews = [
			review('u1', 'A', 1),
			review('u1', 'B', 2),
			review('u2', 'A', 3),
			review('u2', 'B', 3),
			review('u3', 'B', 5),
			review('u3', 'C', 4),
			review('u4', 'C', null)
		];
		expect(reviewAgreement(reviews)).toBeCloseTo(5 / 6, 12);
	});
});

describe('hasDisagreement', () => {
	it('flags reviews at least the threshold apart, at two decimals', () => {
		expect(DEFAULT_DISAGREEMENT_THRESHOLD).toBe(25);
		expect(hasDisagreement([60, 85])).toBe(true);
		expect(hasDisagreement([60, 84.99])).toBe(false);
		// 85.1 − 60.1 is 24.999999999999993 in binary floating point.
		expect(hasDisagreement([60.1, 72, 85.1])).toBe(true);
		expect(hasDisagreement([60, 75], 15)).toBe(true);
		expect(hasDisagreement([95])).toBe(false);
		expect(hasDisagreement([])).toBe(false);
	});
});

describe('ranks', () => {
	it('gives competition ranks 1, 2, 2, 4 with no rank for missing values', () => {
		expect(competitionRanks([90, 80, 80, 70, null])).toEqual([1, 2, 2, 4, null]);
		expect(competitionRanks([null, 50, 50, 50])).toEqual([null, 1, 1, 1]);
		// Compared as shown (two decimals): 80.004 and 80.001 both show 80.
		expect(competitionRanks([80.004, 80.001, 80.006])).toEqual([2, 2, 1]);
		expect(competitionRanks([])).toEqual([]);
	});

	it('gives average ranks to ties', () => {
		expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
		expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
		expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
	});
});

describe('spearman', () => {
	it('correlates ranks, ties averaged', () => {
		// y = 5, 6, 7, 8, 7 → ranks 1, 2, 3.5, 5, 3.5; x ranks 1..5. Deviations from 3:
		// x −2, −1, 0, 1, 2; y −2, −1, 0.5, 2, 0.5. Σdxdy = 4 + 1 + 0 + 2 + 1 = 8, Σdx² = 10,
		// Σdy² = 4 + 1 + 0.25 + 4 + 0.25 = 9.5 → ρ = 8/√95 = 0.8208.
		expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
		expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
		expect(spearman([1, 2, 3], [1, 4, 9])).toBeCloseTo(1, 12);
	});

	it('is undefined without variation or pairs', () => {
		expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
		expect(spearman([1], [2])).toBeNull();
		expect(pearson([], [])).toBeNull();
		expect(() => spearman([1, 2], [1])).toThrow(RangeError);
	});
});
