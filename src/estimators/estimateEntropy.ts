import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, unitLog } from '../core/units.js';
import { multinomial } from '../random/multinomial.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { type Category, readCounts, tally } from './counts.js';
import { type EntropyMethod, estimateWith, pluginOf } from './entropyMethods.js';
import { type Estimate, intervalFromBootstrap, intervalFromNormal, readConfidence } from './estimate.js';
import { readResamples } from './resample.js';

export type { EntropyMethod } from './entropyMethods.js';

/** Options of {@link estimateEntropy}. */
export interface EstimateEntropyOptions {
  /** Default `'plugin'`. */
  method?: EntropyMethod;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Size K of the alphabet, when it has values never observed: an integer from the number of bins given (or
   * distinct samples) up to 2⁵³ − 1. Unseen bins are accounted for in closed form, so a huge K allocates nothing.
   * Default: the number of counts given (or distinct samples).
   */
  alphabetSize?: number;
  /** Level in (0, 1) of a confidence interval to return as `ci` (e.g. 0.95). Default: no interval. */
  confidence?: number;
  /**
   * Multinomial bootstrap resamples for the standard error: 0 or an integer ≥ 2. Given as n > 0, every method's
   * stdError is the bootstrap's with n resamples; 0 gives the method's own standard error (delta method,
   * posterior, jackknife) and, for the methods without one, stdError NaN (`stdErrorMethod: 'none'`). Default: 0
   * for `'plugin'`, `'miller-madow'`, `'nsb'` and `'jackknife'`, 200 for the others.
   */
  resamples?: number;
  /** Seed of the bootstrap (a {@link Seed}: a number or bigint). Default 0. */
  seed?: Seed;
}

/** An entropy estimate: the value and its uncertainty, plus method-specific details. */
export interface EntropyEstimate extends Estimate {
  method: EntropyMethod;
  /** Sample size N. */
  n: number;
  /** Alphabet size K used. */
  alphabetSize: number;
  /** James–Stein shrinkage intensity (method 'shrink'). */
  lambda?: number;
  /** How stdError was obtained (`'none'`: resamples 0 for a method without a standard error of its own). */
  stdErrorMethod: 'delta' | 'posterior' | 'jackknife' | 'bootstrap' | 'none';
  /**
   * The value with its known first-order bias removed, where the method has one and `ci` is centred on it:
   * `'plugin'` (+ (m − 1)/(2N), the Miller–Madow value) and, with bootstrap resamples, the pseudocount,
   * shrinkage and Chao–Shen methods (2·value − mean of the resampled estimates).
   */
  biasCorrected?: number;
  /** Why a value or standard error may mislead (undersampling, no standard error); empty when none applies. */
  warnings: string[];
}

const ALL: readonly EntropyMethod[] = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'chao-shen',
  'shrink',
  'grassberger',
  'nsb',
  'jackknife',
];

const KEYS = ['method', 'base', 'alphabetSize', 'confidence', 'resamples', 'seed'] as const;

/** Methods with a standard error of their own, used unless resamples are asked for. */
const OWN_STD_ERROR: readonly EntropyMethod[] = ['plugin', 'miller-madow', 'nsb', 'jackknife'];

/** Methods whose bias the bootstrap tracks: their interval is centred on 2·value − mean of the replicates. */
const BOOTSTRAP_BIAS: readonly EntropyMethod[] = [
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'shrink',
  'chao-shen',
];

/** Number of non-empty bins. */
function occupied(y: Float64Array): number {
  let m = 0;
  for (const c of y) if (c > 0) m++;
  return m;
}

/**
 * Standard error of the plug-in to second order (Harris 1975): Var Ĥ = (Σ p log² p − H²)/N + (K − 1)/(2N²) +
 * O(N⁻³), with p̂ for p and the m non-empty bins for K. The first term vanishes at the uniform distribution,
 * where 2N(H − Ĥ) → χ²_{K−1} and the second term is the whole variance.
 */
function deltaStdError(y: Float64Array, n: number, total: number): number {
  const h = pluginOf(y, n);
  const acc = new Accumulator();
  for (const c of y) if (c > 0) acc.add((c / n) * Math.log(c / n) ** 2);
  const m = occupied(y);
  return Math.sqrt(Math.max(0, acc.value() - h * h) / total + (m - 1) / (2 * total * total));
}

