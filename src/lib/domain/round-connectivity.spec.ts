import { describe, expect, it } from 'vitest';
import { connectedComponents } from './judge-effects';
import { roundConnectivity, spansGroups } from './round-connectivity';

const review = (judgeId: string, entryId: string) => ({ judgeId, entryId, score: 50 });

/** Connectivity of a table of reviews, with the model's own components. */
function connectivityOf(
	reviews: { judgeId: string; entryId: string; score: number }[],
	tracks: Record<string, string | null>,
	trackOrder?: string[]
) {
	return roundConnectivity({
		components: connectedComponents(reviews),
		reviews,
		trackOf: new Map(Object.entries(tracks)),
		trackOrder
	});
}

describe('roundConnectivity', () => {
	it('one group when a judge bridges two tracks; the link counts that judge', () => {
		// A and B review flood entries, B and C transport ones: B links the tracks.
		const reviews = [
			review('A', 'f1'),
			review('B', 'f1'),
			review('A', 'f2'),
			review('B', 't1'),
			review('C', 't1'),
			review('C', 't2')
		];
		const result = connectivityOf(reviews, { f1: 'flood', f2: 'flood', t1: 'bus', t2: 'bus' }, [
			'flood',
			'bus'
		]);
		expect(result.connected).toBe(true);
		expect(result.groups).toHaveLength(1);
		expect(result.groups[0]!.tracks).toEqual(['flood', 'bus']);
		expect(result.links).toEqual([{ a: 'flood', b: 'bus', judges: 1 }]);
		expect(result.tracks).toEqual([
			{ track: 'flood', groups: [0] },
			{ track: 'bus', groups: [0] }
		]);
	});

	it('two groups when the tracks share no judge: linkage 0 and entries span groups', () => {
		const reviews = [
			review('A', 'f1'),
			review('B', 'f1'),
			review('A', 'f2'),
			review('B', 'f2'),
			review('C', 't1'),
			review('C', 't2'),
			review('D', 't2')
		];
		const result = connectivityOf(reviews, { f1: 'flood', f2: 'flood', t1: 'bus', t2: 'bus' }, [
			'flood',
			'bus'
		]);
		expect(result.connected).toBe(false);
		expect(result.groups.map((group) => [group.judges, group.entries, group.tracks])).toEqual([
			[['A', 'B'], ['f1', 'f2'], ['flood']],
			[['C', 'D'], ['t1', 't2'], ['bus']]
		]);
		expect(result.links).toEqual([{ a: 'flood', b: 'bus', judges: 0 }]);
		expect(spansGroups(result, ['f1', 'f2'])).toBe(false);
		expect(spansGroups(result, ['f1', 't1'])).toBe(true);
		// An entry nobody reviewed is in no group and compares with nothing.
		expect(spansGroups(result, ['f1', 'unreviewed'])).toBe(false);
	});

	it('names a track split across groups, and puts entries without a track last', () => {
		const reviews = [review('A', 'f1'), review('A', 'n1'), review('B', 'f2'), review('B', 'w1')];
		const result = connectivityOf(reviews, { f1: 'flood', f2: 'flood', n1: null, w1: 'welfare' }, [
			'welfare',
			'flood'
		]);
		expect(result.groups).toHaveLength(2);
		expect(result.tracks).toEqual([
			{ track: 'welfare', groups: [result.groupOf.get('w1')] },
			{ track: 'flood', groups: [0, 1] },
			{ track: null, groups: [result.groupOf.get('n1')] }
		]);
		expect(result.links).toEqual([
			{ a: 'welfare', b: 'flood', judges: 1 },
			{ a: 'welfare', b: null, judges: 0 },
			{ a: 'flood', b: null, judges: 1 }
		]);
	});

	it('counts each judge once per pair of tracks, however many entries they reviewed there', () => {
		const reviews = ['f1', 'f2', 'f3', 't1', 't2'].map((entry) => review('A', entry));
		reviews.push(review('B', 'f1'), review('B', 't2'));
		const result = connectivityOf(reviews, {
			f1: 'flood',
			f2: 'flood',
			f3: 'flood',
			t1: 'bus',
			t2: 'bus'
		});
		// Tracks outside trackOrder come by id.
		expect(result.links).toEqual([{ a: 'bus', b: 'flood', judges: 2 }]);
	});

	it('is connected with no reviews at all', () => {
		const result = connectivityOf([], {});
		expect(result).toMatchObject({ connected: true, groups: [], tracks: [], links: [] });
	});
});
