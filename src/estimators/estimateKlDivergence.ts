/**
 * Kullback–Leibler divergence from two samples: Wang–Kulkarni–Verdú kNN for continuous data, plug-in for discrete.
 * @module
 */
import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, logOfBase } from '../core/units.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { digamma } from '../special/digamma.js';
import { type Category, encodeCategories } from './counts.js';
import { type Estimate, intervalFromNormal, readConfidence } from './estimate.js';
import { treeOf } from './knn/kdTree.js';
import { forEachNeighbourhood } from './knn/neighbourhoods.js';
import { checkK, identicalRows, type Points, type PointsInput, pickRows, readPoints } from './knn/points.js';
import { type KdTree, type Neighbours, type Norm, readNorm } from './knn/queries.js';
import {
  attachResampling,
  checkConfidenceHasResamples,
  checkResampling,
  drawRows,
  halfFactor,
  type Resampling,
  readResamples,
  resampleSize,
} from './resample.js';
import { isNumeric } from './samples.js';

/** Estimators of {@link estimateKlDivergence}. */
export type KlDivergenceMethod = 'knn' | 'plugin';

/** Options of {@link estimateKlDivergence}. */
export interface EstimateKlDivergenceOptions {
  /** Default `'knn'` when both samples are numeric, `'plugin'` otherwise. */
  method?: KlDivergenceMethod;
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
}

/** Samples of values of any kind (plug-in), or numbers, rows or `{ data, shape: [n, d] }` (kNN). */
export type KlSamplesInput = ArrayLike<Category> | PointsInput;

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

/** The codes at `rows`. */
function pickCodes(codes: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = codes[rows[i]];
  return out;
}

function encodeBoth(
  p: ArrayLike<Category>,
  q: ArrayLike<Category>,
  fn: string,
): { cp: Int32Array; cq: Int32Array; levels: number } {
  // One alphabet for both samples.
  const index = new Map<Category, number>();
  const cp = encodeCategories(p, fn, 'samplesP', index);
  const cq = encodeCategories(q, fn, 'samplesQ', index);
  return { cp, cq, levels: index.size };
}

/**
 * `resamples` estimates on resamples of P and Q drawn independently from one xoshiro128** stream (P's rows, then
 * Q's, each resample).
 */
function resampleBoth(
  nP: number,
  nQ: number,
  resamples: number,
  seed: Seed,
  scheme: Resampling,
  fn: string,
  estimator: (rowsP: Int32Array, rowsQ: Int32Array) => number,
): Float64Array {
  const rng = createRng(seed);
  const rp = new Int32Array(resampleSize(nP, scheme));
  const rq = new Int32Array(resampleSize(nQ, scheme));
  const permP = Int32Array.from({ length: nP }, (_, i) => i);
  const permQ = Int32Array.from({ length: nQ }, (_, i) => i);
  const reps = allocate(Float64Array, resamples, fn, 'resamples');
  for (let r = 0; r < resamples; r++) {
    drawRows(rng, nP, scheme, rp, permP);
    drawRows(rng, nQ, scheme, rq, permQ);
    reps[r] = estimator(rp, rq);
  }
  return reps;
}

/**
 * The factor turning the spread of resampled estimates into a standard error: for half-samples of both samples,
 * each sample's share of the variance is scaled by its own r/d, ≈ 1 (exactly 1 for even sizes); their mean is used.
 */
function factorOf(scheme: Resampling, nP: number, nQ: number): number {
  return scheme === 'half' ? Math.sqrt((halfFactor(nP) ** 2 + halfFactor(nQ) ** 2) / 2) : 1;
}

