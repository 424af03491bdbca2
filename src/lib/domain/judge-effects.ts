/**
 * Judge effects fitted over a whole round: the leaderboard's adjusted score.
 *
 * A review's score is read as
 *
 *     score = quality of the entry + offset of the judge (+ the judge's spread) + noise.
 *
 * A per-judge z-score assumes every judge saw entries of the same average quality, which
 * expertise-based assignment makes false (a judge of the strongest track looks lenient). Fitting
 * qualities and offsets jointly over the judge–entry graph compares judges only through entries
 * they share, directly or by a chain of shared entries.
 *
 * Offsets are random effects: each is shrunk towards 0 by a ridge penalty `shrinkage · offset²`,
 * so a judge with n reviews keeps n / (n + shrinkage) of the offset their reviews alone suggest
 * (a judge with two reviews is adjusted by at most two thirds of what they suggest, one with
 * twenty almost fully). By default the shrinkage is estimated from the round itself (`'auto'`):
 * the ratio noise² / spread of offsets² that makes the round's reviews most likely (restricted
 * maximum likelihood), never below MIN_SHRINKAGE. When judges do not differ, the estimated spread
 * of offsets goes to 0, the shrinkage to its ceiling and the adjusted score to the raw mean: the
 * model degrades to raw instead of adding noise.
 *
 * Spread (`scale`): some judges use 40–95 where others use 60–80. With the spread term a review
 * reads `score = mean + spread · (quality − mean) + offset + noise`; each spread is shrunk towards
 * 1 the same way (MIN_SCALE_SHRINKAGE reviews' worth at least). `'auto'` fits it only when the
 * judges' spreads visibly differ: when the fitted spreads explain at least SCALE_RULE of the noise
 * left by offsets alone (the documented rule; see fitJudgeEffects).
 *
 * Solved exactly, not by iteration over entries: with spreads fixed, the qualities are eliminated
 * (each is the mean of its reviews less their judges' offsets), which leaves a judges × judges
 * system (the Schur complement S, tens of rows) solved by Cholesky. The same S gives the standard
 * errors: with noise variance σ², the offsets' covariance is σ² S⁻¹ and an entry's quality has
 * variance σ² (1/n + bᵀ S⁻¹ b / n²), b marking its judges — the random-effects (posterior)
 * variance, which also carries the doubt about groups of judges that share no entry.
 * Cost: linear in the reviews plus judges³, a few milliseconds for 1,000 entries × 60 judges.
 */

export type Review = { judgeId: string; entryId: string; score: number };

export type JudgeEffectsOptions = {
	/** Reviews' worth of doubt each offset carries: a number (0: none) or 'auto' (the default). */
	shrinkage?: number | 'auto';
	/** The judge's spread term: 'auto' (the default, by the documented rule), 'on' or 'off'. */
	scale?: 'auto' | 'on' | 'off';
};

export type Component = { judges: string[]; entries: string[] };

export type JudgeEffects = {
	/** Entry quality on the score's own scale; never clamped, so it may fall outside 0–100. */
	quality: Map<string, number>;
	/** Standard error of each quality, in points (absent when the noise cannot be estimated). */
	standardError: Map<string, number>;
	/** How much more (positive) or less a judge scores than the entries warrant. */
	offset: Map<string, number>;
	/** How widely a judge spreads scores compared with the round (1: as the round does). */
	scale: Map<string, number>;
	scaleFitted: boolean;
	/** The shrinkage used (estimated under 'auto'). */
	shrinkage: number;
	/** The noise's standard deviation (points), null when every entry has a single review. */
	noise: number | null;
	/** Connected groups of the judge–entry graph, largest first: groups share no judge. */
	components: Component[];
};

/** The interval's coverage and its normal quantile. */
export const INTERVAL_LEVEL = 0.9;
const INTERVAL_Z = 1.6448536269514722;

