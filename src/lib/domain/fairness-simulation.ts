/**
 * Seeded juries with known truth: how well each way of ranking recovers the entries' true order
 * in the cases organizers really create. Shared by the unit suite (a few seeds, fast) and
 * `npm run bench:fairness` (200 seeds per scenario).
 *
 * A round: entries in four tracks with true quality 60 + track effect + N(0, 10); each judge has a
 * severity offset, a spread and noise; a review is
 *   clamp(60 + spread · (quality − 60) + offset + N(0, 5), 0, 100), kept to hundredths,
 * like a real weighted total. Judges are placed either at random (3 per entry) or by the portal's
 * own `assignJudges` with each judge's expertise in one track, exactly as the app calls it.
 *
 * Three rankings are compared: the raw mean of each entry's reviews; the per-judge z-score the
 * leaderboard used until December 2026 (`zScoreMeans`, kept here as the baseline); and the
 * judge-effect model (`fitJudgeEffects` with its defaults, as the leaderboard calls it).
 */
import { assignJudges } from './assignment';
import { fitJudgeEffects, qualityInterval, type Review } from './judge-effects';
import { mean, spearman } from './score-statistics';
import { seededRandom } from './seeded-random';

export type Scenario = {
	name: string;
	/** What it stands for, in a line. */
	about: string;
	/**
	 * Whether the model's own assumptions hold: offsets independent of one another and of the
	 * tracks, one spread for all. The interval's coverage is promised only then: judges harsh as
	 * a block (all of one track's panel) are shrunk as if each were harsh alone, so the intervals
	 * of their entries are too narrow (about 80 % coverage in bench:fairness).
	 */
	assumptionsHold: boolean;
	round: (seed: number) => SimulatedRound;
};

export type SimulatedRound = {
	/** True quality per entry id, with the entry's track. */
	truth: Map<string, { quality: number; track: number }>;
	reviews: Review[];
	/** The track whose entries are truly strongest, when one is. */
	strongestTrack: number | null;
	/** Whether the true model is additive (no spreads), so intervals can be checked against it. */
	additive: boolean;
};

const TRACKS = 4;

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
	let u = 0;
	while (u === 0) u = random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

type Judge = { offset: number; spread: number; track: number };

function buildRound(
	random: () => number,
	options: {
		entries: number;
		trackEffect: (track: number) => number;
		judges: Judge[];
		placement: 'random' | 'portal';
		perEntry?: number;
		noise?: number;
	}
): SimulatedRound {
	const perEntry = options.perEntry ?? 3;
	const noise = options.noise ?? 5;
	const truth = new Map<string, { quality: number; track: number }>();
	const entryList: { id: string; track: number; quality: number }[] = [];
	for (let entry = 0; entry < options.entries; entry++) {
		const track = entry % TRACKS;
		const quality = 60 + options.trackEffect(track) + 10 * normal(random);
		const id = `e${entry}`;
		truth.set(id, { quality, track });
		entryList.push({ id, track, quality });
	}
	const pairs: { judge: number; entry: number }[] = [];
	if (options.placement === 'random') {
		// Every judge gets the same number of entries (within one), each entry `perEntry` judges.
		const J = options.judges.length;
		const order = Array.from({ length: J }, (_, judge) => judge);
		let cursor = J;
		entryList.forEach((_, entry) => {
			const chosen = new Set<number>();
			while (chosen.size < perEntry) {
				if (cursor >= J) {
					for (let index = J - 1; index > 0; index--) {
						const other = Math.floor(random() * (index + 1));
						[order[index], order[other]] = [order[other]!, order[index]!];
					}
					cursor = 0;
				}
				const judge = order[cursor++]!;
				if (!chosen.has(judge)) chosen.add(judge);
			}
			for (const judge of chosen) pairs.push({ judge, entry });
		});
	} else {
		const result = assignJudges({
			entries: entryList.map((entry) => ({ id: entry.id, trackId: `t${entry.track}` })),
			judges: options.judges.map((judge, index) => ({
				id: `j${index}`,
				expertise: [`t${judge.track}`]
			})),
			judgesPerEntry: perEntry,
			conflicts: [],
			existing: [],
			seed: Math.floor(random() * 2 ** 31)
		});
		for (const pair of result.added)
			pairs.push({ judge: Number(pair.judgeId.slice(1)), entry: Number(pair.entryId.slice(1)) });
	}
	const reviews: Review[] = pairs.map(({ judge, entry }) => {
		const { offset, spread } = options.judges[judge]!;
		const quality = entryList[entry]!.quality;
		const score = 60 + spread * (quality - 60) + offset + noise * normal(random);
		return {
			judgeId: `j${judge}`,
			entryId: `e${entry}`,
			score: Math.round(Math.min(100, Math.max(0, score)) * 100) / 100
		};
	});
	const effects = Array.from({ length: TRACKS }, (_, track) => options.trackEffect(track));
	const best = Math.max(...effects);
	const strongest = effects.filter((effect) => effect === best).length === 1;
	return {
		truth,
		reviews,
		strongestTrack: strongest ? effects.indexOf(best) : null,
		additive: options.judges.every((judge) => judge.spread === 1)
	};
}

