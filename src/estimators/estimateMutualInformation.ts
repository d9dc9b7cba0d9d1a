/**
 * Mutual information from samples: plug-in, Miller–Madow and James–Stein for discrete data, KSG for continuous
 * data, Ross for discrete-with-continuous, and conditional mutual information (Frenzel–Pompe).
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { logOfBase } from '../core/units.js';
import { checkK, type PointsInput } from './knn/points.js';
import { cmiEstimate, ksgEstimate, rossEstimate } from './mutualInformation/ksg.js';
import {
  checkMethod,
  type KnnMutualInformationOptions,
  type MutualInformationEstimate,
  type MutualInformationMethod,
  readKnnOptions,
  readResampler,
} from './mutualInformation/options.js';
import { type DiscreteMiMethod, discreteEstimate } from './mutualInformation/plugin.js';
import { checkSameLength, isNumeric, type SamplesInput } from './samples.js';

export type {
  KnnMutualInformationOptions,
  MutualInformationEstimate,
  MutualInformationMethod,
} from './mutualInformation/options.js';
export type { SamplesInput } from './samples.js';

/** Options of {@link estimateMutualInformation}. */
export interface EstimateMutualInformationOptions extends KnnMutualInformationOptions {
  /**
   * Default: `'ksg'` when x and y are both numeric, `'ross'` when one is numeric and the other is not (the
   * non-numeric one taken as the discrete variable), `'plugin'` otherwise.
   */
  method?: MutualInformationMethod;
}

/** Options of {@link estimateConditionalMutualInformation}. */
export interface EstimateConditionalMutualInformationOptions extends KnnMutualInformationOptions {
  /** Only `'ksg'` (Frenzel & Pompe 2007). */
  method?: 'ksg';
}