/** 'auto' never trusts an offset more than n / (n + 1): a judge's one review is half evidence. */
export const MIN_SHRINKAGE = 1;
/** Spreads are shrunk towards 1 by at least this many reviews' worth. */
export const MIN_SCALE_SHRINKAGE = 4;
/** 'auto' fits spreads when they remove at least this share of the noise variance. */
export const SCALE_RULE = 0.1;
/** Above this shrinkage, offsets are a ten-thousandth of their evidence: 0 for every purpose. */
const MAX_SHRINKAGE = 1e4;

/** Fits the judge-effect model to a round's submitted reviews. */
export function fitJudgeEffects(
	reviews: readonly Review[],
	options: JudgeEffectsOptions = {}
): JudgeEffects {
	const shrinkageOption = options.shrinkage ?? 'auto';
	if (shrinkageOption !== 'auto' && !(shrinkageOption >= 0))
		throw new RangeError('shrinkage must be 0 or more');
	const data = indexReviews(reviews);
	const components = componentsOf(data);

	const additive = fitAdditive(data, null, shrinkageOption);
	let fit = additive;
	let scaleFitted = false;
	const scaleOption = options.scale ?? 'auto';
	const worthTrying =
		scaleOption === 'on' || (scaleOption === 'auto' && spreadsMayMatter(data, additive));
	if (worthTrying && data.judges.length > 1) {
		// The spreads reuse the shrinkage estimated without them (one search, not one per step).
		const spread = fitWithSpread(data, additive.shrinkage);
		// The spreads use one more degree of freedom per judge than the noise estimate counts.
		const spreadFreedom = spread.fit.freedom - data.judges.length;
		const rule =
			additive.noiseVariance !== null &&
			spread.fit.noiseVariance !== null &&
			spreadFreedom > 0.5 &&
			(spread.fit.noiseVariance * spread.fit.freedom) / spreadFreedom <=
				(1 - SCALE_RULE) * additive.noiseVariance;
		if (scaleOption === 'on' || rule) {
			fit = spread.fit;
			scaleFitted = true;
		}
	}

	const quality = new Map<string, number>();
	const standardError = new Map<string, number>();
	data.entries.forEach((entryId, entry) => {
		quality.set(entryId, fit.quality[entry]!);
		if (fit.variance) standardError.set(entryId, Math.sqrt(fit.variance[entry]!));
	});
	const offset = new Map<string, number>();
	const scale = new Map<string, number>();
	data.judges.forEach((judgeId, judge) => {
		offset.set(judgeId, fit.offset[judge]!);
		scale.set(judgeId, fit.scale[judge]!);
	});
	return {
		quality,
		standardError,
		offset,
		scale,
		scaleFitted,
		shrinkage: fit.shrinkage,
		noise: fit.noiseVariance === null ? null : Math.sqrt(fit.noiseVariance),
		components
	};
}

/**
 * A one-pass screen before the spread fit: regressing each judge's residuals on the entries'
 * qualities is the spread fit's first step; when even that removes less than half of SCALE_RULE
 * of the noise, the full fit (which rarely gains more than its first step) cannot pass the rule.
 */
function spreadsMayMatter(data: Indexed, additive: Fit): boolean {
	if (additive.noiseVariance === null) return false;
	const J = data.judges.length;
	const m = data.mean;
	const n = new Float64Array(J);
	const sx = new Float64Array(J);
	const sr = new Float64Array(J);
	const sxx = new Float64Array(J);
	const sxr = new Float64Array(J);
	let residualSquares = 0;
	for (let review = 0; review < data.score.length; review++) {
		const judge = data.judgeOf[review]!;
		const x = additive.quality[data.entryOf[review]!]! - m;
		const r =
			data.score[review]! - additive.quality[data.entryOf[review]!]! - additive.offset[judge]!;
		n[judge] += 1;
		sx[judge] += x;
		sr[judge] += r;
		sxx[judge] += x * x;
		sxr[judge] += x * r;
		residualSquares += r * r;
	}
	let removed = 0;
	for (let judge = 0; judge < J; judge++) {
		const xx = sxx[judge]! - (sx[judge]! * sx[judge]!) / n[judge]!;
		if (!(xx > 0)) continue;
		const xr = sxr[judge]! - (sx[judge]! * sr[judge]!) / n[judge]!;
		removed += (xr * xr) / xx;
	}
	return removed >= (SCALE_RULE / 2) * residualSquares;
}

