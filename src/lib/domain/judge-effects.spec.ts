import { describe, expect, it } from 'vitest';
import { connectedComponents, fitJudgeEffects, type Review } from './judge-effects';

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
