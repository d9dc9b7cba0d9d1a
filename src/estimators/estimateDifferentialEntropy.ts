/**
 * Differential entropy from samples: SciPy's m-spacing estimators and the Kozachenko–Leonenko kNN estimator.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { type Base, logOfBase } from '../core/units.js';
import { createRng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { digamma } from '../special/digamma.js';
import { gammaln } from '../special/gammaln.js';
import { type Estimate, readConfidence } from './estimate.js';
import { treeOf } from './knn/kdTree.js';
import { forEachNeighbourhood } from './knn/neighbourhoods.js';
import { checkK, identicalRows, type Points, type PointsInput, pickRows, readPoints } from './knn/points.js';
import { type Norm, readNorm } from './knn/queries.js';
import { handleTies, readTies, type TiesPolicy } from './knn/ties.js';
import {
  attachResampling,
  checkConfidenceHasResamples,
  checkResampling,
  halfFactor,
  type Resampling,
  readResamples,
  resampleRows,
} from './resample.js';

/** Estimators of {@link estimateDifferentialEntropy}. */
export type DifferentialEntropyMethod = 'auto' | 'vasicek' | 'van es' | 'ebrahimi' | 'correa' | 'knn';

/** Options of {@link estimateDifferentialEntropy}. */
export interface EstimateDifferentialEntropyOptions {
  /** Default `'auto'` for 1-D samples, `'knn'` for multivariate ones. */
  method?: DifferentialEntropyMethod;
  /** Unit of the result (default nats). */
  base?: Base;
  /** Spacing m of the spacing methods: 2 ≤ 2m < n. Default floor(√n + 0.5), as SciPy. */
  windowLength?: number;
  /** Neighbour order k of `'knn'` (default 3). */
  k?: number;
  /** Norm of `'knn'`: `'euclidean'` (default; unit-ball volume π^{d/2}/Γ(d/2 + 1)) or `'max'` (volume 2^d). */
  norm?: Norm;
  /**
   * Resamples for the standard error: 0 or an integer ≥ 2 (default 100). No method has an analytic standard
   * error, so 0 gives stdError NaN (`stdErrorMethod: 'none'`).
   */
  resamples?: number;
  /** How to resample: `'half'` (default: half-samples without replacement) or `'bootstrap'` (with replacement); see {@link Resampling}. */
  resampling?: Resampling;
  /** Seed of the resampling (default 0; a {@link Seed}: a number or bigint). */
  seed?: Seed;
  /** Level in (0, 1) of a confidence interval to return as `ci` (e.g. 0.95; needs resamples). Default: no interval. */
  confidence?: number;
  /**
   * Tied samples: `'dequantize'` (default) spreads each tied coordinate uniformly over the smallest gap between
   * its distinct values (seeded by `seed`), `'atoms'` keeps them (see {@link TiesPolicy}); `warnings` says which.
   */
  ties?: TiesPolicy;
}

/** A differential entropy estimate. */
export interface DifferentialEntropyEstimate extends Estimate {
  /** The method used (`'auto'` resolved to the one it picked). */
  method: Exclude<DifferentialEntropyMethod, 'auto'>;
  /** Sample size n. */
  n: number;
  /** Dimension d. */
  d: number;
  /** Window m (spacing methods). */
  windowLength?: number;
  /** Neighbour order k (`'knn'`). */
  k?: number;
  /** Resampled estimates with a finite value (others, e.g. −Infinity from bootstrap ties, are left out). */
  replicates: number;
  stdErrorMethod: Resampling | 'none';
  /** Ties found and how they were treated; empty when none. The CLI prints each as `warning: ...`. */
  warnings: string[];
}

const METHODS: readonly DifferentialEntropyMethod[] = [
  'auto',
  'vasicek',
  'van es',
  'ebrahimi',
  'correa',
  'knn',
];

// ---------------------------------------------------------------------------------------------------------
// Spacing estimators on sorted data (SciPy 1.10 `scipy.stats._entropy`, after Noughabi 2015).

/** X₍ᵢ₎ with the index clamped into [0, n − 1] (SciPy's padding with the first and last order statistics). */
function at(x: Float64Array, i: number): number {
  return x[i < 0 ? 0 : i >= x.length ? x.length - 1 : i];
}

function vasicek(x: Float64Array, m: number): number {
  const n = x.length;
  const acc = new Accumulator();
  const c = n / (2 * m);
  for (let i = 0; i < n; i++) acc.add(Math.log(c * (at(x, i + m) - at(x, i - m))));
  return acc.value() / n;
}

