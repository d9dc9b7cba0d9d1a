/**
 * Mutual information from samples: plug-in, Miller–Madow and James–Stein for discrete data, KSG for continuous
 * data, Ross for discrete-with-continuous, and conditional mutual information (Frenzel–Pompe).
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readChoiceOption } from '../core/options.js';
import { logOfBase } from '../core/units.js';
import {
  type ColumnType,
  columnTypeOf,
  type MissingPolicy,
  missingError,
  missingIndices,
} from './columnType.js';
import type { Category } from './counts.js';
import { checkK, type PointsInput } from './knn/points.js';
import { cmiPluginEstimate } from './mutualInformation/conditionalPlugin.js';
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
   * Default: by the types of x and y (`inferColumnType`'s rule; rows and `{ data, shape }` are continuous):
   * `'plugin'` for discrete × discrete, `'ross'` (the mixed-pair estimator) for discrete × continuous (the
   * discrete one taken as x), `'ksg'` for continuous × continuous.
   */
  method?: MutualInformationMethod;
  /**
   * Missing values (null, undefined, NaN, empty text, `NA`, ...: see `isMissing`) in 1-D samples: `'error'`
   * (default) names their count and first indices; `'drop'` drops the pairs where x or y is missing and says how
   * many in `warnings`.
   */
  missing?: MissingPolicy;
}

/** Options of {@link estimateConditionalMutualInformation}. */
export interface EstimateConditionalMutualInformationOptions extends KnnMutualInformationOptions {
  /**
   * `'ksg'` (Frenzel & Pompe 2007) or `'plugin'` (discrete samples). Default: `'plugin'` when x, y and z are all
   * discrete by `inferColumnType`'s rule, else `'ksg'`.
   */
  method?: 'ksg' | 'plugin';
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
 * Ties (values repeated exactly in continuous samples, as rounding makes them) are detected per coordinate and
 * reported in `warnings`, never silently: by default (`ties: 'dequantize'`) each tied coordinate is spread
 * uniformly over the smallest gap q between its distinct values (seeded by `seed`), which keeps the population
 * MI and removes the zero distances that inflate KSG (iris petal length × width: 2.06 bits with zero distances,
 * 1.6–1.7 dequantized, scikit-learn's jittered 1.70); `ties: 'atoms'` keeps them as atoms and, where the k-th
 * neighbour distance is 0, uses Gao, Kannan, Oh & Viswanath's (2017, NeurIPS) mixed-pair rule: the term is
 * ψ(m_xy) − ψ(m_x) − ψ(m_y) (+ ψ(N)) with m the numbers of points equal to the point in each space, itself
 * included (as the authors' code, github.com/wgao9/mixed_KSG). `'ross'` is that estimator with the discrete
 * variable under the 0/∞ metric (neighbours sought within the point's label), which is Ross's when y has no
 * ties. Duplicates created by bootstrap resampling (not the default scheme) use kᵢ = z + 1, the first
 * neighbour at a positive distance.
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
  const warnings: string[] = [];
  [x, y] = dropMissing(
    x,
    y,
    readChoiceOption(options.missing, 'error', ['error', 'drop'], 'missing', fn),
    fn,
    warnings,
  );
  let method = options.method;
  if (method === undefined) {
    const tx = samplesType(x, fn, 'x');
    const ty = samplesType(y, fn, 'y');
    if (tx === 'continuous' && ty === 'continuous') method = 'ksg';
    else if (tx !== ty) {
      method = 'ross';
      if (tx === 'continuous') [x, y] = [y, x];
    } else method = 'plugin';
  }
  checkMethod(method, fn, METHODS);
  const unit = logOfBase(options.base);
  const analytic = method === 'plugin' || method === 'miller-madow';
  const discrete = analytic || DISCRETE.includes(method);
  const resample = readResampler(options, analytic, discrete ? 'bootstrap' : 'half', fn);
  if (discrete) {
    const out = discreteEstimate(x, y, method as DiscreteMiMethod, options, fn, unit, resample);
    out.warnings = warnings;
    return out;
  }
  const k = checkK(options.k ?? 3, fn);
  if (method === 'ross') return rossEstimate(x, y, k, options, fn, unit, resample, warnings);
  return ksgEstimate(x, y, k, method as 'ksg' | 'ksg2', options, fn, unit, resample, warnings);
}

/** The type of one variable's samples: rows and `{ data, shape }` continuous, 1-D arrays by `inferColumnType`'s rule. */
function samplesType(x: SamplesInput, fn: string, name: string): ColumnType {
  if (!isNumeric(x)) return 'discrete';
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) return 'continuous';
  const a = x as ArrayLike<unknown>;
  if (a.length > 0 && typeof a[0] === 'object' && a[0] !== null) return 'continuous';
  return columnTypeOf(a, { type: 'auto', maxLevels: 20, missing: 'drop' }, fn, name);
}

/** True for 1-D samples (an array or typed array of values), false for rows and `{ data, shape }`. */
function isFlat(x: SamplesInput): x is ArrayLike<unknown> & SamplesInput {
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) return false;
  const a = x as ArrayLike<unknown>;
  return !(a.length > 0 && typeof a[0] === 'object' && a[0] !== null);
}

/** The samples of the kept pairs: arrays and rows by index, `{ data, shape }` by row. */
function pickPairs(v: SamplesInput, keep: readonly number[]): SamplesInput {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = v as ArrayLike<Category>;
    return keep.map((i) => a[i]);
  }
  const t = v as { data: ArrayLike<number>; shape?: readonly number[]; dims?: readonly number[] };
  const shape = t.shape ?? t.dims ?? [keep.length];
  const d = shape.length > 1 ? shape[1] : 1;
  const data = new Float64Array(keep.length * d);
  keep.forEach((i, r) => {
    for (let c = 0; c < d; c++) data[r * d + c] = t.data[i * d + c];
  });
  return { data, shape: [keep.length, d] };
}

