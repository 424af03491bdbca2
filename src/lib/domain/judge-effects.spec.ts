import { describe, expect, it } from 'vitest';
import {
	connectedComponents,
	fitJudgeEffects,
	INTERVAL_LEVEL,
	qualityInterval,
	type Review
} from './judge-effects';
import { seededRandom } from './seeded-random';

const review = (judgeId: string, entryId: string, score: number): Review => ({
	judgeId,
	entryId,
	score
});

describe('fitJudgeEffects on hand-solved tables', () => {
	it('recovers known offsets and qualities when every judge scores every entry', () => {
		const truth = { E1: 60, E2: 70, E3: 80 };
		const offsets = { lenient: 5, harsh: -5 };
		const reviews = Object.entries(truth).flatMap(([entry, quality]) =>
			Object.entries(offsets).map(([judge, offset]) => review(judge, entry, quality + offset))
		);
		const fit = fitJudgeEffects(reviews, { shrinkage: 0 });
		expect(fit.offset.get('lenient')).toBeCloseTo(5, 6);
		expect(fit.offset.get('harsh')).toBeCloseTo(-5, 6);
		for (const [entry, quality] of Object.entries(truth))
			expect(fit.quality.get(entry)).toBeCloseTo(quality, 6);
	});

	it('two judges with one entry each: nothing links them, so nothing is adjusted', () => {
		const fit = fitJudgeEffects([review('J1', 'E1', 80), review('J2', 'E2', 60)]);
		expect(fit.quality.get('E1')).toBeCloseTo(80, 9);
		expect(fit.quality.get('E2')).toBeCloseTo(60, 9);
		expect(fit.offset.get('J1')).toBeCloseTo(0, 9);
		expect(fit.components).toHaveLength(2);
	});

	it('a chain: two judges compared through the one entry they share', () => {
		// J1 gave E2 80 where J2 gave it 60: J1 is 20 points more lenient, centred as +10 / −10.
		const fit = fitJudgeEffects(
			[
				review('J1', 'E1', 70),
				review('J1', 'E2', 80),
				review('J2', 'E2', 60),
				review('J2', 'E3', 50)
			],
			{ shrinkage: 0 }
		);
		expect(fit.offset.get('J1')).toBeCloseTo(10, 6);
		expect(fit.offset.get('J2')).toBeCloseTo(-10, 6);
		expect(fit.quality.get('E1')).toBeCloseTo(60, 6);
		expect(fit.quality.get('E2')).toBeCloseTo(70, 6);
		expect(fit.quality.get('E3')).toBeCloseTo(60, 6);
		expect(fit.components).toEqual([{ judges: ['J1', 'J2'], entries: ['E1', 'E2', 'E3'] }]);
	});

	it('a judge with one review is barely adjusted (shrinkage 2, solved by hand: ±10/3)', () => {
		// J2 scored E1 20 points above J1. Without shrinkage the whole 20 would be J2's leniency.
		const reviews = [
			review('J1', 'E1', 50),
			review('J1', 'E2', 60),
			review('J1', 'E3', 70),
			review('J1', 'E4', 80),
			review('J2', 'E1', 70)
		];
		const fit = fitJudgeEffects(reviews, { shrinkage: 2 });
		expect(fit.offset.get('J2')).toBeCloseTo(10 / 3, 6);
		expect(fit.offset.get('J1')).toBeCloseTo(-10 / 3, 6);
		expect(fit.quality.get('E1')).toBeCloseTo(60, 6);
		const unshrunk = fitJudgeEffects(reviews, { shrinkage: 0 });
		expect(unshrunk.offset.get('J2')! - unshrunk.offset.get('J1')!).toBeCloseTo(20, 6);
	});

	it('zero variance: identical scores give no offsets and equal qualities', () => {
		const reviews = ['A', 'B', 'C'].flatMap((judge) =>
			['E1', 'E2'].map((entry) => review(judge, entry, 70))
		);
		const fit = fitJudgeEffects(reviews);
		for (const value of fit.offset.values()) expect(value).toBeCloseTo(0, 9);
		for (const value of fit.quality.values()) expect(value).toBeCloseTo(70, 9);
	});

	it('refuses scores that are not numbers and a negative shrinkage', () => {
		expect(() => fitJudgeEffects([review('J', 'E', Number.NaN)])).toThrow(RangeError);
		expect(() => fitJudgeEffects([review('J', 'E', 1)], { shrinkage: -1 })).toThrow(RangeError);
	});
});

/** A round where every judge scores every entry: quality + offset (+ spread) + small noise. */
function fullRound(options: {
	offsets: number[];
	spreads?: number[];
	entries?: number;
	seed?: number;
}) {
	const random = seededRandom(options.seed ?? 1);
	const noise = () => (random() - 0.5) * 2;
	const qualities = Array.from({ length: options.entries ?? 30 }, (_, index) => 40 + index * 1.5);
	const reviews: Review[] = [];
	qualities.forEach((quality, entry) =>
		options.offsets.forEach((offset, judge) => {
			const spread = options.spreads?.[judge] ?? 1;
			reviews.push(
				review(`J${judge}`, `E${entry}`, 62 + spread * (quality - 62) + offset + noise())
			);
		})
	);
	return { qualities, reviews };
}