function vanEs(x: Float64Array, m: number): number {
  const n = x.length;
  const acc = new Accumulator();
  const c = (n + 1) / m;
  for (let i = 0; i < n - m; i++) acc.add(Math.log(c * (x[i + m] - x[i])));
  const harmonic = new Accumulator();
  for (let k = n; k >= m; k--) harmonic.add(1 / k);
  return (1 / (n - m)) * acc.value() + harmonic.value() + Math.log(m) - Math.log(n + 1);
}

function ebrahimi(x: Float64Array, m: number): number {
  const n = x.length;
  const acc = new Accumulator();
  for (let i = 1; i <= n; i++) {
    const ci = i >= n - m + 1 ? 1 + (n - i) / m : i <= m ? 1 + (i - 1) / m : 2;
    const diff = at(x, i - 1 + m) - at(x, i - 1 - m);
    acc.add(Math.log((n * diff) / (ci * m)));
  }
  return acc.value() / n;
}

function correa(x: Float64Array, m: number): number {
  const n = x.length;
  const acc = new Accumulator();
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i - m; j <= i + m; j++) s += at(x, j);
    const mean = s / (2 * m + 1);
    let num = 0;
    let den = 0;
    for (let j = i - m; j <= i + m; j++) {
      const z = at(x, j) - mean;
      num += z * (j - i);
      den += z * z;
    }
    acc.add(Math.log(num / (n * den)));
  }
  return -acc.value() / n;
}

function spacing(
  method: 'vasicek' | 'van es' | 'ebrahimi' | 'correa',
  values: Float64Array,
  m: number,
): number {
  const x = Float64Array.from(values).sort();
  if (method === 'vasicek') return vasicek(x, m);
  if (method === 'van es') return vanEs(x, m);
  if (method === 'ebrahimi') return ebrahimi(x, m);
  return correa(x, m);
}

// ---------------------------------------------------------------------------------------------------------
// Kozachenko–Leonenko.

/** log of the volume of the unit ball: π^{d/2}/Γ(d/2 + 1) (Euclidean) or 2^d (max-norm). */
function logUnitBall(d: number, norm: Norm): number {
  return norm === 'max' ? d * Math.LN2 : (d / 2) * Math.log(Math.PI) - gammaln(d / 2 + 1);
}

/** Kozachenko–Leonenko in nats: ψ(n) + log V_d + (1/n) Σᵢ [d log εᵢ − ψ(kᵢ)]. */
function knnEntropy(points: Points, k: number, norm: Norm): number {
  const { n, d } = points;
  const groups = identicalRows(points);
  const acc = new Accumulator();
  // Every point of a group has the same neighbourhood (its duplicates sit at distance 0).
  forEachNeighbourhood(groups, treeOf(points, norm), k, (g, _i, ki, radius) => {
    acc.add(groups.size[g] * (d * Math.log(radius) - digamma(ki)));
  });
  return digamma(n) + logUnitBall(d, norm) + acc.value() / n;
}

// ---------------------------------------------------------------------------------------------------------

