/**
 * The options the mutual information estimators share: reading them, applying them to continuous samples
 * (`standardize`, `jitter`), and turning a value and its resamples into the estimate they ask for
 * (`clampNegative`, `confidence`, the resampling standard error).
 * @module
 */
import { SurprisalError } from '../../core/errors.js';
import { describe, readBooleanOption, readIntegerOption, readOptions } from '../../core/options.js';
import type { Base } from '../../core/units.js';
import { createRng } from '../../random/random.js';
import type { Seed } from '../../random/seed.js';
import { type Estimate, readConfidence } from '../estimate.js';
import type { Points } from '../knn/points.js';
import { readTies, type TiesPolicy } from '../knn/ties.js';
import {
  attachResampling,
  checkConfidenceHasResamples,
  checkResampling,
  halfFactor,
  type Resampling,
  readResamples,
  resampleRows,
} from '../resample.js';

/** Estimators of {@link estimateMutualInformation}. */
export type MutualInformationMethod =
  | 'plugin'
  | 'miller-madow'
  | 'jeffreys'
  | 'laplace'
  | 'schurmann-grassberger'
  | 'minimax'
  | 'shrink'
  | 'ksg'
  | 'ksg2'
  | 'ross';

/** Options shared by the kNN estimators of mutual information. */
export interface KnnMutualInformationOptions {
  /** Neighbour order k (default 3). */
  k?: number;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Resamples of the paired rows for the standard error: 0 or an integer ≥ 2. Given as n > 0, stdError is the
   * resampling's with n resamples, for every method; 0 gives the delta method for `'plugin'` and
   * `'miller-madow'` and stdError NaN (`stdErrorMethod: 'none'`) for the others, which have no analytic one.
   * Default: 0 (the delta method) for `'plugin'` and `'miller-madow'`, 100 for the others.
   */
  resamples?: number;
  /**
   * How to resample: `'half'` (half-samples without replacement; the default for the kNN methods) or
   * `'bootstrap'` (with replacement; the default for the discrete methods); see {@link Resampling}.
   */
  resampling?: Resampling;
  /** Seed of the resampling (default 0; a {@link Seed}: a number or bigint). */
  seed?: Seed;
  /** Level in (0, 1) of a confidence interval to return as `ci` (e.g. 0.95). Default: no interval. */
  confidence?: number;
  /** Divide every continuous column by its standard deviation first (as scikit-learn does). Default false. */
  standardize?: boolean;
  /**
   * Add scale·max(1, mean |column|)·N(0, 1) noise to every continuous value, drawn from `createRng(seed)`
   * (scikit-learn's tie-breaking noise has scale 1e-10). Off by default: the estimate is then deterministic.
   */
  jitter?: { scale?: number; seed?: Seed };
  /** Report max(0, estimate) (and clamp the resampled estimates alike). Default false: the raw estimate. */
  clampNegative?: boolean;
  /**
   * Tied values in continuous samples (k-NN methods): `'dequantize'` (default) spreads each tied coordinate
   * uniformly over the smallest gap between its distinct values, seeded by `seed`; `'atoms'` keeps them as atoms
   * (Gao, Kannan, Oh & Viswanath 2017). See {@link TiesPolicy}. Either way the result's `warnings` say so.
   */
  ties?: TiesPolicy;
  /**
   * Threads for `'ksg'` (algorithm 1) with one-dimensional x and y: the calling thread and worker threads share
   * the points' neighbour searches (Node only; elsewhere, and for the other methods, one thread). An integer in
   * [1, 256], capped at the cores available; default 1. The result is the one-thread result, bit for bit.
   */
  threads?: number;
}

/** A mutual information estimate. */
export interface MutualInformationEstimate extends Estimate {
  method: MutualInformationMethod;
  /** Number of paired samples N. */
  n: number;
  /** Neighbour order (kNN methods). */
  k?: number;
  /** James–Stein shrinkage intensity of the joint table (method `'shrink'`). */
  lambda?: number;
  /** Resampled estimates with a finite value (0 without resampling). */
  replicates: number;
  stdErrorMethod: 'delta' | Resampling | 'none';
  /**
   * What the caller should know about this estimate (ties and how they were treated, rows dropped, points left
   * out); empty when nothing. The CLI prints each as `warning: ...`.
   */
  warnings: string[];
}

const KNN_KEYS = [
  'k',
  'base',
  'resamples',
  'resampling',
  'seed',
  'confidence',
  'standardize',
  'jitter',
  'clampNegative',
  'method',
  'ties',
  'missing',
  'threads',
] as const;

/**
 * Checks the options shared by the mutual information estimators up front: unknown keys, confidence, the booleans
 * and jitter.
 * @internal
 */