/** The warnings every estimate carries: undersampling, and a missing standard error. */
function warningsOf(
  y: Float64Array,
  total: number,
  k: number,
  stdErrorMethod: string,
  method: string,
): string[] {
  const w: string[] = [];
  const m = occupied(y);
  if (total >= 4 && 2 * m >= total) {
    w.push(
      `undersampled: ${m} distinct values in ${total} draws (alphabet size ${k}); with this few coincidences every estimator here is biased and its interval does not cover the true entropy (see the README coverage table); 'nsb' is the least biased`,
    );
  }
  if (stdErrorMethod === 'none') {
    w.push(`stdError is NaN: method '${method}' has no standard error of its own and resamples is 0`);
  }
  if (total === 1 && method === 'jackknife') {
    w.push('stdError is NaN: the jackknife needs at least 2 draws (N = 1)');
  }
  return w;
}

/** Reads `{ counts }` or `{ samples }` (exactly one). */
function readData(data: unknown, fn: string): Float64Array {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || ArrayBuffer.isView(data)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: data must be { counts } or { samples }; got ${describe(data)}`,
      { argument: 'data', value: data },
    );
  }
  readOptions(data as object, fn, ['counts', 'samples'], 'data');
  const d = data as { counts?: ArrayLike<number>; samples?: ArrayLike<Category> };
  if ((d.counts === undefined) === (d.samples === undefined)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: data must have exactly one of counts and samples; got ${d.counts === undefined ? 'neither' : 'both'}`,
      { argument: 'data', value: data },
    );
  }
  return d.counts !== undefined
    ? readCounts(d.counts, fn)
    : tally(d.samples as ArrayLike<Category>, fn).counts;
}