/** The INTERVAL_LEVEL interval of an entry's quality, or null when it cannot be given. */
export function qualityInterval(
	fit: JudgeEffects,
	entryId: string
): { low: number; high: number } | null {
	const quality = fit.quality.get(entryId);
	const error = fit.standardError.get(entryId);
	if (quality === undefined || error === undefined) return null;
	return { low: quality - INTERVAL_Z * error, high: quality + INTERVAL_Z * error };
}

/** Groups of judges and entries linked by reviews, largest first (ties by first judge's id). */
export function connectedComponents(reviews: readonly Review[]): Component[] {
	return componentsOf(indexReviews(reviews));
}

// ---------------------------------------------------------------------------------------------
// Reviews as arrays

type Indexed = {
	judges: string[];
	entries: string[];
	judgeOf: Int32Array;
	entryOf: Int32Array;
	score: Float64Array;
	/** Reviews of each entry, as review numbers. */
	byEntry: number[][];
	mean: number;
};

function indexReviews(reviews: readonly Review[]): Indexed {
	const judgeNumber = new Map<string, number>();
	const entryNumber = new Map<string, number>();
	const judges: string[] = [];
	const entries: string[] = [];
	const judgeOf = new Int32Array(reviews.length);
	const entryOf = new Int32Array(reviews.length);
	const score = new Float64Array(reviews.length);
	const byEntry: number[][] = [];
	let total = 0;
	reviews.forEach((review, index) => {
		if (!Number.isFinite(review.score)) throw new RangeError('scores must be finite numbers');
		let judge = judgeNumber.get(review.judgeId);
		if (judge === undefined)
			judgeNumber.set(review.judgeId, (judge = judges.push(review.judgeId) - 1));
		let entry = entryNumber.get(review.entryId);
		if (entry === undefined) {
			entryNumber.set(review.entryId, (entry = entries.push(review.entryId) - 1));
			byEntry.push([]);
		}
		judgeOf[index] = judge;
		entryOf[index] = entry;
		score[index] = review.score;
		byEntry[entry]!.push(index);
		total += review.score;
	});
	return {
		judges,
		entries,
		judgeOf,
		entryOf,
		score,
		byEntry,
		mean: reviews.length > 0 ? total / reviews.length : 0
	};
}

function componentCount(data: Indexed): number {
	return componentsOf(data).length;
}

function componentsOf(data: Indexed): Component[] {
	const J = data.judges.length;
	// Union-find over judges (0 … J−1) and entries (J …).
	const parent = new Int32Array(J + data.entries.length);
	for (let node = 0; node < parent.length; node++) parent[node] = node;
	const find = (node: number): number => {
		let root = node;
		while (parent[root] !== root) root = parent[root]!;
		while (parent[node] !== root) {
			const next = parent[node]!;
			parent[node] = root;
			node = next;
		}
		return root;
	};
	for (let review = 0; review < data.score.length; review++) {
		const a = find(data.judgeOf[review]!);
		const b = find(J + data.entryOf[review]!);
		if (a !== b) parent[a] = b;
	}
	const groups = new Map<number, Component>();
	for (let node = 0; node < parent.length; node++) {
		const root = find(node);
		let group = groups.get(root);
		if (!group) groups.set(root, (group = { judges: [], entries: [] }));
		if (node < J) group.judges.push(data.judges[node]!);
		else group.entries.push(data.entries[node - J]!);
	}
	return [...groups.values()]
		.map((group) => ({ judges: group.judges.sort(), entries: group.entries.sort() }))
		.sort(
			(a, b) =>
				b.judges.length + b.entries.length - (a.judges.length + a.entries.length) ||
				(a.judges[0] ?? '').localeCompare(b.judges[0] ?? '')
		);
}

