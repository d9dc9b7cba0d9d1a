import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readChoiceOption, readIntegerOption, readOptions } from '../core/options.js';
import { checkLogWeights } from './effectiveSampleSize.js';
import { gpdfit } from './gpdfit.js';

/** Result of {@link psis}. */
export interface PsisResult {
  /** Smoothed log weights, normalised so that their log-sum-exp is 0. */
  logWeights: Float64Array;
  /** Pareto k̂ of the upper tail of the raw weights (+Infinity when the tail is constant, or too short and allowed). */
  khat: number;
  /** PSIS effective sample size r_eff / Σ w̃² of the smoothed weights. */
  ess: number;
  /** Number of largest draws in the fitted tail, M = ⌈min(0.2 S, 3√(S/r_eff))⌉. */
  tailLength: number;
  /** The sample-size-dependent diagnosis of k̂ ({@link paretoDiagnostics}). */
  diagnosis: ParetoDiagnostics;
}

/** Options of {@link psis}. */
export interface PsisOptions {
  /** Relative efficiency r_eff of the draws (MCMC: see {@link relativeEfficiency}), a finite number > 0. Default 1. */
  rEff?: number;
  /** A Pareto tail of fewer than 5 draws: `'error'` (default) or `'infinite'` (k̂ = +Infinity and the raw weights, as loo). */
  shortTail?: 'error' | 'infinite';
  /**
   * Number of largest draws to smooth, overriding ⌈min(0.2 S, 3√(S/r_eff))⌉ (posterior's `pareto_smooth(x,
   * ndraws_tail)`); an integer in [5, S − 1].
   */
  tailLength?: number;
}

/**
 * Result of {@link paretoDiagnostics}: what k̂ says about an importance-sampling estimate (Vehtari, Simpson,
 * Gelman, Yao & Gabry, JMLR 2024).
 */
export interface ParetoDiagnostics {
  /** The Pareto k̂ diagnosed. */
  khat: number;
  /** Sample size S the diagnosis refers to. */
  samples: number;
  /** min(1 − 1/log10 S, 0.7): below it the PSIS estimate is reliable at this S. */
  threshold: number;
  /** 'good' (k̂ ≤ threshold), 'bad' (threshold < k̂ ≤ 1: more draws needed, see minSampleSize) or 'very bad' (k̂ > 1: the mean does not exist). */
  category: 'good' | 'bad' | 'very bad';
  /** 10^{1/(1 − max(0, k̂))}: the sample size needed for k̂ to be reliable (Infinity for k̂ ≥ 1). */
  minSampleSize: number;
  /** Rate at which the RMSE of PSIS shrinks relative to √S (1 = like plain Monte Carlo, 0 = no convergence). */
  convergenceRate: number;
  /** One sentence for people. */
  message: string;
}

/**
 * Explains a Pareto k̂ at sample size S, as `loo` / `posterior` do: the threshold min(1 − 1/log10 S, 0.7)
 * (`ps_khat_threshold`), the minimum sample size 10^{1/(1 − max(0, k̂))} (`ps_min_ss`) and the convergence
 * rate of Appendix B of Vehtari et al. (JMLR 2024; `ps_convergence_rate`). (posterior's `pareto_diags`.)
 * Both arguments are data: the k̂ (of {@link psis}, {@link importanceSampling}, ...) and the sample size S it
 * was estimated from.
 *
 * @example
 * ```ts
 * paretoDiagnostics(0.3, 1000).category;  // 'good'
 * paretoDiagnostics(0.8, 1000).minSampleSize; // 100000.00000000004
 * paretoDiagnostics(0.5, 100).threshold;  // 0.5
 * ```
 * @throws {SurprisalError} `INVALID_OPTION` for a k̂ that is not a number (NaN, a string, null; ±Infinity are
 *   fine) or a sample size S that is not an integer in [2, 2⁵³).
 */