/**
 * Estimates the entropy of a discrete distribution from counts or from samples of any values, with a standard
 * error and, when asked, a confidence interval.
 *
 * Methods (N = Σ nᵢ, K = alphabet size, p̂ᵢ = nᵢ/N; formulas as R's `entropy` package, Hausser & Strimmer 2009):
 * - `'plugin'`: −Σ p̂ log p̂ (maximum likelihood; biased low by ≈ (m − 1)/(2N): see `biasCorrected`).
 * - `'miller-madow'`: plug-in + (m − 1)/(2N), m = number of non-zero bins (Miller 1955).
 * - Dirichlet pseudocounts pᵢ = (nᵢ + a)/(N + Ka): `'jeffreys'` a = ½, `'laplace'` a = 1,
 *   `'schurmann-grassberger'` a = 1/K, `'minimax'` a = √N/K (Trybula 1958).
 * - `'chao-shen'`: −Σ C p̂ log(C p̂)/(1 − (1 − C p̂)^N), coverage C = 1 − f₁/N (Chao & Shen 2003).
 * - `'shrink'`: plug-in of λ/K + (1 − λ) p̂ with the James–Stein λ = Σ p̂(1 − p̂)/((N − 1) Σ (1/K − p̂)²), clipped to
 *   [0, 1] and returned as `lambda` (Hausser & Strimmer 2009).
 * - `'grassberger'`: ln N − (1/N) Σ nᵢ G(nᵢ), G(n) = ψ(n) + ½(−1)ⁿ[ψ((n+1)/2) − ψ(n/2)] (Grassberger 2003, eq. 35).
 * - `'nsb'`: posterior mean under the Nemenman–Shafee–Bialek prior, with the posterior standard deviation (2002).
 * - `'jackknife'`: N·Ĥ − (N − 1)·mean of the leave-one-out plug-in estimates (Zahl 1977), jackknife standard error
 *   (the differences H₋ᵢ − Ĥ in closed form, so it stays accurate for large N; with N = 1, the plug-in and NaN).
 *
 * `stdError` is the plug-in's standard error to second order, √((Σ p̂ log² p̂ − Ĥ²)/N + (m − 1)/(2N²)) (Harris
 * 1975; the first term alone is 0 at a uniform distribution, where the second is the whole variance: 150 draws
 * of 3 equal classes give 0.0067 nats, not 0), for plug-in and Miller–Madow; the posterior standard deviation
 * for NSB, the jackknife's own for jackknife, and otherwise the standard deviation of a seeded
 * bootstrap (`resamples`, default 200): each resample is one Multinomial(N, p̂) vector of counts drawn by
 * conditional binomials, O(K) whatever N. `resamples: n > 0` asks for the bootstrap with n resamples for every
 * method; `resamples: 0` for the method's own standard error, or NaN (`stdErrorMethod: 'none'`, with a warning)
 * where it has none. When N exceeds 2⁵³ − 1 (resampled counts would no longer be exact integers) every method
 * reports the delta-method standard error instead (`stdErrorMethod: 'delta'`); the estimators differ from the
 * plug-in by O(K/N) there. Counts whose total overflows a double (e.g. [1e308, 1e308]) are scaled by a power of
 * two first, which changes no frequency; `n` is then reported as Infinity.
 *
 * Bias and intervals: the plug-in is biased low by ≈ (m − 1)/(2N) (Miller 1955), so its `biasCorrected` is the
 * Miller–Madow value and its `ci` is biasCorrected ± z·stdError; the pseudocount methods, `'shrink'` and
 * `'chao-shen'` with bootstrap resamples get `biasCorrected` = 2·value − mean of the resampled estimates (the
 * bootstrap bias correction) and `ci` = biasCorrected ± z·stdError; Grassberger's `ci` is the bootstrap percentile
 * interval; Miller–Madow, NSB and the jackknife use value ± z·stdError. Every `ci` is clipped to [0, log K], the
 * range of the entropy. The README's coverage table
 * (`node scripts/coverage.mjs`) gives how often each 95% interval covers the true entropy by regime: none
 * covers when most draws are values seen once (K ≫ N), which `warnings` then says.
 *
 * Unseen bins (`alphabetSize` above the bins given) enter every formula in closed form, so any K up to 2⁵³ − 1 costs
 * nothing. With one category (K = 1) NSB gives 0 with stdError 0 (its prior is degenerate there).
 *
 * @param data - `{ counts }` (non-negative integers, one per bin, zero bins included) or `{ samples }` (any values).
 * @example
 * ```ts
 * const y = [4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1]; // the R entropy package's example
 * estimateEntropy({ counts: y }).value;                          // 1.9683824087283812
 * estimateEntropy({ counts: y }, { method: 'miller-madow' }).value; // 2.152592935044171
 * estimateEntropy({ samples: ['a', 'b', 'a', 'c'] }, { base: 2 }).value; // 1.5
 * estimateEntropy({ counts: [50, 50, 50] }, { base: 'bits' }).stdError; // 0.009617966939260078
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless data is `{ counts }` or `{ samples }` (exactly one) with an
 *   array, or for a sample that is an object, symbol or function; `OUT_OF_RANGE` / `NAN` / `NOT_FINITE` for counts
 *   that are negative, fractional, NaN, infinite or not numbers (naming the index), `NAN` for a NaN, null, undefined
 *   or missing sample; `EMPTY` for no data; `INVALID_OPTION` for an unknown option key or method, an alphabet
 *   smaller than the observed one or past 2⁵³ − 1, a confidence outside (0, 1), resamples that are not 0 or an
 *   integer >= 2, a bad base or seed, a confidence with resamples 0 for a method without a standard error of its
 *   own; `TOO_LARGE` for resamples > 2³², or for `'nsb'` with N > 2⁵³ − 1.
 */