function checkSpacingWindow(n: number, m: number, given: boolean, fn: string): void {
  if (given && (typeof m !== 'number' || !Number.isInteger(m))) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: windowLength must be an integer; got ${describe(m)}`, {
      argument: 'windowLength',
      value: m,
    });
  }
  if (!(2 <= 2 * m && 2 * m < n)) {
    if (given) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: windowLength must satisfy 2 <= 2m < n = ${n}; got m = ${m}`,
        { argument: 'windowLength', value: m },
      );
    }
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${fn}: the spacing methods need n >= 5 samples (2 <= 2m < n with m = floor(sqrt(n) + 0.5)); got n = ${n}`,
      { argument: 'samples', value: n },
    );
  }
}

/**
 * Estimates the differential entropy h(X) = −∫ f log f of a continuous distribution from samples, with a
 * resampled standard error.
 *
 * Spacing estimators of 1-D samples, exactly as SciPy ≥ 1.10 `scipy.stats.differential_entropy` (formulas as
 * Noughabi 2015, "Entropy estimation using numerical methods", Ann. Data Sci. 2(2)); X₍ᵢ₎ are the sorted samples,
 * with indices below 1 or above n clamped to X₍₁₎ / X₍ₙ₎, and m the window:
 * - `'vasicek'` (Vasicek 1976, JRSS B 38(1)): (1/n) Σᵢ log[n/(2m) (X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎)].
 * - `'van es'` (van Es 1992, Scand. J. Stat. 19): 1/(n − m) Σ_{i ≤ n−m} log[(n + 1)/m (X₍ᵢ₊ₘ₎ − X₍ᵢ₎)]
 *   + Σ_{k=m}^{n} 1/k + log m − log(n + 1).
 * - `'ebrahimi'` (Ebrahimi, Pflughoeft & Soofi 1994, Stat. Probab. Lett. 20(3)): (1/n) Σᵢ log[n (X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎)
 *   / (cᵢ m)], cᵢ = 1 + (i − 1)/m for i ≤ m, 1 + (n − i)/m for i ≥ n − m + 1, else 2.
 * - `'correa'` (Correa 1995, Commun. Stat. Theory Methods 24(10)): −(1/n) Σᵢ log[Σⱼ (X₍ⱼ₎ − X̄ᵢ)(j − i)
 *   / (n Σⱼ (X₍ⱼ₎ − X̄ᵢ)²)], j from i − m to i + m, X̄ᵢ the mean of those 2m + 1 order statistics.
 * - `'auto'` (default for 1-D): van es for n ≤ 10, ebrahimi for n ≤ 1000, vasicek above (SciPy's rule);
 *   giving `k` or `norm` picks `'knn'` instead (an option of another method is an error, never ignored).
 *
 * Window m = floor(√n + 0.5) unless given; 2 ≤ 2m < n. Tied samples would make a spacing 0 and the estimate
 * −Infinity (as in SciPy): by default (`ties: 'dequantize'`) each tied coordinate is taken as rounded to a grid
 * of step q (the smallest gap between distinct values) and spread uniformly over ±q/2 (seeded by `seed`), which
 * estimates the entropy of the underlying continuous variable, and `warnings` says so; `ties: 'atoms'` keeps
 * them (SciPy's −Infinity for spacings; for knn the rule below).
 *
 * `'knn'` (default for multivariate samples): Kozachenko & Leonenko (1987, Probl. Inf. Transm. 23(2)), in the
 * form of Kraskov, Stögbauer & Grassberger (2004, PRE 69, 066138, eq. 20):
 * ĥ = ψ(n) − ψ(k) + log V_d + (d/n) Σᵢ log εᵢ, where εᵢ is the distance from xᵢ to its k-th nearest neighbour
 * and V_d the volume of the unit ball: π^{d/2}/Γ(d/2 + 1) for the Euclidean norm (default), 2^d for `'max'`.
 * Zero distances (under `ties: 'atoms'`, or from bootstrap resampling): a sample with z ≥ k exact duplicates would have εᵢ = 0; it uses kᵢ = z + 1 (its first
 * neighbour at a positive distance) and ψ(kᵢ) in place of ψ(k), the point-wise form of the estimator. Only when
 * all samples are identical is the result −Infinity (a point mass).
 *
 * `stdError` comes from seeded resampling of the rows with the same method and k (`resamples`, default 100; 0
 * gives stdError NaN, there being no analytic standard error). By default half-samples: ⌊n/2⌋ rows without replacement, stdError = √(r/d)·sd of their estimates (the
 * delete-d jackknife with d = n/2, Shao & Wu 1989), the window being the default one for n/2 unless given.
 * `resampling: 'bootstrap'` resamples n rows with replacement instead (Efron 1979); we measured it to overstate
 * the standard error of the kNN estimators 1.6–2.9× (the duplicates it creates look like very close
 * neighbours), and to understate that of the spacing estimators by ~20%, while half-samples came within ~10%.
 * Resampled estimates that are not finite (ties make a spacing 0) are left out, and `replicates` counts the rest.
 * `confidence` gives `ci`: value ± z·stdError for half-samples, the percentile interval for the bootstrap.
 *
 * @param samples - 1-D samples, rows (`number[][]`) or `{ data, shape: [n, d] }`.
 * @example
 * ```ts
 * const x = [1, 2, 4, 7, 11, 16, 22, 29, 37, 46]; // scipy.stats.differential_entropy, m = 3
 * estimateDifferentialEntropy(x).value; // 4.042523814457113
 * estimateDifferentialEntropy(x, { method: 'vasicek' }).value; // 3.554567878580761
 * estimateDifferentialEntropy(x, { method: 'ebrahimi' }).value; // 3.810754647673174
 * estimateDifferentialEntropy(x, { method: 'correa' }).value; // 3.6753614861145167
 * estimateDifferentialEntropy([0, 1, 3, 6, 10], { method: 'knn', k: 1 }).value; // 3.4120912799628673
 * ```
 * @throws {SurprisalError} `EMPTY` for no samples, `NAN` / `NOT_FINITE` naming the sample, `SHAPE_MISMATCH` for
 *   ragged rows or a bad shape, `OUT_OF_RANGE` for too few samples (spacing methods: n < 5 with the default
 *   window; knn: n < k + 1), `INVALID_OPTION` for an unknown method, a spacing method on multivariate samples, or
 *   an invalid k, windowLength, norm, base, resamples, resampling, seed, confidence or ties, or a confidence with
 *   resamples 0; `TOO_LARGE` for resamples > 2³².
 */
export function estimateDifferentialEntropy(
  samples: PointsInput,
  options: EstimateDifferentialEntropyOptions = {},
): DifferentialEntropyEstimate {
  const fn = 'estimateDifferentialEntropy';
  readOptions(options, fn, [
    'method',
    'base',
    'windowLength',
    'k',
    'norm',
    'resamples',
    'resampling',
    'seed',
    'confidence',
    'ties',
  ]);
  const ties = readTies(options.ties, fn);
  const confidence = readConfidence(options.confidence, fn);
  if (options.seed !== undefined) createRng(options.seed);
  // k is used by 'knn' only, but a bad k is refused whatever the method, as a bad seed is.
  if (options.k !== undefined) checkK(options.k, fn);
  const warnings: string[] = [];
  const points = handleTies(
    readPoints(samples, fn, 'samples'),
    ties,
    options.seed ?? 0,
    0,
    'samples',
    warnings,
  );
  const { n, d } = points;
  // Giving k or norm asks for the kNN estimator: under 'auto' they pick it rather than being ignored.
  const knnOptions = options.k !== undefined || options.norm !== undefined;
  const requested = options.method ?? (d === 1 && !knnOptions ? 'auto' : 'knn');
  if (!METHODS.includes(requested)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}; got ${describe(requested)}`,
      { argument: 'method', value: requested },
    );
  }
  if (requested === 'knn' ? options.windowLength !== undefined : knnOptions) {
    const which = requested === 'knn' ? 'windowLength' : options.k !== undefined ? 'k' : 'norm';
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: ${which} does not apply to method '${requested}' (k and norm are for 'knn', windowLength for the spacing methods)`,
      { argument: which, value: (options as Record<string, unknown>)[which] },
    );
  }
  const unit = logOfBase(options.base);
  const b = readResamples(options.resamples, 100, fn);
  checkConfidenceHasResamples(confidence, b, fn);
  const scheme = checkResampling(options.resampling ?? 'half', fn);
  const seed = options.seed ?? 0;
  const resample = (estimator: (rows: Int32Array) => number) =>
    b ? { reps: resampleRows(n, b, seed, scheme, estimator), scheme, n } : undefined;

  if (requested === 'knn') {
    const k = checkK(options.k ?? 3, fn);
    const norm = readNorm(options.norm, 'euclidean', fn);
    if (n < k + 1) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: knn with k = ${k} needs at least ${k + 1} samples; got ${n}`,
        {
          argument: 'samples',
          value: n,
        },
      );
    }
    const value = knnEntropy(points, k, norm);
    const reps = resample((rows) =>
      rows.length < k + 1 ? Number.NaN : knnEntropy(pickRows(points, rows), k, norm),
    );
    return finish(value, unit, reps, confidence, fn, { method: 'knn', n, d, k, warnings });
  }

  if (d !== 1) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method '${requested}' takes 1-D samples; these have dimension ${d} (use method 'knn')`,
      { argument: 'method', value: requested },
    );
  }
  const given = options.windowLength !== undefined;
  const m = given ? (options.windowLength as number) : Math.floor(Math.sqrt(n) + 0.5);
  checkSpacingWindow(n, m, given, fn);
  const method = requested === 'auto' ? (n <= 10 ? 'van es' : n <= 1000 ? 'ebrahimi' : 'vasicek') : requested;
  const x = points.data;
  const value = spacing(method, x, m);
  const reps = resample((rows) => {
    const h = rows.length;
    const mh = given ? m : Math.floor(Math.sqrt(h) + 0.5);
    if (!(2 <= 2 * mh && 2 * mh < h)) return Number.NaN;
    const y = new Float64Array(h);
    for (let i = 0; i < h; i++) y[i] = x[rows[i]];
    return spacing(method, y, mh);
  });
  return finish(value, unit, reps, confidence, fn, { method, n, d, windowLength: m, warnings });
}

function finish(
  value: number,
  unit: number,
  resampled: { reps: Float64Array; scheme: Resampling; n: number } | undefined,
  confidence: number | undefined,
  fn: string,
  info: Pick<DifferentialEntropyEstimate, 'method' | 'n' | 'd' | 'k' | 'windowLength' | 'warnings'>,
): DifferentialEntropyEstimate {
  const result: DifferentialEntropyEstimate = {
    value: value / unit,
    stdError: Number.NaN,
    ...info,
    replicates: 0,
    stdErrorMethod: 'none',
  };
  const factor = resampled?.scheme === 'half' ? halfFactor(resampled.n) : 1;
  attachResampling(result, resampled, value, unit, factor, confidence, fn);
  return result;
}