const judges = (
	count: number,
	random: () => number,
	make: (index: number, track: number) => Partial<Judge>
): Judge[] =>
	Array.from({ length: count }, (_, index) => {
		const track = index % TRACKS;
		return { offset: 7 * normal(random), spread: 1, track, ...make(index, track) };
	});

const none = () => 0;
const stronger = (track: number) => (track === 0 ? 6 : 0);

export const SCENARIOS: Scenario[] = [
	{
		name: 'random',
		assumptionsHold: true,
		about: '120 entries, 18 judges at random, ~20 reviews each, offsets sd 7',
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 120,
				trackEffect: none,
				judges: judges(18, random, () => ({})),
				placement: 'random'
			});
		}
	},
	{
		name: 'spreads',
		assumptionsHold: false,
		about: 'as random, judges spread scores 0.5–1.5× as widely',
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 120,
				trackEffect: none,
				judges: judges(18, random, () => ({ spread: 0.5 + random() })),
				placement: 'random'
			});
		}
	},
	{
		name: 'harsh-track',
		assumptionsHold: false,
		about: "portal assignment, 32 judges; track 0's judges 10 points harsh, tracks equal",
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 200,
				trackEffect: none,
				judges: judges(32, random, (_, track) => ({
					offset: (track === 0 ? -10 : 0) + 4 * normal(random)
				})),
				placement: 'portal'
			});
		}
	},
	{
		name: 'harsh-strong',
		assumptionsHold: false,
		about: 'as harsh-track, and track 0 truly 6 points stronger',
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 200,
				trackEffect: stronger,
				judges: judges(32, random, (_, track) => ({
					offset: (track === 0 ? -10 : 0) + 4 * normal(random)
				})),
				placement: 'portal'
			});
		}
	},
	{
		name: 'five-reviews',
		assumptionsHold: true,
		about: '100 entries, 60 judges at random, 5 reviews each',
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 100,
				trackEffect: none,
				judges: judges(60, random, () => ({})),
				placement: 'random'
			});
		}
	},
	{
		name: 'no-effects',
		assumptionsHold: true,
		about: 'as random, judges differ by noise only',
		round: (seed) => {
			const random = seededRandom(seed);
			return buildRound(random, {
				entries: 120,
				trackEffect: none,
				judges: judges(18, random, () => ({ offset: 0 })),
				placement: 'random'
			});
		}
	},
	{
		name: 'expertise',
		assumptionsHold: true,
		about: 'portal assignment, 28–40 judges each expert in one track, track 0 6 points stronger',
		round: (seed) => {
			const random = seededRandom(seed);
			const count = 28 + 4 * (seed % 4);
			return buildRound(random, {
				entries: 200,
				trackEffect: stronger,
				judges: judges(count, random, () => ({})),
				placement: 'portal'
			});
		}
	}
];

// ---------------------------------------------------------------------------------------------
// The baseline: the per-judge z-score the leaderboard used until December 2026

/** Each review as overallMean + z × overallSd with its judge's mean and sd, clamped, averaged. */
export function zScoreMeans(reviews: readonly Review[]): Map<string, number> {
	const byJudge = new Map<string, number[]>();
	for (const review of reviews) {
		const list = byJudge.get(review.judgeId);
		if (list) list.push(review.score);
		else byJudge.set(review.judgeId, [review.score]);
	}
	const all = reviews.map((review) => review.score);
	const overallMean = mean(all)!;
	const overallSd = Math.sqrt(mean(all.map((value) => (value - overallMean) ** 2))!);
	const scale = new Map<string, { mean: number; sd: number; count: number }>();
	for (const [judgeId, scores] of byJudge) {
		const judgeMean = mean(scores)!;
		const sd = Math.sqrt(mean(scores.map((value) => (value - judgeMean) ** 2))!);
		scale.set(judgeId, { mean: judgeMean, sd, count: scores.length });
	}
	const sums = new Map<string, { sum: number; count: number }>();
	for (const review of reviews) {
		const judge = scale.get(review.judgeId)!;
		const value =
			judge.count < 2
				? review.score
				: judge.sd === 0
					? review.score - judge.mean + overallMean
					: overallMean + ((review.score - judge.mean) / judge.sd) * overallSd;
		const entry = sums.get(review.entryId) ?? { sum: 0, count: 0 };
		entry.sum += Math.min(100, Math.max(0, value));
		entry.count += 1;
		sums.set(review.entryId, entry);
	}
	return new Map([...sums].map(([entryId, { sum, count }]) => [entryId, sum / count]));
}

function rawMeans(reviews: readonly Review[]): Map<string, number> {
	const sums = new Map<string, { sum: number; count: number }>();
	for (const review of reviews) {
		const entry = sums.get(review.entryId) ?? { sum: 0, count: 0 };
		entry.sum += review.score;
		entry.count += 1;
		sums.set(review.entryId, entry);
	}
	return new Map([...sums].map(([entryId, { sum, count }]) => [entryId, sum / count]));
}

