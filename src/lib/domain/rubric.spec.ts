import { describe, expect, it } from 'vitest';
import {
	descriptorFor,
	descriptorMode,
	formatRanges,
	overlappingPoint,
	uncoveredPoints,
	weightedTotal,
	weightPercentages
} from './rubric';

describe('weightPercentages', () => {
	it('gives whole percentages that add up to 100', () => {
		expect(weightPercentages([20, 20, 20, 15, 15, 10])).toEqual([20, 20, 20, 15, 15, 10]);
		expect(weightPercentages([1, 1, 1])).toEqual([34, 33, 33]);
		expect(weightPercentages([2, 1])).toEqual([67, 33]);
		expect(weightPercentages([1, 1, 1, 1, 1, 1, 1])).toEqual([15, 15, 14, 14, 14, 14, 14]);
		for (const weights of [
			[3, 7, 11],
			[100, 1, 1],
			[5, 5, 5, 5, 5, 5],
			[13, 17, 19, 23]
		])
			expect(weightPercentages(weights).reduce((sum, value) => sum + value, 0)).toBe(100);
	});

	it('handles no criteria and a single one', () => {
		expect(weightPercentages([])).toEqual([]);
		expect(weightPercentages([42])).toEqual([100]);
		expect(weightPercentages([0, 0])).toEqual([0, 0]);
	});
});

describe('weightedTotal', () => {
	const criteria = [
		{ id: 'a', weight: 20, scaleMin: 1, scaleMax: 5 },
		{ id: 'b', weight: 30, scaleMin: 0, scaleMax: 10 },
		{ id: 'c', weight: 50, scaleMin: 0, scaleMax: 100 }
	];

	it('is 0 at every minimum and 10000 at every maximum', () => {
		expect(weightedTotal(criteria, { a: 1, b: 0, c: 0 })).toBe(0);
		expect(weightedTotal(criteria, { a: 5, b: 10, c: 100 })).toBe(10000);
	});

	it('weighs each criterion on its own scale', () => {
		// a: 3 of 1–5 = 0.5 × 20; b: 5 of 10 = 0.5 × 30; c: 50 of 100 = 0.5 × 50 → 50.00
		expect(weightedTotal(criteria, new Map(Object.entries({ a: 3, b: 5, c: 50 })))).toBe(5000);
		// a: 4 → 0.75 × 20 = 15; b: 7 → 0.7 × 30 = 21; c: 33 → 0.33 × 50 = 16.5 → 52.50
		expect(weightedTotal(criteria, { a: 4, b: 7, c: 33 })).toBe(5250);
	});

	it('rounds half up, exactly', () => {
		const thirds = [
			{ id: 'x', weight: 1, scaleMin: 0, scaleMax: 3 },
			{ id: 'y', weight: 2, scaleMin: 0, scaleMax: 3 }
		];
		// (1 × 1/3 + 2 × 0) / 3 = 1/9 = 11.111… → 1111
		expect(weightedTotal(thirds, { x: 1, y: 0 })).toBe(1111);
		// (1 × 2/3 + 0) / 3 = 2/9 = 22.222… → 2222
		expect(weightedTotal(thirds, { x: 2, y: 0 })).toBe(2222);
		const halves = [{ id: 'z', weight: 1, scaleMin: 0, scaleMax: 8 }];
		// 1/8 = 12.5 → 1250 (exact); 1/16 would be 6.25 → 625
		expect(weightedTotal(halves, { z: 1 })).toBe(1250);
		const odd = [{ id: 'w', weight: 1, scaleMin: 0, scaleMax: 80000 }];
		// 1/80000 × 10000 = 0.125 → 0; 4/80000 × 10000 = 0.5 → 1 (half up)
		expect(weightedTotal(odd, { w: 4 })).toBe(1);
	});

	it('is null when a value is missing and refuses values outside the scale', () => {
		expect(weightedTotal(criteria, { a: 3, b: 5 })).toBeNull();
		expect(weightedTotal(criteria, { a: 3, b: null, c: 1 })).toBeNull();
		expect(weightedTotal([], {})).toBeNull();
		expect(() => weightedTotal(criteria, { a: 6, b: 5, c: 1 })).toThrow(RangeError);
		expect(() => weightedTotal(criteria, { a: 2.5, b: 5, c: 1 })).toThrow(RangeError);
	});
});

describe('descriptors', () => {
	it('uses one descriptor per point up to 11 points, bands beyond', () => {
		expect(descriptorMode(1, 5)).toBe('points');
		expect(descriptorMode(0, 10)).toBe('points');
		expect(descriptorMode(0, 11)).toBe('bands');
		expect(descriptorMode(0, 100)).toBe('bands');
	});

	it('finds points without a descriptor and overlapping bands', () => {
		expect(
			uncoveredPoints(
				1,
				5,
				[1, 2, 3, 4, 5].map((p) => ({ from: p, to: p }))
			)
		).toEqual([]);
		expect(
			uncoveredPoints(0, 10, [
				{ from: 0, to: 3 },
				{ from: 7, to: 8 }
			])
		).toEqual([
			[4, 6],
			[9, 10]
		]);
		expect(
			formatRanges([
				[4, 6],
				[9, 9]
			])
		).toBe('4–6, 9');
		expect(
			overlappingPoint([
				{ from: 5, to: 10 },
				{ from: 0, to: 5 }
			])
		).toBe(5);
		expect(
			overlappingPoint([
				{ from: 0, to: 4 },
				{ from: 5, to: 10 }
			])
		).toBeNull();
		const bands = [
			{ from: 0, to: 4, text: 'low' },
			{ from: 5, to: 10, text: 'high' }
		];
		expect(descriptorFor(bands, 7)?.text).toBe('high');
		expect(descriptorFor(bands, 11)).toBeUndefined();
	});
});