export function readKnnOptions(options: KnnMutualInformationOptions | undefined, fn: string): void {
  const o = readOptions(options, fn, KNN_KEYS) as KnnMutualInformationOptions;
  readConfidence(o.confidence, fn);
  readBooleanOption(o.standardize, false, 'standardize', fn);
  readBooleanOption(o.clampNegative, false, 'clampNegative', fn);
  if (o.jitter !== undefined) readOptions(o.jitter, fn, ['scale', 'seed'], 'jitter');
  readTies(o.ties, fn);
  readIntegerOption(o.threads, 1, 1, 256, 'threads', fn);
  // A bad seed is refused even when nothing is resampled (createRng checks it).
  if (o.seed !== undefined) createRng(o.seed);
}

/** Refuses a method outside `allowed`. @internal */
export function checkMethod(method: unknown, fn: string, allowed: readonly string[]): void {
  if (!allowed.includes(method as string)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: method must be one of ${allowed.map((m) => `'${m}'`).join(', ')}; got ${describe(method)}`,
      { argument: 'method', value: method },
    );
  }
}

/** Standardizes and jitters a copy of continuous samples, as the options ask. @internal */
export function preprocess(
  p: Points,
  options: KnnMutualInformationOptions,
  fn: string,
  stream: number,
): Points {
  const { standardize, jitter } = options;
  if (!standardize && !jitter) return p;
  const { n, d } = p;
  const data = Float64Array.from(p.data);
  if (standardize) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += data[i * d + j] / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (data[i * d + j] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      if (sd > 0) for (let i = 0; i < n; i++) data[i * d + j] /= sd;
    }
  }
  if (jitter) {
    const scale = jitter.scale ?? 1e-10;
    if (typeof scale !== 'number' || !(scale >= 0 && Number.isFinite(scale))) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: jitter.scale must be a finite number >= 0; got ${describe(scale)}`,
        {
          argument: 'jitter',
          value: scale,
        },
      );
    }
    // One stream per variable (x, y, z), so adding a variable does not change the noise of the others.
    const rng = createRng(jitter.seed ?? 0);
    for (let s = 0; s < stream; s++) rng.jump();
    for (let j = 0; j < d; j++) {
      let mabs = 0;
      for (let i = 0; i < n; i++) mabs += Math.abs(data[i * d + j]) / n;
      const w = scale * Math.max(1, mabs);
      for (let i = 0; i < n; i++) data[i * d + j] += w * rng.normal();
    }
  }
  return { data, n, d };
}

/** Paired-row resamples of an estimator, or undefined when none are drawn. @internal */
export interface Resampled {
  reps: Float64Array;
  scheme: Resampling;
  n: number;
}

/** Draws the resamples of an estimator over n paired rows (bound to the options' count, seed and scheme). @internal */
export type Resampler = (n: number, estimator: (rows: Int32Array) => number) => Resampled | undefined;

/**
 * The resampler the options ask for: `resamples` resamples (default 0 for a method with an analytic standard
 * error, else 100; 0 draws none) by `resampling` (default `scheme`), seeded by `seed`. Refuses a confidence level
 * that nothing would give a standard error for. @internal
 */
export function readResampler(
  options: KnnMutualInformationOptions,
  analytic: boolean,
  scheme: Resampling,
  fn: string,
): Resampler {
  const b = readResamples(options.resamples, analytic ? 0 : 100, fn);
  const how = checkResampling(options.resampling ?? scheme, fn);
  if (!analytic) checkConfidenceHasResamples(readConfidence(options.confidence, fn), b, fn);
  const seed = options.seed ?? 0;
  return (n, estimator) =>
    b ? { reps: resampleRows(n, b, seed, how, estimator), scheme: how, n } : undefined;
}

/** The estimate of a value in nats (`unit` = log of the base): clamped, interval and resampling attached. @internal */
export function result(
  value: number,
  unit: number,
  resampled: Resampled | undefined,
  options: KnnMutualInformationOptions,
  fn: string,
  info: Pick<MutualInformationEstimate, 'method' | 'n' | 'k' | 'lambda'> & { warnings?: string[] },
): MutualInformationEstimate {
  const clamp = options.clampNegative === true;
  const confidence = readConfidence(options.confidence, fn);
  const out: MutualInformationEstimate = {
    value: (clamp ? Math.max(0, value) : value) / unit,
    stdError: Number.NaN,
    method: info.method,
    n: info.n,
    replicates: 0,
    stdErrorMethod: 'none',
    warnings: info.warnings ?? [],
  };
  if (info.k !== undefined) out.k = info.k;
  if (info.lambda !== undefined) out.lambda = info.lambda;
  if (resampled && clamp)
    for (let r = 0; r < resampled.reps.length; r++) resampled.reps[r] = Math.max(0, resampled.reps[r]);
  const factor = resampled?.scheme === 'half' ? halfFactor(resampled.n) : 1;
  attachResampling(out, resampled, out.value * unit, unit, factor, confidence, fn);
  return out;
}