describe('fitJudgeEffects by default (as the leaderboard calls it)', () => {
	it('estimates its shrinkage: judges who agree are not adjusted, the adjusted score is the raw mean', () => {
		const { reviews } = fullRound({ offsets: [0, 0, 0, 0] });
		const fit = fitJudgeEffects(reviews);
		// Four judges say little about how judges vary: the estimate is large, not infinite.
		expect(fit.shrinkage).toBeGreaterThan(10);
		for (const value of fit.offset.values()) expect(Math.abs(value)).toBeLessThan(0.3);
		const raw = new Map<string, number[]>();
		for (const row of reviews) raw.set(row.entryId, [...(raw.get(row.entryId) ?? []), row.score]);
		for (const [entryId, scores] of raw)
			expect(fit.quality.get(entryId)!).toBeCloseTo(
				scores.reduce((a, b) => a + b) / scores.length,
				1
			);
	});

	it('judges who differ are adjusted almost fully when they reviewed many entries', () => {
		const { reviews } = fullRound({ offsets: [-12, -4, 4, 12] });
		const fit = fitJudgeEffects(reviews);
		expect(fit.scaleFitted).toBe(false);
		expect(fit.offset.get('J0')).toBeCloseTo(-12 * (30 / (30 + fit.shrinkage)), 0);
		expect(fit.offset.get('J3')! - fit.offset.get('J0')!).toBeGreaterThan(23);
	});

	it('a judge with two reviews keeps at most two thirds of the offset they suggest', () => {
		const { reviews } = fullRound({ offsets: [0, 0, 0] });
		// J9 saw two entries and scored both 12 points above the panel.
		const fit0 = fitJudgeEffects(reviews);
		const extra = ['E3', 'E20'].map((entryId) =>
			review('J9', entryId, fit0.quality.get(entryId)! + 12)
		);
		const fit = fitJudgeEffects([...reviews, ...extra]);
		expect(fit.offset.get('J9')!).toBeGreaterThan(0);
		expect(fit.offset.get('J9')!).toBeLessThanOrEqual((2 / 3) * 12 + 0.5);
	});

	it('never clamps: an entry above the scale reads above 100, so it does not tie the top', () => {
		// J0 and J3 are 10 points harsher than J1 and J2 on everything. E1 got 97 and 96 from the
		// harsh pair (about 106 on the panel's average scale); E0 got the top of the scale, 100, from
		// the other two. Clamping would tie them at 100.
		const reviews: Review[] = [];
		for (let entry = 2; entry < 30; entry++)
			for (const [judge, offset] of [
				['J0', -10],
				['J1', 0],
				['J2', 0],
				['J3', -10]
			] as const)
				reviews.push(review(judge, `E${entry}`, 50 + entry + offset + ((entry * 7) % 3) - 1));
		reviews.push(review('J0', 'E1', 97), review('J3', 'E1', 96));
		reviews.push(review('J1', 'E0', 100), review('J2', 'E0', 100));
		const fit = fitJudgeEffects(reviews);
		expect(fit.quality.get('E1')!).toBeGreaterThan(100);
		expect(fit.quality.get('E1')!).toBeGreaterThan(fit.quality.get('E0')!);
	});

	it('fits each judge’s spread when spreads visibly differ (the documented rule), and not otherwise', () => {
		const spread = fitJudgeEffects(
			fullRound({ offsets: [0, 3, -3], spreads: [0.5, 1, 1.6] }).reviews
		);
		expect(spread.scaleFitted).toBe(true);
		expect(spread.scale.get('J0')!).toBeLessThan(0.7);
		expect(spread.scale.get('J2')!).toBeGreaterThan(1.3);
		const same = fitJudgeEffects(fullRound({ offsets: [0, 3, -3] }).reviews);
		expect(same.scaleFitted).toBe(false);
		for (const value of same.scale.values()) expect(value).toBe(1);
		const off = fitJudgeEffects(
			fullRound({ offsets: [0, 3, -3], spreads: [0.5, 1, 1.6] }).reviews,
			{
				scale: 'off'
			}
		);
		expect(off.scaleFitted).toBe(false);
	});

	it('gives every entry an interval around its score, wider with fewer reviews', () => {
		const { reviews } = fullRound({ offsets: [-5, 0, 5, 2] });
		const fewer = reviews.filter((row) => !(row.entryId === 'E7' && row.judgeId !== 'J0'));
		const fit = fitJudgeEffects(fewer);
		expect(INTERVAL_LEVEL).toBe(0.9);
		const wide = qualityInterval(fit, 'E7')!;
		const narrow = qualityInterval(fit, 'E8')!;
		expect(wide.low).toBeLessThan(fit.quality.get('E7')!);
		expect(wide.high).toBeGreaterThan(fit.quality.get('E7')!);
		expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
		expect(qualityInterval(fit, 'nope')).toBeNull();
	});

	it('gives no interval when no entry has two reviews (the noise cannot be told apart)', () => {
		const fit = fitJudgeEffects([review('J1', 'E1', 70), review('J2', 'E2', 60)]);
		expect(fit.noise).toBeNull();
		expect(qualityInterval(fit, 'E1')).toBeNull();
	});
});

describe('connectedComponents', () => {
	it('finds the groups of judges and entries linked by reviews, largest first', () => {
		const groups = connectedComponents([
			review('A', 'E1', 1),
			review('B', 'E1', 1),
			review('B', 'E2', 1),
			review('C', 'E9', 1)
		]);
		expect(groups).toEqual([
			{ judges: ['A', 'B'], entries: ['E1', 'E2'] },
			{ judges: ['C'], entries: ['E9'] }
		]);
		expect(connectedComponents([])).toEqual([]);
	});
});