/** A paired sample argument must at least be an object (an array, typed array or { data, shape }). */
function checkSamples(x: unknown, fn: string, name: string): void {
  if (x === null || typeof x !== 'object') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array of samples or { data, shape }; got ${describe(x)}`,
      { argument: name, value: x },
    );
  }
}

/** The methods on the contingency table (mutualInformation/plugin.ts). */
const DISCRETE: readonly string[] = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'shrink',
];

const METHODS: readonly MutualInformationMethod[] = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'shrink',
  'ksg',
  'ksg2',
  'ross',
];

function lengthOf(x: SamplesInput): number {
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const dims = 'shape' in x ? x.shape : (x as { dims: readonly number[] }).dims;
    return dims?.[0] ?? Number.NaN;
  }
  return (x as ArrayLike<unknown>)?.length ?? Number.NaN;
}

/**
 * Estimates the mutual information I(X; Y) between paired samples, with a standard error.
 *
 * Discrete x and y (values of any kind: numbers, strings, ...; rows are compared as tuples), on the contingency
 * table of counts n_xy (N pairs, p̂ = n/N):
 * - `'plugin'`: Σ p̂_xy log(p̂_xy/(p̂ₓ p̂_y)), as scikit-learn's `mutual_info_score`; stdError by the delta
 *   method, √((Σ p̂_xy log²(p̂_xy/(p̂ₓ p̂_y)) − Î²)/N).
 * - `'miller-madow'`: Ĥ(X) + Ĥ(Y) − Ĥ(X, Y), each plug-in entropy plus (m − 1)/(2N), m its number of non-empty
 *   cells (Miller 1955): plug-in + (mₓ + m_y − m_xy − 1)/(2N); delta-method stdError.
 * - `'shrink'`: plug-in MI of the James–Stein shrunk joint table, p̂ = λ/K + (1 − λ) n_xy/N over the K = |X|·|Y|
 *   cells of the observed levels, λ = Σ p̂(1 − p̂)/((N − 1) Σ (1/K − p̂)²) clipped to [0, 1] (Hausser & Strimmer
 *   2009, JMLR 10, eq. 8), as R entropy's `mi.shrink`; returns `lambda`; resampled stdError.
 * - `'jeffreys'`, `'laplace'`, `'schurmann-grassberger'`, `'minimax'`: plug-in MI of the table with Dirichlet
 *   pseudocounts (n_xy + a)/(N + Ka), a = ½, 1, 1/K, √N/K over the K = |X|·|Y| cells, as R entropy's
 *   `mi.Dirichlet(y2d, a)`; resampled stdError.
 *
 * Continuous x and y (numbers, rows for several dimensions, or `{ data, shape }`), max-norm distances, k = 3:
 * - `'ksg'`: Kraskov, Stögbauer & Grassberger (2004, PRE 69, 066138), algorithm 1, eq. 8:
 *   ψ(k) + ψ(N) − ⟨ψ(nₓ + 1) + ψ(n_y + 1)⟩, rᵢ the distance to the k-th neighbour in the joint space and
 *   nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ < rᵢ} (strict, as scikit-learn's `_compute_mi_cc`).
 * - `'ksg2'`: algorithm 2, eq. 9: ψ(k) − 1/k + ψ(N) − ⟨ψ(nₓ) + ψ(n_y)⟩, εₓ(i) the largest x-distance among the
 *   k joint neighbours and nₓ = #{j ≠ i : ‖xⱼ − xᵢ‖ ≤ εₓ(i)}. (Points tied at the k-th joint distance are taken
 *   in index order, so εₓ is a function of the data.)
 * - `'ross'` (discrete x, continuous y): Ross (2014, PLoS ONE 9(2), e87357), as scikit-learn's `_compute_mi_cd`:
 *   labels seen once are dropped (N′ points left), label ℓ uses k_ℓ = min(k, N_ℓ − 1), rᵢ is the k_ℓ-th
 *   neighbour distance among xᵢ's label and mᵢ = #{j : ‖yⱼ − yᵢ‖ < rᵢ}, i included, over all N′ points:
 *   ψ(N′) + ⟨ψ(k_ℓ)⟩ − ⟨ψ(N_ℓ)⟩ − ⟨ψ(mᵢ)⟩. (In 1-D every norm is |·|, so it matches scikit-learn's Euclidean one.)
 *
 * Unlike scikit-learn, nothing is rescaled and no noise is added unless asked (`standardize`, `jitter`), so the
 * estimate is a function of the data; and it is not clamped: KSG and Ross estimates of a small MI can be
 * slightly negative (bias and variance of the estimator, not a bug). `clampNegative: true` reports max(0, Î).
 *
 * Zero distances (ties, e.g. duplicates from bootstrap resampling): a point with z ≥ k exact duplicates in the
 * space where its neighbours are sought uses kᵢ = z + 1, its first neighbour at a positive distance, with ψ(kᵢ)
 * (and 1/kᵢ) in place of ψ(k) (and 1/k); if every point there is identical, kᵢ = z and the radius is 0 with
 * the counts taken as ≤ 0 (Gao, Kannan, Oh & Viswanath 2017, NeurIPS, for discrete points). No estimate is
 * then −Infinity or NaN, and data without ties are unaffected.
 *
 * `stdError`: delta method for plug-in and Miller–Madow; otherwise from seeded resampling of the paired rows
 * (`resamples`, default 100): for the kNN methods half-samples without replacement, stdError =
 * √(r/d)·sd of the half-sample estimates (delete-d jackknife, d = n/2, Shao & Wu 1989), because the duplicate
 * rows of a with-replacement bootstrap act as neighbours at distance 0 and inflate the spread (we measured
 * 1.6–2.9× the true standard error for KSG); for `'shrink'` the bootstrap (n rows with replacement, the table's
 * levels kept, as R entropy resamples). `resampling` overrides either. `resamples: n > 0` asks for resampling
 * with n resamples for every method, plug-in and Miller–Madow included (by the bootstrap); `resamples: 0` for the
 * delta method, or stdError NaN (`stdErrorMethod: 'none'`) for the methods without one. `confidence` gives `ci`:
 * the percentile interval of bootstrap resamples, otherwise value ± z·stdError.
 *
 * @param x - samples of X (the discrete variable for `'ross'`).
 * @param y - samples of Y, paired with x.
 * @example
 * ```ts
 * estimateMutualInformation([0, 1, 1, 0, 0], [1, 0, 0, 0, 1], { method: 'plugin' }).value; // 0.29110316603236885
 * estimateMutualInformation(['a', 'b', 'b', 'a'], ['u', 'v', 'v', 'u']).value; // 0.6931471805599453
 * const x = [0, 1, 3, 6, 10];
 * const y = [0, 2, 1, 5, 4];
 * estimateMutualInformation(x, y, { method: 'ksg', k: 1 }).value; // 0.11666666666666667 (7/60)
 * estimateMutualInformation(x, y, { method: 'ksg2', k: 1 }).value; // 0.08333333333333333 (1/12)
 * ```
 * @throws {SurprisalError} `EMPTY` for no samples, `NAN` (naming the sample) for NaN, null or undefined,
 *   `NOT_FINITE` for ±Infinity in continuous data, `SHAPE_MISMATCH` when x and y differ in length or rows are
 *   ragged, `OUT_OF_RANGE` for fewer than k + 1 samples (or, for ross, no label seen twice), `INVALID_OPTION`
 *   for an unknown method, k, base, resamples, resampling, seed, confidence or jitter, or a confidence with
 *   resamples 0 for a method without a delta-method standard error; `TOO_LARGE` for resamples > 2³².
 */
export function estimateMutualInformation(
  x: SamplesInput,
  y: SamplesInput,
  options: EstimateMutualInformationOptions = {},
): MutualInformationEstimate {
  const fn = 'estimateMutualInformation';
  readKnnOptions(options, fn);
  checkSamples(x, fn, 'x');
  checkSamples(y, fn, 'y');
  const nx = lengthOf(x);
  const ny = lengthOf(y);
  if (nx === 0 || ny === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${nx === 0 ? 'x' : 'y'} has no samples`, {
      argument: nx === 0 ? 'x' : 'y',
    });
  }
  checkSameLength(fn, [nx, ny], ['x', 'y']);
  const numX = isNumeric(x);
  const numY = isNumeric(y);
  let method = options.method;
  if (method === undefined) {
    if (numX && numY) method = 'ksg';
    else if (numX !== numY) {
      method = 'ross';
      if (numX) [x, y] = [y, x];
    } else method = 'plugin';
  }
  checkMethod(method, fn, METHODS);
  const unit = logOfBase(options.base);
  const analytic = method === 'plugin' || method === 'miller-madow';
  const discrete = analytic || DISCRETE.includes(method);
  const resample = readResampler(options, analytic, discrete ? 'bootstrap' : 'half', fn);
  if (discrete) {
    return discreteEstimate(x, y, method as DiscreteMiMethod, options, fn, unit, resample);
  }
  const k = checkK(options.k ?? 3, fn);
  if (method === 'ross') return rossEstimate(x, y, k, options, fn, unit, resample);
  return ksgEstimate(x, y, k, method as 'ksg' | 'ksg2', options, fn, unit, resample);
}

