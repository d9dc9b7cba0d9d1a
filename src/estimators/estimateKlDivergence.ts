/**
 * Kullback–Leibler divergence from two samples: Wang–Kulkarni–Verdú kNN for continuous data; plug-in, Dirichlet
 * pseudocounts or James–Stein shrinkage for discrete data and counts.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, logOfBase } from '../core/units.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { digamma } from '../special/digamma.js';
import type { Category } from './counts.js';
import { FREQUENCY_METHODS, type FrequencyMethod, readPseudocount } from './discreteDivergence.js';
import { discreteEstimate, factorOf, isCounts, readDiscrete, resampleBoth } from './discreteKlDivergence.js';
import { type Estimate, readConfidence } from './estimate.js';
import { treeOf } from './knn/kdTree.js';
import { forEachNeighbourhood } from './knn/neighbourhoods.js';
import { checkK, identicalRows, type Points, type PointsInput, pickRows, readPoints } from './knn/points.js';
import { type KdTree, type Neighbours, type Norm, readNorm } from './knn/queries.js';
import { handleTies, readTies, type TiesPolicy } from './knn/ties.js';
import {
  attachResampling,
  checkConfidenceHasResamples,
  checkResampling,
  type Resampling,
  readResamples,
} from './resample.js';
import { isNumeric } from './samples.js';

/**
 * Estimators of {@link estimateKlDivergence}: `'knn'` for continuous samples, and for discrete ones the KL
 * divergence of the frequencies a {@link FrequencyMethod} estimates from each sample's counts.
 */
export type KlDivergenceMethod = 'knn' | FrequencyMethod;

const METHODS: readonly KlDivergenceMethod[] = ['knn', ...FREQUENCY_METHODS];

/** Options of {@link estimateKlDivergence}. */
export interface EstimateKlDivergenceOptions {
  /** Default `'knn'` when both samples are numeric, `'plugin'` otherwise (and for `{ counts }`). */
  method?: KlDivergenceMethod;
  /** Pseudocount a of `'dirichlet'` (R's `KL.Dirichlet(y1, y2, a1, a2)`): a number ≥ 0, or [a1, a2]. */
  pseudocount?: number | [number, number];
  /** Neighbour order k of `'knn'` (default 3). */
  k?: number;
  /**
   * Norm of `'knn'`: `'euclidean'` (default, as Wang et al.) or `'max'` (as NPEET's `kldiv`); the estimator holds
   * for any norm, the ball volume cancelling in ν/ρ.
   */
  norm?: Norm;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Resamples for the standard error: 0 or an integer ≥ 2. Given as n > 0, stdError is the resampling's with n
   * resamples; 0 gives the delta method for `'plugin'` and stdError NaN (`stdErrorMethod: 'none'`) for `'knn'`,
   * which has no analytic one. Default: 100 for `'knn'`, 0 (the delta method) for `'plugin'`.
   */
  resamples?: number;
  /**
   * How to resample: `'half'` (half-samples without replacement; the default for `'knn'`) or `'bootstrap'` (with
   * replacement; the default for `'plugin'`); see {@link Resampling}.
   */
  resampling?: Resampling;
  /** Seed of the resampling (default 0; a {@link Seed}: a number or bigint). */
  seed?: Seed;
  /** Level in (0, 1) of a confidence interval to return as `ci` (e.g. 0.95). Default: no interval. */
  confidence?: number;
  /**
   * Tied sample values for `'knn'`: `'dequantize'` (default: each tied coordinate of each sample is taken as
   * rounded to the grid of its smallest gap and spread uniformly over it, seeded; a warning says so) or
   * `'atoms'` (kept: zero neighbour distances, where the estimate may be infinite).
   */
  ties?: TiesPolicy;
}