export function estimateEntropy(
  data: { counts: ArrayLike<number> } | { samples: ArrayLike<Category> },
  options: EstimateEntropyOptions = {},
): EntropyEstimate {
  const fn = 'estimateEntropy';
  const o = readOptions(options, fn, KEYS);
  const method = readChoiceOption(o.method, 'plugin', ALL, 'method', fn);
  const unit = unitLog(o.base, fn);
  const confidence = readConfidence(o.confidence, fn);
  const resamples = readResamples(o.resamples, OWN_STD_ERROR.includes(method) ? 0 : 200, fn);
  const rng = createRng(o.seed ?? 0);
  let y = readData(data, fn);
  const k = o.alphabetSize === undefined ? y.length : o.alphabetSize;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < y.length || k > Number.MAX_SAFE_INTEGER) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: alphabetSize must be an integer from the ${y.length} bins observed to 2^53 - 1; got ${describe(o.alphabetSize)}`,
      { argument: 'alphabetSize', value: o.alphabetSize },
    );
  }
  let total = 0;
  for (const c of y) total += c;
  let n = total;
  if (!Number.isFinite(total)) {
    // Counts whose sum overflows (e.g. [1e308, 1e308]): scale by a power of two, which keeps every frequency
    // exact, to a total near 2^1022, so that what the scaling changes (terms in 1/N) stays below any rounding.
    let t = 0;
    for (const c of y) t += c * 2 ** -1023;
    const s = 2 ** -(Math.ceil(Math.log2(t)) + 1);
    y = y.map((c) => c * 2 ** -1023 * s * 2 ** 1022);
    n = 0;
    for (const c of y) n += c;
  }
  if (method === 'nsb' && total > Number.MAX_SAFE_INTEGER) {
    throw new SurprisalError(
      'TOO_LARGE',
      `${fn}: nsb needs a total count N <= 2^53 - 1 (its evidence, log Γ(N + Kβ), loses every digit past it); got ${total}; the plug-in is within O(K/N) there`,
      { argument: 'counts', value: total },
    );
  }

  if (
    confidence !== undefined &&
    resamples === 0 &&
    !OWN_STD_ERROR.includes(method) &&
    total <= Number.MAX_SAFE_INTEGER
  ) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: confidence needs a standard error, and method '${method}' has none of its own: resamples must be >= 2 (resamples is 0)`,
      { argument: 'confidence', value: confidence },
    );
  }

  const { value, lambda, stdError: own } = estimateWith(method, y, n, k);
  let stdError: number;
  let stdErrorMethod: EntropyEstimate['stdErrorMethod'];
  let replicates: Float64Array | undefined;
  if (
    total > Number.MAX_SAFE_INTEGER ||
    (resamples === 0 && (method === 'plugin' || method === 'miller-madow'))
  ) {
    // Past 2^53 − 1 draws a resample's counts are no longer exact; every estimator here is then within
    // O(K/N) of the plug-in, whose delta-method standard error is used.
    stdError = deltaStdError(y, n, total);
    stdErrorMethod = 'delta';
  } else if (resamples > 0) {
    replicates = bootstrapCounts(y, n, resamples, rng, (z) => estimateWith(method, z, n, k).value);
    let m = 0;
    for (const r of replicates) m += r / replicates.length;
    let ss = 0;
    for (const r of replicates) ss += (r - m) ** 2;
    stdError = Math.sqrt(ss / (replicates.length - 1));
    stdErrorMethod = 'bootstrap';
  } else if (method === 'nsb') {
    stdError = own as number;
    stdErrorMethod = 'posterior';
  } else if (method === 'jackknife') {
    stdError = own as number;
    stdErrorMethod = 'jackknife';
  } else {
    stdError = Number.NaN;
    stdErrorMethod = 'none';
  }
  const result: EntropyEstimate = {
    value: value / unit,
    stdError: stdError / unit,
    method,
    n: total,
    alphabetSize: k,
    stdErrorMethod,
    warnings: warningsOf(y, total, k, stdErrorMethod, method),
  };
  if (lambda !== undefined) result.lambda = lambda;
  // The centre of the interval: the value with its known bias removed, where the method has one.
  let centre: number | undefined;
  if (method === 'plugin' && Number.isFinite(total)) {
    centre = (value + (occupied(y) - 1) / (2 * n)) / unit;
  } else if (replicates && BOOTSTRAP_BIAS.includes(method)) {
    let m = 0;
    for (const r of replicates) m += r / replicates.length;
    centre = (2 * value - m) / unit;
  }
  if (centre !== undefined) result.biasCorrected = centre;
  if (confidence !== undefined) {
    const [lo, hi] =
      replicates && centre === undefined
        ? intervalFromBootstrap(replicates, confidence, unit)
        : intervalFromNormal(centre ?? result.value, result.stdError, confidence);
    // 0 ≤ H ≤ log K: the interval is clipped to the range the entropy can take.
    const top = Math.log(k) / unit;
    result.ci = [Math.min(top, Math.max(0, lo)), Math.min(top, Math.max(0, hi))];
  }
  return result;
}

/**
 * Replicates of an estimator on multinomial resamples of the counts: each replicate is one Multinomial(n, y/n)
 * vector drawn by conditional binomials, O(K) whatever n (drawing the n samples one by one cost O(n): 4 s for
 * n = 3e6, and never ended for n = 2^53). Bins of count 0 stay 0.
 */
function bootstrapCounts(
  y: Float64Array,
  n: number,
  b: number,
  rng: ReturnType<typeof createRng>,
  estimator: (z: Float64Array) => number,
): Float64Array {
  const out = allocate(Float64Array, b, 'estimateEntropy', 'resamples');
  const z = new Float64Array(y.length);
  for (let r = 0; r < b; r++) out[r] = estimator(multinomial(rng, n, y, z));
  return out;
}