export function paretoDiagnostics(khat: number, samples: number): ParetoDiagnostics {
  const fn = 'paretoDiagnostics';
  const k = khat;
  if (typeof k !== 'number' || Number.isNaN(k)) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: khat must be a number (not NaN); got ${describe(k)}`, {
      argument: 'khat',
      value: k,
    });
  }
  if (!Number.isSafeInteger(samples) || samples < 2) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: the sample size S must be an integer in [2, 2^53); got ${describe(samples)}`,
      { argument: 'samples', value: samples },
    );
  }
  const s = samples;
  const threshold = Math.min(1 - 1 / Math.log10(s), 0.7);
  const minSampleSize = k < 1 ? 10 ** (1 / (1 - Math.max(0, k))) : Number.POSITIVE_INFINITY;
  let convergenceRate: number;
  if (k < 0) convergenceRate = 1;
  else if (k > 1) convergenceRate = 0;
  else if (k === 0.5) convergenceRate = 1 - 1 / Math.log(s);
  else {
    // (2(k−1)S^{2k+1} + (1−2k)S^{2k} + S²) / ((S−1)(S − S^{2k})) with t = 2k − 1 and E = S^t − 1 = expm1(t ln S):
    // = (S(t − E + tE) − t(1 + E)) / (−(S−1)E). Near k = ½ both forms of the quotient are O(t); this one
    // computes them without the cancellation of S² − S² (the direct form gave 0 at k = 0.5 + 1e-16).
    const t = 2 * k - 1;
    const e = Math.expm1(t * Math.log(s));
    convergenceRate = Math.max(0, (s * (t - e + t * e) - t * (1 + e)) / (-(s - 1) * e));
  }
  const category = k <= threshold ? 'good' : k <= 1 ? 'bad' : 'very bad';
  const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));
  const message =
    category === 'good'
      ? `k̂ = ${fmt(k)} ≤ ${fmt(threshold)}: the estimate is reliable with S = ${s}.`
      : category === 'bad'
        ? `k̂ = ${fmt(k)} > ${fmt(threshold)}: unreliable with S = ${s}; about ${fmt(minSampleSize)} draws would be needed, or a better proposal.`
        : `k̂ = ${fmt(k)} > 1: the weights have no finite mean; more draws will not help, change the proposal.`;
  return { khat: k, samples: s, threshold, category, minSampleSize, convergenceRate, message };
}

/**
 * Pareto k̂ of the upper tail of log weights: fits {@link gpdfit} to exp(tail − max) − exp(cutoff − max) of the
 * M largest draws; +Infinity when M < 5 or the tail is constant. The weights are exponentiated relative to the
 * largest, max, so k̂ does not depend on a constant added to every log weight (log densities of ±1000 neither
 * overflow nor underflow); σ is in units of e^max. −Infinity entries (weight 0) are allowed. Used by
 * {@link psis} and by the importance samplers.
 * @internal
 */
export function paretoTail(
  lw: Float64Array,
  tail: number,
): { k: number; sigma: number; cutoff: number; max: number; tailIndex: Int32Array } {
  const s = lw.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s; i++) if (lw[i] > max) max = lw[i];
  const none = new Int32Array(0);
  if (s === 0) max = Number.NaN;
  if (tail < 5 || tail >= s || !(max > Number.NEGATIVE_INFINITY))
    return { k: Number.POSITIVE_INFINITY, sigma: Number.NaN, cutoff: Number.NaN, max, tailIndex: none };
  // The tail + 1 largest draws in ascending order, ties by index (the order a stable sort of all S gives),
  // found by selection in O(S) instead of sorting all S (psis on 10⁶ draws: the sort was most of the time).
  const top = largest(lw, tail + 1);
  const cutoff = lw[top[0]];
  const tailIndex = top.subarray(1);
  // A constant tail has no shape to fit (loo warns and leaves it unsmoothed).
  if (max - lw[tailIndex[0]] < Number.EPSILON / 100) {
    return { k: Number.POSITIVE_INFINITY, sigma: Number.NaN, cutoff, max, tailIndex };
  }
  const ec = Math.exp(cutoff - max);
  const ex = new Float64Array(tail);
  for (let i = 0; i < tail; i++) ex[i] = Math.exp(lw[tailIndex[i]] - max) - ec;
  const fit = gpdfit(ex);
  return {
    k: Number.isFinite(fit.k) ? fit.k : Number.POSITIVE_INFINITY,
    sigma: fit.sigma,
    cutoff,
    max,
    tailIndex,
  };
}

/**
 * Indices of the m largest entries of x (no NaN), ascending by (value, index): the last m of a stable sort.
 * Quickselect (Hoare partition, median-of-three pivots) on a copy finds the m-th largest value t; then the
 * entries above t and, of those equal to t, the ones with the largest indices.
 */
function largest(x: Float64Array, m: number): Int32Array {
  const n = x.length;
  const v = Float64Array.from(x);
  const want = n - m;
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot.
    const a = v[lo];
    const b = v[mid];
    const c = v[hi];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  const t = v[want];
  let above = 0;
  for (let i = 0; i < n; i++) if (x[i] > t) above++;
  const out = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (x[i] > t) out[k++] = i;
  // Of the entries equal to t, the last (m − above) by index.
  let ties = m - above;
  for (let i = n - 1; i >= 0 && ties > 0; i--) {
    if (x[i] === t) {
      out[k++] = i;
      ties--;
    }
  }
  return out.sort((p, q) => (x[p] < x[q] ? -1 : x[p] > x[q] ? 1 : p - q));
}

/** Tail length of PSIS: ⌈min(0.2 S, 3 √(S/r_eff))⌉ (loo's `n_pareto`). @internal */
export function tailLengthOf(s: number, rEff: number): number {
  return Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s / rEff)));
}