// ---------------------------------------------------------------------------------------------
// The additive model, with each judge's reviews weighted (spreads fixed)

type Fit = {
	quality: Float64Array;
	/** Variance of each quality; null when the noise cannot be estimated. */
	variance: Float64Array | null;
	offset: Float64Array;
	scale: Float64Array;
	shrinkage: number;
	noiseVariance: number | null;
	/** Reviews left to estimate the noise once qualities and offsets are fitted. */
	freedom: number;
};

/**
 * Weighted least squares of `y = quality + offset + noise` with noise variance σ²/weight of the
 * judge, offsets penalised by `shrinkage · offset²`. Returns qualities, offsets (on y's scale),
 * the noise variance and the qualities' variances. `weight` null means 1 for every judge.
 */
function solveAdditive(
	data: Indexed,
	y: Float64Array,
	weight: Float64Array | null,
	shrinkageOption: number | 'auto',
	/** Intermediate steps of the spread fit need only qualities and offsets. */
	uncertainty = true
): Omit<Fit, 'scale'> {
	const J = data.judges.length;
	const E = data.entries.length;
	const w: JudgeWeight = (judge: number) => (weight ? weight[judge]! : 1);
	const system = normalEquations(data, y, w);
	const reviews = data.score.length;
	let shrinkage = shrinkageOption === 'auto' ? MIN_SHRINKAGE : shrinkageOption;
	if (shrinkageOption === 'auto' && reviews - E > J) {
		shrinkage = likeliestShrinkage(system, J, reviews - E);
	}
	const solved = solveAtShrinkage(data, y, w, system, shrinkage);
	if (shrinkage === 0) centreOffsets(data, solved.quality, solved.offset);
	if (!uncertainty)
		return {
			quality: solved.quality,
			variance: null,
			offset: solved.offset,
			shrinkage,
			noiseVariance: null,
			freedom: Number.NaN
		};
	// The offsets' covariance over σ², and the degrees of freedom they use: J − λ tr(S⁻¹).
	const inverse = choleskyInverse(solved.factor, J);
	let trace = 0;
	for (let judge = 0; judge < J; judge++) trace += inverse[judge * J + judge]!;
	const freedom =
		reviews - E - (shrinkage > 1e-9 ? J - shrinkage * trace : J - componentCount(data));
	const noiseVariance = freedom > 0.5 ? solved.residual / freedom : null;
	const variance =
		noiseVariance === null
			? null
			: qualityVariances(data, w, system.entryWeight, inverse, noiseVariance);
	return {
		quality: solved.quality,
		variance,
		offset: solved.offset,
		shrinkage,
		noiseVariance,
		freedom
	};
}

type JudgeWeight = (judge: number) => number;

/** The offsets' normal equations once each entry's weighted mean is taken out. */
type NormalEquations = {
	/** S0 = diag(Σ w over the judge's reviews) − Σ_e c_e c_eᵀ / W_e. */
	base: Float64Array;
	/** Σ w (y − ȳ_e) per judge. */
	rhs: Float64Array;
	/** W_e: the summed weight of each entry's reviews. */
	entryWeight: Float64Array;
	/** Σ w (y − ȳ_e)²: what is left to explain once every entry has its mean. */
	within: number;
};