/** A KL divergence estimate D(P ‖ Q). */
export interface KlDivergenceEstimate extends Estimate {
  method: KlDivergenceMethod;
  /** Size n of the sample from P. */
  n: number;
  /** Size m of the sample from Q. */
  m: number;
  /** Neighbour order (`'knn'`). */
  k?: number;
  /** Resampled estimates with a finite value (0 without resampling). */
  replicates: number;
  stdErrorMethod: 'delta' | Resampling | 'none';
  /** James–Stein shrinkage intensities of P's and Q's frequencies (`'shrink'`). */
  lambda?: [number, number];
  /** Pseudocounts a1, a2 added to P's and Q's counts (Dirichlet methods). */
  pseudocount?: [number, number];
  /**
   * `'plugin'`: the value less its first-order bias (m − 1)/(2n) + (Σ p̂/q̂ − 1)/(2m) (m bins seen in P), on which
   * the delta-method `ci` is centred.
   */
  biasCorrected?: number;
  /** Why the value is infinite or the standard error undefined, when they are; empty otherwise. */
  warnings: string[];
}

/**
 * Samples of values of any kind (discrete methods), numbers, rows or `{ data, shape: [n, d] }` (kNN), or
 * `{ counts }` (one count per bin, the bins of P and Q in the same order, as R `entropy`'s `y1`, `y2`).
 */
export type KlSamplesInput = ArrayLike<Category> | PointsInput | { counts: ArrayLike<number> };

/**
 * WKV in nats: (d/n) Σᵢ log(ν_{lᵢ}(i)/ρ_{kᵢ}(i)) + (1/n) Σᵢ [ψ(kᵢ) − ψ(lᵢ)] + log(m/(n − 1)), with kᵢ = lᵢ = k
 * unless a zero distance makes them grow (see the docs of estimateKlDivergence).
 */
function wkv(p: Points, q: Points, k: number, norm: Norm): number {
  const { n, d } = p;
  const m = q.n;
  const groups = identicalRows(p);
  const tq: KdTree = treeOf(q, norm);
  const acc = new Accumulator();
  const point = new Float64Array(d);
  const scratch: Neighbours = { distances: new Float64Array(k), indices: new Int32Array(k) };
  forEachNeighbourhood(groups, treeOf(p, norm), k, (g, i, ki, rho) => {
    for (let j = 0; j < d; j++) point[j] = p.data[i * d + j];
    // lᵢ: k, or one more than the points of Q sitting exactly on xᵢ when those are ≥ k.
    const z = tq.countWithinOf(point, 0, true);
    const li = z >= k && z < m ? z + 1 : k;
    const nu = (li === k ? tq.nearestTo(point, k, scratch) : tq.nearestTo(point, li)).distances[li - 1];
    // A P sample that is one repeated point (ρ = 0) against Q: +Infinity, or 0 when Q is that point too.
    const ratio = nu === 0 && rho === 0 ? 0 : d * (Math.log(nu) - Math.log(rho));
    acc.add(groups.size[g] * (ratio + digamma(ki) - digamma(li)));
  });
  return acc.value() / n + Math.log(m / (n - 1));
}