function pluginKl(cp: Int32Array, cq: Int32Array, levels: number): [number, number] {
  const n = cp.length;
  const m = cq.length;
  const np = new Float64Array(levels);
  const nq = new Float64Array(levels);
  for (const c of cp) np[c]++;
  for (const c of cq) nq[c]++;
  const acc = new Accumulator();
  const acc2 = new Accumulator();
  const ratio2 = new Accumulator();
  for (let v = 0; v < levels; v++) {
    if (np[v] === 0) continue;
    if (nq[v] === 0) return [Number.POSITIVE_INFINITY, Number.NaN];
    const pv = np[v] / n;
    const qv = nq[v] / m;
    const l = Math.log(pv / qv);
    acc.add(pv * l);
    acc2.add(pv * l * l);
    ratio2.add((pv * pv) / qv);
  }
  const value = Math.max(0, acc.value());
  // Influence functions: log(p/q) − D for a draw from P, 1 − p/q for a draw from Q.
  const variance = Math.max(0, acc2.value() - value * value) / n + Math.max(0, ratio2.value() - 1) / m;
  return [value, variance];
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
 * - `'plugin'` (default when a sample holds non-numbers; values of any kind): Σᵥ p̂(v) log(p̂(v)/q̂(v)) of the
 *   empirical distributions, +Infinity when P has a value never seen in Q (stdError NaN then, resampled or not). stdError by the
 *   delta method: √((Σ p̂ log²(p̂/q̂) − D̂²)/n + (Σ p̂²/q̂ − 1)/m); with `resamples: n > 0`, from n resamples of
 *   P and Q instead (by default the bootstrap; resampled estimates that are +Infinity are left out).
 *
 * `confidence` gives `ci`: the percentile interval of bootstrap resamples, otherwise value ± z·stdError.
 *
 * @param samplesP - the sample from P (size n).
 * @param samplesQ - the sample from Q (size m).
 * @example
 * ```ts
 * estimateKlDivergence(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'c']).value; // 0.17328679513998632
 * estimateKlDivergence(['a', 'z'], ['a', 'b']).value; // Infinity
 * estimateKlDivergence([0, 1, 3, 6, 10], [2, 4, 5, 8, 9, 12], { k: 1 }).value; // -0.0915162218494357
 * ```
 * @throws {SurprisalError} `EMPTY` for no samples, `NAN` / `NOT_FINITE` naming the sample, `SHAPE_MISMATCH`
 *   when the dimensions differ, `OUT_OF_RANGE` when n < k + 1 or m < k, `INVALID_OPTION` for an unknown method
 *   or an invalid k, norm, base, resamples, resampling, seed or confidence, or a confidence with resamples 0 for
 *   `'knn'`; `TOO_LARGE` for resamples > 2³².
 */
export function estimateKlDivergence(
  samplesP: KlSamplesInput,
  samplesQ: KlSamplesInput,
  options: EstimateKlDivergenceOptions = {},
): KlDivergenceEstimate {
  const fn = 'estimateKlDivergence';
  readOptions(options, fn, ['method', 'k', 'norm', 'base', 'resamples', 'resampling', 'seed', 'confidence']);
  const confidence = readConfidence(options.confidence, fn);
  if (options.seed !== undefined) createRng(options.seed);
  const method = options.method ?? (isNumeric(samplesP) && isNumeric(samplesQ) ? 'knn' : 'plugin');
  if (method !== 'knn' && method !== 'plugin') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be 'knn' or 'plugin'; got ${describe(method)}`,
      {
        argument: 'method',
        value: method,
      },
    );
  }
  const unit = logOfBase(options.base);
  const b = readResamples(options.resamples, method === 'plugin' ? 0 : 100, fn);
  const scheme = checkResampling(options.resampling ?? (method === 'plugin' ? 'bootstrap' : 'half'), fn);
  const seed = options.seed ?? 0;
  if (method === 'plugin') {
    const { cp, cq, levels } = encodeBoth(
      samplesP as ArrayLike<Category>,
      samplesQ as ArrayLike<Category>,
      fn,
    );
    const [value, variance] = pluginKl(cp, cq, levels);
    const out: KlDivergenceEstimate = {
      value: value / unit,
      stdError: Math.sqrt(variance) / unit,
      method,
      n: cp.length,
      m: cq.length,
      replicates: 0,
      stdErrorMethod: 'delta',
    };
    // An infinite divergence (a value of P never seen in Q) has no standard error to resample.
    if (b === 0 || !Number.isFinite(value)) {
      if (confidence !== undefined) out.ci = intervalFromNormal(out.value, out.stdError, confidence);
      return out;
    }
    const reps = resampleBoth(cp.length, cq.length, b, seed, scheme, fn, (rp, rq) =>
      rp.length === 0 || rq.length === 0
        ? Number.NaN
        : pluginKl(pickCodes(cp, rp), pickCodes(cq, rq), levels)[0],
    );
    const factor = factorOf(scheme, cp.length, cq.length);
    attachResampling(out, { reps, scheme }, value, unit, factor, confidence, fn);
    return out;
  }

  checkConfidenceHasResamples(confidence, b, fn);
  const k = checkK(options.k ?? 3, fn);
  const norm = readNorm(options.norm, 'euclidean', fn);
  const p = readPoints(samplesP as PointsInput, fn, 'samplesP');
  const q = readPoints(samplesQ as PointsInput, fn, 'samplesQ');
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
  };
  if (b) {
    const reps = resampleBoth(p.n, q.n, b, seed, scheme, fn, (rp, rq) =>
      rp.length < k + 1 || rq.length < k ? Number.NaN : wkv(pickRows(p, rp), pickRows(q, rq), k, norm),
    );
    attachResampling(out, { reps, scheme }, value, unit, factorOf(scheme, p.n, q.n), confidence, fn);
  }
  return out;
}