/**
 * Applies the missing-value policy to paired 1-D samples: under `'error'`, an error naming the count and first
 * indices; under `'drop'`, the pairs with a missing value removed (a warning says how many).
 */
function dropMissing(
  x: SamplesInput,
  y: SamplesInput,
  policy: MissingPolicy,
  fn: string,
  warnings: string[],
): [SamplesInput, SamplesInput] {
  const flat = [x, y].map(isFlat);
  const lost = [x, y].map((v, j) => (flat[j] ? missingIndices(v as ArrayLike<unknown>) : []));
  if (lost[0].length === 0 && lost[1].length === 0) return [x, y];
  if (policy === 'error') {
    const j = lost[0].length > 0 ? 0 : 1;
    throw missingError(lost[j], lengthOf(j === 0 ? x : y), fn, j === 0 ? 'x' : 'y');
  }
  const n = lengthOf(x);
  const drop = new Uint8Array(n);
  for (const l of lost) for (const i of l) drop[i] = 1;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!drop[i]) keep.push(i);
  if (keep.length === 0)
    throw new SurprisalError('EMPTY', `${fn}: every pair has a missing value; nothing is left`, {
      argument: 'x',
    });
  warnings.push(
    `dropped ${n - keep.length} of ${n} pairs with a missing value (x: ${lost[0].length}, y: ${lost[1].length})`,
  );
  return [pickPairs(x, keep), pickPairs(y, keep)];
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
 * Ties are handled as in {@link estimateMutualInformation} (`ties`: `'dequantize'` by default, or `'atoms'`:
 * ψ(m_xyz) − ψ(m_xz) − ψ(m_yz) + ψ(m_z) for a point with ≥ k duplicates), and reported in `warnings`. stdError from half-samples, as there (`resamples`, default 100; 0 gives
 * stdError NaN, there being no analytic standard error).
 *
 * Discrete x, y and z (values of any kind; the default when all three are discrete by `inferColumnType`'s rule):
 * `'plugin'`, Σ p̂_xyz log(p̂_xyz p̂_z / (p̂_xz p̂_yz)) = Ĥ(X, Z) + Ĥ(Y, Z) − Ĥ(X, Y, Z) − Ĥ(Z), with the
 * delta-method stdError √((Σ p̂ log²(·) − Î²)/N) (or bootstrap resamples when asked).
 *
 * @param x - samples of X: numbers, rows or `{ data, shape }` (any values for `'plugin'`).
 * @param y - samples of Y, paired.
 * @param z - samples of the conditioning variable Z, paired.
 * @example
 * ```ts
 * const x = [0, 1, 3, 6, 10, 15];
 * const y = [0, 2, 1, 5, 4, 9];
 * const z = [1, 0, 2, 3.5, 5, 4];
 * estimateConditionalMutualInformation(x, y, z, { k: 1 }).value; // 0.23333333333333325
 * estimateConditionalMutualInformation([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 0]).value; // 0.6931471805599453 (XOR: ln 2)
 * ```
 * @throws {SurprisalError} `EMPTY`, `NAN`, `NOT_FINITE` (naming the sample), `SHAPE_MISMATCH` when the lengths
 *   differ, `OUT_OF_RANGE` for fewer than k + 1 samples, `INVALID_OPTION` for a method other than 'ksg' or an
 *   invalid k, base, resamples, resampling, seed, confidence or jitter, or a confidence with resamples 0;
 *   `TOO_LARGE` for resamples > 2³².
 */
export function estimateConditionalMutualInformation(
  x: SamplesInput,
  y: SamplesInput,
  z: SamplesInput,
  options: EstimateConditionalMutualInformationOptions = {},
): MutualInformationEstimate {
  const fn = 'estimateConditionalMutualInformation';
  readKnnOptions(options, fn);
  checkSamples(x, fn, 'x');
  checkSamples(y, fn, 'y');
  checkSamples(z, fn, 'z');
  // A bad k is refused whatever the method, as a bad seed is.
  if (options.k !== undefined) checkK(options.k, fn);
  const method =
    options.method ??
    ([x, y, z].every((v, j) => samplesType(v, fn, ['x', 'y', 'z'][j]) === 'discrete') ? 'plugin' : 'ksg');
  checkMethod(method, fn, ['ksg', 'plugin']);
  const unit = logOfBase(options.base);
  if (method === 'plugin') {
    const resample = readResampler(options, true, 'bootstrap', fn);
    return cmiPluginEstimate(x, y, z, options, fn, unit, resample, []);
  }
  const k = checkK(options.k ?? 3, fn);
  const resample = readResampler(options, false, 'half', fn);
  return cmiEstimate(x as PointsInput, y as PointsInput, z as PointsInput, k, options, fn, unit, resample);
}