/**
 * Estimates the Kullback–Leibler divergence D(P ‖ Q) = E_P[log p/q] from a sample of P and a sample of Q, with
 * a standard error.
 *
 * - `'knn'` (default for numeric samples; 1-D numbers, rows or `{ data, shape }` of equal dimension d):
 *   Wang, Kulkarni & Verdú (2009, IEEE Trans. Inf. Theory 55(5), 2392–2405, eq. 5):
 *   D̂ = (d/n) Σᵢ log(νₖ(i)/ρₖ(i)) + log(m/(n − 1)), where ρₖ(i) is the Euclidean distance from xᵢ to its k-th
 *   nearest neighbour among the other n − 1 samples of P and νₖ(i) the distance to its k-th nearest neighbour
 *   among the m samples of Q (`norm: 'max'` gives NPEET's `kldiv`). Zero distances: if xᵢ has z ≥ k exact duplicates in P, ρ uses
 *   the (z + 1)-th neighbour instead, and if z ≥ k samples of Q coincide with xᵢ, ν uses the (z + 1)-th; the
 *   changed orders kᵢ, lᵢ enter through + (1/n) Σᵢ [ψ(kᵢ) − ψ(lᵢ)], the estimator with sample-dependent k of the
 *   same paper (§III). Only a P sample that is a single repeated point gives +Infinity. Needs n ≥ k + 1, m ≥ k.
 *   stdError: seeded resampling of P and Q independently, by default half-samples without replacement
 *   (stdError = √(r/d)·sd of the half-sample estimates, the delete-d jackknife of Shao & Wu 1989), or
 *   `resampling: 'bootstrap'`; see {@link estimateDifferentialEntropy} for why half-samples are the default
 *   (`resamples`, default 100; 0 gives stdError NaN, there being no analytic standard error).
 * - `'plugin'` (default when a sample holds non-numbers, and for `{ counts }`; values of any kind):
 *   Σᵥ p̂(v) log(p̂(v)/q̂(v)) of the empirical distributions (R `entropy`'s `KL.plugin` / `KL.empirical`),
 *   +Infinity when P has a value never seen in Q: stdError is then NaN and `warnings` names the value and its
 *   draws and advises a smoothed method. The plug-in is biased up by ≈ (m − 1)/(2n) + (Σ p̂/q̂ − 1)/(2m)
 *   (m values seen in P): `biasCorrected` removes it and the delta-method `ci` is centred on it.
 * - Smoothed frequencies (the {@link FrequencyMethod}s), finite whenever every smoothed q is > 0: Dirichlet
 *   pseudocounts (nᵥ + a)/(N + Ka) on each sample over the union of their values (`'jeffreys'` a = ½,
 *   `'laplace'` 1, `'schurmann-grassberger'` 1/K, `'minimax'` √N/K, `'dirichlet'` the `pseudocount` option,
 *   one number or [a1, a2]: R's `KL.Dirichlet(y1, y2, a1, a2)`), or `'shrink'`, James–Stein shrinkage of each
 *   towards 1/K (R's `KL.shrink`, intensities returned as `lambda`).
 *
 * stdError of the discrete methods: the delta method, √(s₁²·Var_p̂[log(f₁/f₂)]/n + s₂²·Var_q̂[f₁/f₂]/m +
 * (m₁ − 1)(1/n + 1/m)²/2), f the estimated frequencies, sᵢ = N/(N + Ka) their slope in p̂, m₁ the support of f₁;
 * the last, second-order term is the whole variance at p = q, where the first-order terms vanish. `'shrink'`
 * has none (resamples default 200). With `resamples: n > 0`, from n resamples of P and Q instead (by default
 * the bootstrap; rows of samples, or multinomial draws of `{ counts }`; resampled estimates that are +Infinity
 * are left out, which `warnings` says).
 *
 * `confidence` gives `ci`: the percentile interval of bootstrap resamples, otherwise value ± z·stdError (the plug-in:
 * biasCorrected ± z·stdError), floored at 0; [Infinity, Infinity] for an infinite estimate. `warnings` says why a
 * value is infinite or a standard error NaN, and how many resampled estimates were infinite and left out.
 *
 * @param samplesP - the sample from P (size n).
 * @param samplesQ - the sample from Q (size m).
 * @example
 * ```ts
 * estimateKlDivergence(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'c']).value; // 0.17328679513998632
 * estimateKlDivergence(['a', 'z'], ['a', 'b']).value; // Infinity
 * estimateKlDivergence(['a', 'z'], ['a', 'b']).warnings.length; // 2
 * estimateKlDivergence(['a', 'z'], ['a', 'b'], { method: 'jeffreys' }).value; // 0.3138892253337455 (ln 3 / 3.5)
 * estimateKlDivergence({ counts: [4, 2, 3, 1, 10, 4] }, { counts: [2, 3, 7, 1, 4, 3] }, { method: 'shrink' }).value; // 0.08295664122604328
 * estimateKlDivergence([0, 1, 3, 6, 10], [2, 4, 5, 8, 9, 12], { k: 1 }).value; // -0.0915162218494357
 * ```
 * @throws {SurprisalError} `EMPTY` for no samples, `NAN` / `NOT_FINITE` naming the sample, `SHAPE_MISMATCH`
 *   when the dimensions differ, when only one argument is `{ counts }` or the two count vectors differ in length,
 *   `OUT_OF_RANGE` for a count that is negative or fractional, `OUT_OF_RANGE` when n < k + 1 or m < k, `INVALID_OPTION` for an unknown method
 *   or an invalid k, norm, base, resamples, resampling, seed, confidence or pseudocount (missing for
 *   `'dirichlet'`, given for another method), `'knn'` on `{ counts }`, half-samples of `{ counts }`, or a
 *   confidence with resamples 0 for `'knn'` or `'shrink'`; `TOO_LARGE` for resamples > 2³².
 */