// ---------------------------------------------------------------------------------------------
// Measuring

export const METHODS = ['raw', 'z-score', 'adjusted'] as const;
export type Method = (typeof METHODS)[number];

export type ScenarioResult = {
	scenario: string;
	seeds: number;
	/** Mean Spearman correlation with the true qualities. */
	spearman: Record<Method, number>;
	/** Share (0–1) of the top 10 % that comes from the strongest track: the truth's and each method's. */
	topShare: ({ truth: number } & Record<Method, number>) | null;
	/** Rounds whose judge–entry graph fell apart into several groups. */
	disconnected: number;
	/** Share of entries whose 90 % interval holds the true quality (additive truths only). */
	coverage: number | null;
	assumptionsHold: boolean;
};

function topShare(scores: Map<string, number>, round: SimulatedRound): number {
	const ids = [...scores.keys()].sort((a, b) => scores.get(b)! - scores.get(a)!);
	const top = ids.slice(0, Math.max(1, Math.round(ids.length / 10)));
	return (
		top.filter((id) => round.truth.get(id)!.track === round.strongestTrack).length / top.length
	);
}

/** Runs `seeds` juries of a scenario (seeds first … first + seeds − 1). */
export function runScenario(scenario: Scenario, seeds: number, first = 1): ScenarioResult {
	const rho: Record<Method, number[]> = { raw: [], 'z-score': [], adjusted: [] };
	const shares: Record<Method | 'truth', number[]> = {
		truth: [],
		raw: [],
		'z-score': [],
		adjusted: []
	};
	let disconnected = 0;
	let covered = 0;
	let intervals = 0;
	for (let seed = first; seed < first + seeds; seed++) {
		const round = scenario.round(seed);
		const fit = fitJudgeEffects(round.reviews);
		if (fit.components.length > 1) disconnected += 1;
		const scores: Record<Method, Map<string, number>> = {
			raw: rawMeans(round.reviews),
			'z-score': zScoreMeans(round.reviews),
			adjusted: fit.quality
		};
		const ids = [...round.truth.keys()].filter((id) => scores.raw.has(id));
		const truth = ids.map((id) => round.truth.get(id)!.quality);
		for (const method of METHODS)
			rho[method].push(
				spearman(
					truth,
					ids.map((id) => scores[method].get(id)!)
				)!
			);
		if (round.strongestTrack !== null) {
			shares.truth.push(
				topShare(new Map(ids.map((id) => [id, round.truth.get(id)!.quality])), round)
			);
			for (const method of METHODS) shares[method].push(topShare(scores[method], round));
		}
		if (round.additive) {
			// The model fixes the level by the judges' average offset, as the truth does on average.
			for (const id of ids) {
				const interval = qualityInterval(fit, id);
				if (!interval) continue;
				const quality = round.truth.get(id)!.quality;
				intervals += 1;
				if (interval.low <= quality && quality <= interval.high) covered += 1;
			}
		}
	}
	const average = (values: number[]) => mean(values)!;
	return {
		scenario: scenario.name,
		seeds,
		spearman: {
			raw: average(rho.raw),
			'z-score': average(rho['z-score']),
			adjusted: average(rho.adjusted)
		},
		topShare:
			shares.truth.length > 0
				? {
						truth: average(shares.truth),
						raw: average(shares.raw),
						'z-score': average(shares['z-score']),
						adjusted: average(shares.adjusted)
					}
				: null,
		disconnected,
		coverage: intervals > 0 ? covered / intervals : null,
		assumptionsHold: scenario.assumptionsHold
	};
}

/** The results as a plain-text table, one scenario a line. */
export function formatTable(results: readonly ScenarioResult[]): string {
	const pad = (text: string, width: number) => text.padStart(width);
	const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
	const lines = [
		[
			'scenario'.padEnd(14),
			pad('seeds', 5),
			pad('raw', 7),
			pad('z-score', 7),
			pad('adjusted', 8),
			pad('Δ raw', 7),
			pad('top10 truth/raw/z/adj', 28),
			pad('split', 5),
			pad('90% cover', 9)
		].join(' ')
	];
	for (const row of results) {
		const share = row.topShare
			? [row.topShare.truth, row.topShare.raw, row.topShare['z-score'], row.topShare.adjusted]
					.map(percent)
					.join('/')
			: '—';
		lines.push(
			[
				row.scenario.padEnd(14),
				pad(String(row.seeds), 5),
				pad(row.spearman.raw.toFixed(3), 7),
				pad(row.spearman['z-score'].toFixed(3), 7),
				pad(row.spearman.adjusted.toFixed(3), 8),
				pad((row.spearman.adjusted - row.spearman.raw).toFixed(3), 7),
				pad(share, 28),
				pad(String(row.disconnected), 5),
				pad(
					row.coverage === null ? '—' : percent(row.coverage) + (row.assumptionsHold ? '' : '*'),
					9
				)
			].join(' ')
		);
	}
	lines.push(
		'* coverage promised only where the model’s assumptions hold (see Scenario.assumptionsHold)'
	);
	return lines.join('\n');
}