/**
 * Pareto-smoothed importance sampling, exactly as R's `loo::psis`: the M = ⌈min(0.2 S, 3√(S/r_eff))⌉ largest
 * weights are replaced by the quantiles of a generalised Pareto fitted to them ({@link gpdfit}), weights are
 * truncated at the largest raw weight, and k̂ of the fit diagnoses the result (Vehtari, Simpson, Gelman, Yao &
 * Gabry, "Pareto smoothed importance sampling", JMLR 25(72), 2024). Everything happens in log space (weights of
 * e^{−1000} work); the returned log weights are normalised (log-sum-exp 0), while loo returns them unnormalised.
 *
 * A tail of fewer than 5 draws (S < 25 at r_eff = 1) cannot be fitted: that is an error, unless
 * `shortTail: 'infinite'` asks for loo's behaviour (k̂ = +Infinity and the raw weights, with a warning there).
 * A constant tail (S equal weights, for instance) also gives k̂ = +Infinity and the raw weights, as loo.
 * Everything is invariant to adding a constant to the log ratios and to their order; draws of log ratio
 * −Infinity get weight 0 (a single finite one gets weight 1).
 *
 * @param logRatios - log importance ratios log p(xᵢ) − log q(xᵢ), up to a constant.
 * @example
 * ```ts
 * const z = Array.from({ length: 1000 }, (_, i) => ndtri((i + 0.5) / 1000));
 * const r = psis(z.map((x) => -0.5 * (x - 1) ** 2 + 0.5 * x * x)); // target N(1, 1), proposal N(0, 1)
 * r.diagnosis.category; // 'good'
 * ```
 * @throws {SurprisalError} `NAN` / `NOT_FINITE` for NaN, non-number or +Infinity log ratios, `EMPTY`,
 *   `NOT_NORMALIZED` when all are −Infinity, `SHAPE_MISMATCH` when logRatios is not an array, `TOO_LARGE` for a
 *   length past 2³², `INVALID_OPTION` for an unknown option, r_eff not a finite number > 0 or a shortTail other
 *   than 'error' | 'infinite', `OUT_OF_RANGE` when the tail has fewer than 5 draws (unless
 *   `shortTail: 'infinite'`) or there is a single draw (no diagnosis exists for S = 1).
 */
export function psis(logRatios: ArrayLike<number>, options: PsisOptions = {}): PsisResult {
  const fn = 'psis';
  const o = readOptions(options, fn, ['rEff', 'shortTail', 'tailLength']);
  const rEff = o.rEff ?? 1;
  if (typeof rEff !== 'number' || !(rEff > 0) || !Number.isFinite(rEff)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: rEff must be a finite number > 0; got ${describe(rEff)}`,
      {
        argument: 'rEff',
        value: rEff,
      },
    );
  }
  const shortTail = readChoiceOption(o.shortTail, 'error', ['error', 'infinite'], 'shortTail', fn);
  checkLogWeights(logRatios, fn, 'logRatios');
  const s = logRatios.length;
  if (s < 2) {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${fn}: a single draw has no tail to fit and no diagnosis; need S >= 2`,
      { argument: 'logRatios', value: s },
    );
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s; i++) if (logRatios[i] > max) max = logRatios[i];
  const lw = new Float64Array(s);
  for (let i = 0; i < s; i++) lw[i] = logRatios[i] - max;
  const tail =
    o.tailLength === undefined
      ? tailLengthOf(s, rEff)
      : readIntegerOption(o.tailLength, 0, 5, s - 1, 'tailLength', fn);
  if (tail < 5 && shortTail !== 'infinite') {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${fn}: the Pareto tail would have ${tail} draws (S = ${s}, r_eff = ${rEff}); at least 5 are needed, i.e. more draws, or { shortTail: 'infinite' } for k = Infinity as loo`,
      { argument: 'logRatios', value: s },
    );
  }
  const fit = paretoTail(lw, tail);
  if (Number.isFinite(fit.k)) {
    // Replace the sorted tail by GPD quantiles at (i − ½)/M, shifted back above the cutoff (σ and the
    // quantiles are in units of e^max; max = 0 here).
    const ec = Math.exp(fit.cutoff - fit.max);
    for (let i = 0; i < tail; i++) {
      const p = (i + 0.5) / tail;
      const q =
        fit.k === 0 ? -fit.sigma * Math.log1p(-p) : (fit.sigma * Math.expm1(-fit.k * Math.log1p(-p))) / fit.k;
      lw[fit.tailIndex[i]] = Math.log(q + ec) + fit.max;
    }
  }
  // Truncate at the largest raw weight (0 after the shift), then normalise.
  for (let i = 0; i < s; i++) if (lw[i] > 0) lw[i] = 0;
  const lse = logSumExp(lw);
  let sq = 0;
  for (let i = 0; i < s; i++) {
    lw[i] -= lse;
    sq += Math.exp(2 * lw[i]);
  }
  const khat = fit.k;
  return { logWeights: lw, khat, ess: rEff / sq, tailLength: tail, diagnosis: paretoDiagnostics(khat, s) };
}