export function estimateKlDivergence(
  samplesP: KlSamplesInput,
  samplesQ: KlSamplesInput,
  options: EstimateKlDivergenceOptions = {},
): KlDivergenceEstimate {
  const fn = 'estimateKlDivergence';
  readOptions(options, fn, [
    'method',
    'k',
    'norm',
    'base',
    'resamples',
    'resampling',
    'seed',
    'confidence',
    'pseudocount',
    'ties',
  ]);
  const confidence = readConfidence(options.confidence, fn);
  if (options.seed !== undefined) createRng(options.seed);
  const counts = isCounts(samplesP) || isCounts(samplesQ);
  const method = options.method ?? (!counts && isNumeric(samplesP) && isNumeric(samplesQ) ? 'knn' : 'plugin');
  if (!METHODS.includes(method)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be one of ${METHODS.map((x) => `'${x}'`).join(', ')}; got ${describe(method)}`,
      { argument: 'method', value: method },
    );
  }
  const pseudocount = readPseudocount(options.pseudocount, method, fn);
  const unit = logOfBase(options.base);
  const b = readResamples(
    options.resamples,
    method === 'knn' || method === 'shrink' ? (method === 'knn' ? 100 : 200) : 0,
    fn,
  );
  const scheme = checkResampling(options.resampling ?? (method === 'knn' ? 'half' : 'bootstrap'), fn);
  const seed = options.seed ?? 0;
  if (method !== 'knn') {
    if (method === 'shrink') checkConfidenceHasResamples(confidence, b, fn);
    const data = readDiscrete(samplesP, samplesQ, fn);
    return discreteEstimate(data, method, pseudocount, b, scheme, seed, unit, confidence, fn);
  }
  if (counts) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method 'knn' needs samples of numbers, not { counts }`,
      { argument: 'method', value: method },
    );
  }

  checkConfidenceHasResamples(confidence, b, fn);
  const k = checkK(options.k ?? 3, fn);
  const norm = readNorm(options.norm, 'euclidean', fn);
  const ties = readTies(options.ties, fn);
  const warnings: string[] = [];
  const p = handleTies(
    readPoints(samplesP as PointsInput, fn, 'samplesP'),
    ties,
    options.seed ?? 0,
    0,
    'samplesP',
    warnings,
  );
  const q = handleTies(
    readPoints(samplesQ as PointsInput, fn, 'samplesQ'),
    ties,
    options.seed ?? 0,
    1,
    'samplesQ',
    warnings,
  );
  if (p.d !== q.d) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: samplesP has dimension ${p.d} but samplesQ has ${q.d}`,
      { argument: 'samplesQ', value: q.d },
    );
  }
  if (p.n < k + 1 || q.n < k) {
    const which = p.n < k + 1 ? 'samplesP' : 'samplesQ';
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${fn}: k = ${k} needs at least ${k + 1} samples of P and ${k} of Q; got ${p.n} and ${q.n}`,
      { argument: which, value: which === 'samplesP' ? p.n : q.n },
    );
  }
  const value = wkv(p, q, k, norm);
  const out: KlDivergenceEstimate = {
    value: value / unit,
    stdError: Number.NaN,
    method,
    n: p.n,
    m: q.n,
    k,
    replicates: 0,
    stdErrorMethod: 'none',
    warnings,
  };
  if (value === Number.POSITIVE_INFINITY) {
    out.warnings.push(
      'infinite: the sample of P is one repeated point (every ρ is 0) while Q is not; the kNN estimate needs at least k + 1 distinct points of P',
    );
  }
  if (b) {
    const reps = resampleBoth(p.n, q.n, b, seed, scheme, fn, (rp, rq) =>
      rp.length < k + 1 || rq.length < k ? Number.NaN : wkv(pickRows(p, rp), pickRows(q, rq), k, norm),
    );
    attachResampling(out, { reps, scheme }, value, unit, factorOf(scheme, p.n, q.n), confidence, fn);
    if (Number.isNaN(out.stdError) && Number.isFinite(value)) {
      out.warnings.push(
        `stdError is NaN: only ${out.replicates} of the ${b} resampled estimates were finite (at least 2 are needed)`,
      );
    }
  } else {
    out.warnings.push("stdError is NaN: method 'knn' has no analytic standard error and resamples is 0");
  }
  return out;
}
