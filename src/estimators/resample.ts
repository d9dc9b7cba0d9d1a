/**
 * Resampled standard errors and intervals, shared by the continuous estimators: half-samples (the delete-d
 * jackknife) or the bootstrap.
 * @module
 */
import { allocate, checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { createRng, type Rng } from '../random/random.js';
import type { Seed } from '../random/seed.js';
import { intervalFromBootstrap, intervalFromNormal } from './estimate.js';

/**
 * How the standard error is resampled: `'half'` (default), ⌊n/2⌋ rows drawn without replacement, the delete-d
 * jackknife with d = n/2 (Shao & Wu 1989, Ann. Stat. 17(3), eq. 2.2: v = (r/d)·Var(θ̂ᵣ), r = n − d kept rows),
 * which creates no duplicate rows; or `'bootstrap'`, n rows with replacement (Efron 1979).
 */
export type Resampling = 'half' | 'bootstrap';

/**
 * Reads the `resamples` option (`def` when undefined): 0 (none) or an integer ≥ 2 (1 never), at most 2³² (one
 * array of resampled estimates must be allocatable).
 * @throws {SurprisalError} `INVALID_OPTION` for anything else, `TOO_LARGE` past 2³².
 * @internal
 */
export function readResamples(b: unknown, def: number, fn: string): number {
  if (b === undefined) return def;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b === 1) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: resamples must be 0 or an integer >= 2; got ${describe(b)}`,
      { argument: 'resamples', value: b },
    );
  }
  return checkAllocatable(b, fn, 'resamples');
}

/**
 * Refuses a `confidence` level when nothing gives a standard error (resamples 0 and no analytic one), up front.
 * @throws {SurprisalError} `INVALID_OPTION`.
 * @internal
 */
export function checkConfidenceHasResamples(
  confidence: number | undefined,
  resamples: number,
  fn: string,
): void {
  if (confidence !== undefined && resamples === 0) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: confidence needs a standard error: resamples >= 2 (resamples is 0)`,
      { argument: 'confidence', value: confidence },
    );
  }
}

/** Checks the resampling scheme. @internal */
export function checkResampling(r: unknown, fn: string): Resampling {
  if (r !== 'half' && r !== 'bootstrap') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: resampling must be 'half' or 'bootstrap'; got ${describe(r)}`,
      {
        argument: 'resampling',
        value: r,
      },
    );
  }
  return r;
}

/** Draws one resample of n rows into `rows` (length n for the bootstrap, ⌊n/2⌋ for half-samples). @internal */
export function drawRows(rng: Rng, n: number, scheme: Resampling, rows: Int32Array, perm: Int32Array): void {
  if (scheme === 'bootstrap') {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rng.uniform() * n);
    return;
  }
  // Partial Fisher–Yates shuffle: the first ⌊n/2⌋ places of a uniformly random permutation.
  const h = rows.length;
  for (let i = 0; i < h; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
    rows[i] = perm[i];
  }
}

/** Size of one resample of n rows. @internal */
export function resampleSize(n: number, scheme: Resampling): number {
  return scheme === 'bootstrap' ? n : n >> 1;
}

/** √(r/d): the factor turning the spread of half-sample estimates into a standard error (Shao & Wu 1989). @internal */
export function halfFactor(n: number): number {
  const r = n >> 1;
  return Math.sqrt(r / (n - r));
}

/** B replicates of an estimator on resampled rows, from a xoshiro128** stream seeded by `seed`. @internal */
export function resampleRows(
  n: number,
  b: number,
  seed: Seed,
  scheme: Resampling,
  estimator: (rows: Int32Array) => number,
): Float64Array {
  const rng = createRng(seed);
  const out = allocate(Float64Array, b, 'resample', 'resamples');
  const rows = new Int32Array(resampleSize(n, scheme));
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let r = 0; r < b; r++) {
    drawRows(rng, n, scheme, rows, perm);
    out[r] = estimator(rows);
  }
  return out;
}

/**
 * The resampling summary: the standard deviation of the finite replicates times `factor` (1 for the bootstrap,
 * {@link halfFactor} for half-samples), and when a `confidence` level is given an interval: percentile of the bootstrap replicates, or
 * value ± z·stdError for half-samples (whose estimates centre on the estimator at n/2, not at n).
 */
function summarizeReplicates(
  replicates: Float64Array,
  value: number,
  unit: number,
  scheme: Resampling,
  factor: number,
  confidence: number | undefined,
  fn: string,
): { stdError: number; ci?: [number, number]; used: number } {
  const finite = replicates.filter((v) => Number.isFinite(v));
  const m = finite.length;
  let stdError = Number.NaN;
  if (m >= 2) {
    let mean = 0;
    for (const v of finite) mean += v / m;
    let ss = 0;
    for (const v of finite) ss += (v - mean) ** 2;
    stdError = (factor * Math.sqrt(ss / (m - 1))) / unit;
  }
  if (confidence === undefined) return { stdError, used: m };
  if (m < 2) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: confidence needs at least 2 resampled estimates with a finite value; got ${m}`,
      { argument: 'confidence', value: confidence },
    );
  }
  const interval =
    scheme === 'bootstrap'
      ? intervalFromBootstrap(finite, confidence, unit)
      : intervalFromNormal(value / unit, stdError, confidence);
  return { stdError, ci: interval, used: m };
}

/** The fields of an estimate that resampling fills in. @internal */
export interface ResampledFields {
  stdError: number;
  replicates: number;
  stdErrorMethod: string;
  ci?: [number, number];
}

/**
 * Fills stdError, replicates, stdErrorMethod and ci of an estimate from its replicates ({@link summarizeReplicates});
 * without replicates (resamples: 0) a requested confidence interval is an error. `value` is in nats, `unit` the divisor of the unit.
 * @internal
 */
export function attachResampling(
  out: ResampledFields,
  resampled: { reps: Float64Array; scheme: Resampling } | undefined,
  value: number,
  unit: number,
  factor: number,
  confidence: number | undefined,
  fn: string,
): void {
  if (!resampled) {
    checkConfidenceHasResamples(confidence, 0, fn);
    return;
  }
  const s = summarizeReplicates(resampled.reps, value, unit, resampled.scheme, factor, confidence, fn);
  out.stdError = s.stdError;
  out.replicates = s.used;
  out.stdErrorMethod = resampled.scheme;
  if (s.ci) out.ci = s.ci;
}