function normalEquations(data: Indexed, y: Float64Array, w: JudgeWeight): NormalEquations {
	const J = data.judges.length;
	const E = data.entries.length;
	const base = new Float64Array(J * J);
	const rhs = new Float64Array(J);
	const entryWeight = new Float64Array(E);
	const entryMean = new Float64Array(E);
	let within = 0;
	for (let entry = 0; entry < E; entry++) {
		const own = data.byEntry[entry]!;
		let W = 0;
		let sum = 0;
		for (const review of own) {
			const weightOf = w(data.judgeOf[review]!);
			W += weightOf;
			sum += weightOf * y[review]!;
		}
		entryWeight[entry] = W;
		entryMean[entry] = sum / W;
		for (const review of own)
			within += w(data.judgeOf[review]!) * (y[review]! - entryMean[entry]!) ** 2;
		for (const review of own) {
			const a = data.judgeOf[review]!;
			const wa = w(a);
			base[a * J + a] += wa;
			rhs[a] += wa * (y[review]! - entryMean[entry]!);
			for (const other of own) {
				const b = data.judgeOf[other]!;
				base[a * J + b] -= (wa * w(b)) / W;
			}
		}
	}
	return { base, rhs, entryWeight, within };
}

function solveAtShrinkage(
	data: Indexed,
	y: Float64Array,
	w: JudgeWeight,
	system: NormalEquations,
	shrinkage: number
) {
	const J = data.judges.length;
	const E = data.entries.length;
	const matrix = system.base.slice();
	// Without shrinkage S0 is singular (one flat direction per group of judges sharing no
	// entry): a vanishing ridge picks the smallest offsets, centred afterwards.
	for (let judge = 0; judge < J; judge++) matrix[judge * J + judge] += Math.max(shrinkage, 1e-9);
	const factor = cholesky(matrix, J);
	const offset = choleskySolve(factor, J, system.rhs);
	let residual = 0;
	const quality = new Float64Array(E);
	for (let entry = 0; entry < E; entry++) {
		let sum = 0;
		for (const review of data.byEntry[entry]!) {
			const judge = data.judgeOf[review]!;
			sum += w(judge) * (y[review]! - offset[judge]!);
		}
		quality[entry] = sum / system.entryWeight[entry]!;
		for (const review of data.byEntry[entry]!) {
			const judge = data.judgeOf[review]!;
			residual += w(judge) * (y[review]! - quality[entry]! - offset[judge]!) ** 2;
		}
	}
	return { offset, quality, factor, residual };
}

/**
 * λ = σ²/τ² maximises the restricted likelihood of the round (qualities integrated out,
 * offsets ~ N(0, τ²)): −2ℓ = (N − E) log(RSS + λ‖o‖²) + log det(S0 + λI) − J log λ.
 * Golden-section search over log λ; the likelihood has one peak in practice.
 * `residualFreedom` is N − E.
 */
function likeliestShrinkage(system: NormalEquations, J: number, residualFreedom: number): number {
	const { base, rhs, within } = system;
	// The penalised residual is `within − rhs · offsets` at the minimum: one Cholesky a try.
	const deviance = (logShrinkage: number) => {
		const matrix = base.slice();
		for (let judge = 0; judge < J; judge++) matrix[judge * J + judge] += Math.exp(logShrinkage);
		const factor = cholesky(matrix, J);
		const offset = choleskySolve(factor, J, rhs);
		let explained = 0;
		let logDet = 0;
		for (let judge = 0; judge < J; judge++) {
			explained += rhs[judge]! * offset[judge]!;
			logDet += 2 * Math.log(factor[judge * J + judge]!);
		}
		const residual = Math.max(within - explained, 1e-12);
		return residualFreedom * Math.log(residual) + logDet - J * logShrinkage;
	};
	let low = Math.log(MIN_SHRINKAGE);
	let high = Math.log(MAX_SHRINKAGE);
	const ratio = (Math.sqrt(5) - 1) / 2;
	let a = high - ratio * (high - low);
	let b = low + ratio * (high - low);
	let fa = deviance(a);
	let fb = deviance(b);
	// λ to within 1 %: closer changes no score by a hundredth.
	while (high - low > 0.01) {
		if (fa <= fb) {
			high = b;
			b = a;
			fb = fa;
			a = high - ratio * (high - low);
			fa = deviance(a);
		} else {
			low = a;
			a = b;
			fa = fb;
			b = low + ratio * (high - low);
			fb = deviance(b);
		}
	}
	// The bounds themselves are candidates: the peak may lie at MIN_SHRINKAGE.
	const scored = [Math.log(MIN_SHRINKAGE), (low + high) / 2, Math.log(MAX_SHRINKAGE)].map((at) => ({
		at,
		deviance: deviance(at)
	}));
	return Math.exp(scored.reduce((x, y) => (y.deviance < x.deviance ? y : x)).at);
}