/**
 * Estimates the conditional mutual information I(X; Y | Z) of continuous paired samples by the kNN method of
 * Frenzel & Pompe (2007, PRL 99, 204101), with a resampled standard error.
 *
 * Î = ψ(k) − ⟨ψ(n_xz) + ψ(n_yz) − ψ(n_z)⟩ (NPEET's `cmi`), where rᵢ is the max-norm distance from (x, y, z)ᵢ to its
 * k-th neighbour in the joint space and n_xz = #{j : ‖(x, z)ⱼ − (x, z)ᵢ‖∞ < rᵢ} counts the points strictly
 * inside the radius in the (x, z) subspace, **the point i itself included** (so n_xz = n_xz^FP + 1, Frenzel and
 * Pompe's ψ(n + 1)); n_yz and n_z likewise. NPEET counts ‖·‖ ≤ rᵢ − 10⁻¹⁵ to emulate the strict inequality;
 * this counts < rᵢ exactly, so the two agree unless a distance lies within 10⁻¹⁵ of rᵢ.
 * Not clamped: estimates of a small CMI can be slightly negative (`clampNegative: true` reports max(0, Î)).
 * Zero distances (ties) are handled as in {@link estimateMutualInformation}: kᵢ = z + 1 for a point with z ≥ k
 * duplicates, with ψ(kᵢ) in place of ψ(k). stdError from half-samples, as there (`resamples`, default 100; 0 gives
 * stdError NaN, there being no analytic standard error).
 *
 * @param x - samples of X: numbers, rows or `{ data, shape }`.
 * @param y - samples of Y, paired.
 * @param z - samples of the conditioning variable Z, paired.
 * @example
 * ```ts
 * const x = [0, 1, 3, 6, 10, 15];
 * const y = [0, 2, 1, 5, 4, 9];
 * const z = [1, 0, 2, 2, 5, 4];
 * estimateConditionalMutualInformation(x, y, z, { k: 1 }).value; // 0.28888888888888875
 * ```
 * @throws {SurprisalError} `EMPTY`, `NAN`, `NOT_FINITE` (naming the sample), `SHAPE_MISMATCH` when the lengths
 *   differ, `OUT_OF_RANGE` for fewer than k + 1 samples, `INVALID_OPTION` for a method other than 'ksg' or an
 *   invalid k, base, resamples, resampling, seed, confidence or jitter, or a confidence with resamples 0;
 *   `TOO_LARGE` for resamples > 2³².
 */
export function estimateConditionalMutualInformation(
  x: PointsInput,
  y: PointsInput,
  z: PointsInput,
  options: EstimateConditionalMutualInformationOptions = {},
): MutualInformationEstimate {
  const fn = 'estimateConditionalMutualInformation';
  readKnnOptions(options, fn);
  checkMethod(options.method ?? 'ksg', fn, ['ksg']);
  const k = checkK(options.k ?? 3, fn);
  const unit = logOfBase(options.base);
  const resample = readResampler(options, false, 'half', fn);
  return cmiEstimate(x, y, z, k, options, fn, unit, resample);
}