/** Each quality's variance: its own reviews' noise plus what the fitted offsets carry into it. */
function qualityVariances(
	data: Indexed,
	w: JudgeWeight,
	entryWeight: Float64Array,
	inverse: Float64Array,
	noiseVariance: number
): Float64Array {
	const J = data.judges.length;
	const E = data.entries.length;
	const variance = new Float64Array(E);
	for (let entry = 0; entry < E; entry++) {
		const own = data.byEntry[entry]!;
		const W = entryWeight[entry]!;
		let quadratic = 0;
		for (const a of own) {
			const ja = data.judgeOf[a]!;
			for (const b of own) {
				const jb = data.judgeOf[b]!;
				quadratic += w(ja) * w(jb) * inverse[ja * J + jb]!;
			}
		}
		variance[entry] = noiseVariance * (1 / W + quadratic / (W * W));
	}
	return variance;
}

function fitAdditive(
	data: Indexed,
	weight: Float64Array | null,
	shrinkageOption: number | 'auto'
): Fit {
	const solved = solveAdditive(data, data.score, weight, shrinkageOption);
	return { ...solved, scale: new Float64Array(data.judges.length).fill(1) };
}

/**
 * The model with a spread per judge: `y = m + s_j (quality − m) + offset_j + noise`, m the round's
 * mean. Alternates two exact steps a few times: with spreads fixed, the additive model on
 * `(y − m) / s_j + m` with weights s_j² (the same noise, seen through the judge's spread); with
 * qualities fixed, each judge's spread and offset by a small ridge regression (spread towards 1).
 */
function fitWithSpread(data: Indexed, shrinkage: number): { fit: Fit } {
	const J = data.judges.length;
	const m = data.mean;
	const scale = new Float64Array(J).fill(1);
	const y = new Float64Array(data.score.length);
	let solved = solveAdditive(data, data.score, null, shrinkage, false);
	for (let step = 0; step < 6; step++) {
		// Spreads and offsets per judge, given the qualities.
		const sxx = new Float64Array(J);
		const sxy = new Float64Array(J);
		const sx = new Float64Array(J);
		const sy = new Float64Array(J);
		const count = new Float64Array(J);
		for (let review = 0; review < data.score.length; review++) {
			const judge = data.judgeOf[review]!;
			const x = solved.quality[data.entryOf[review]!]! - m;
			const target = data.score[review]! - m;
			sxx[judge] += x * x;
			sxy[judge] += x * target;
			sx[judge] += x;
			sy[judge] += target;
			count[judge] += 1;
		}
		let moved = 0;
		for (let judge = 0; judge < J; judge++) {
			// Minimise Σ (t − s x − o)² + λ o² + κ (s − 1)² with κ scaled to the judge's x².
			const lambda = solved.shrinkage;
			const kappa = (MIN_SCALE_SHRINKAGE * sxx[judge]!) / Math.max(count[judge]!, 1);
			const a11 = sxx[judge]! + kappa;
			const a12 = sx[judge]!;
			const a22 = count[judge]! + lambda;
			const b1 = sxy[judge]! + kappa;
			const b2 = sy[judge]!;
			const det = a11 * a22 - a12 * a12;
			const next = det > 1e-12 ? (b1 * a22 - a12 * b2) / det : 1;
			// A spread is never taken as near 0 or negative: such a judge told entries apart by nothing.
			const bounded = Math.min(4, Math.max(0.25, next));
			moved = Math.max(moved, Math.abs(bounded - scale[judge]!));
			scale[judge] = bounded;
		}
		for (let review = 0; review < data.score.length; review++)
			y[review] = (data.score[review]! - m) / scale[data.judgeOf[review]!]! + m;
		const weight = new Float64Array(J);
		for (let judge = 0; judge < J; judge++) weight[judge] = scale[judge]! ** 2;
		const last = moved < 1e-3 || step === 5;
		solved = solveAdditive(data, y, weight, shrinkage, last);
		if (last) break;
	}
	// Offsets were fitted on the judge's own scale divided by the spread: back to points.
	const offset = new Float64Array(J);
	for (let judge = 0; judge < J; judge++) offset[judge] = solved.offset[judge]! * scale[judge]!;
	return { fit: { ...solved, offset, scale } };
}

/**
 * Without shrinkage the model fixes only differences: within each group, offsets are moved to
 * average 0 over the group's reviews (and qualities the other way), so figures read the same
 * whatever the starting point.
 */
function centreOffsets(data: Indexed, quality: Float64Array, offset: Float64Array) {
	const J = data.judges.length;
	const judgeNumber = new Map(data.judges.map((id, index) => [id, index]));
	const entryNumber = new Map(data.entries.map((id, index) => [id, index]));
	const count = new Float64Array(J);
	for (let review = 0; review < data.score.length; review++) count[data.judgeOf[review]!] += 1;
	for (const component of componentsOf(data)) {
		let weighted = 0;
		let total = 0;
		for (const judgeId of component.judges) {
			const judge = judgeNumber.get(judgeId)!;
			weighted += offset[judge]! * count[judge]!;
			total += count[judge]!;
		}
		const shift = total > 0 ? weighted / total : 0;
		for (const judgeId of component.judges) offset[judgeNumber.get(judgeId)!] -= shift;
		for (const entryId of component.entries) quality[entryNumber.get(entryId)!] += shift;
	}
}

// ---------------------------------------------------------------------------------------------
// Dense symmetric positive definite algebra (tens of judges)

/** Lower-triangular L with L Lᵀ = A (row-major n × n, A symmetric positive definite). */
function cholesky(a: Float64Array, n: number): Float64Array {
	const l = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = a[i * n + j]!;
			for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
			// Rounding can leave a vanishing pivot a hair below 0 when the matrix is only just definite.
			if (i === j) l[i * n + i] = Math.sqrt(Math.max(sum, 1e-300));
			else l[i * n + j] = sum / l[j * n + j]!;
		}
	}
	return l;
}

function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
	const x = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let sum = b[i]!;
		for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
		x[i] = sum / l[i * n + i]!;
	}
	for (let i = n - 1; i >= 0; i--) {
		let sum = x[i]!;
		for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
		x[i] = sum / l[i * n + i]!;
	}
	return x;
}

/** A⁻¹ from A's Cholesky factor: A⁻¹ = L⁻ᵀ L⁻¹. */
function choleskyInverse(l: Float64Array, n: number): Float64Array {
	const inverseL = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		inverseL[i * n + i] = 1 / l[i * n + i]!;
		for (let j = 0; j < i; j++) {
			let sum = 0;
			for (let k = j; k < i; k++) sum -= l[i * n + k]! * inverseL[k * n + j]!;
			inverseL[i * n + j] = sum / l[i * n + i]!;
		}
	}
	const inverse = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j <= i; j++) {
			let sum = 0;
			for (let k = i; k < n; k++) sum += inverseL[k * n + i]! * inverseL[k * n + j]!;
			inverse[i * n + j] = sum;
			inverse[j * n + i] = sum;
		}
	return inverse;
}
