/**
 * The measures' fast path over long vectors: probabilities given as a Float64Array or Float32Array of at
 * least VECTOR_MIN entries, with the default checks (`from: 'probs'`, no `normalize`, a valid `tolerance`),
 * go to the kernels of src/kernels/c/vector.c, which validate and sum in one pass with a float64 SIMD log and
 * exp (src/kernels/operations/vector.ts). Anything else, and any input the kernels flag (an entry that is not
 * a probability, a sum not clearly within the tolerance, a case the float64 path treats apart), returns
 * undefined: the caller then takes its TypeScript path, which throws the documented error or computes the
 * case, so every error and every edge case is the TypeScript path's.
 * @module
 */
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { unitLog } from '../core/units.js';
import { VECTOR_MIN } from '../core/vectorKernels.js';
import {
  type FloatVector,
  PAIR_CROSS,
  PAIR_JS,
  PAIR_KL,
  vectorEntropy,
  vectorExpm1Sum,
  vectorIntPowSum,
  vectorLogPowSum,
  vectorPair,
  vectorProbStats,
} from '../kernels/operations/vector.js';
import '../kernels/operations/vectorCore.js';
import { isTooLarge, readThreads } from '../kernels/options.js';
import { kernelRuntime, type Runtime } from '../kernels/runtime.js';
import type { MeasureOptions, ThreadsOption } from './entropy.js';

/** The option keys of the measures with a fast path over long vectors: those of every measure and `threads`. @internal */
export const VECTOR_KEYS: readonly string[] = [...MEASURE_KEYS, 'threads'];

/** The `threads` option of such a measure, checked (an integer in [1, 256], default 1). @internal */
export function readVectorThreads(options: unknown, fn: string): number {
  return readThreads((options as ThreadsOption | undefined)?.threads, fn);
}

/** Default tolerance on |Σp − 1| (core/probabilities.ts). */
const DEFAULT_TOLERANCE = 1e-6;

/**
 * How far inside the tolerance a kernel's Σp must be: the kernels check plain two-lane sums (at most about
 * 2e-12 off per chunk, compensated across chunks), the TypeScript path a compensated one; nearer the edge the
 * TypeScript path decides.
 */
const SUM_MARGIN = 1e-10;

/** The tolerance of options that the fast path takes (default checks, probabilities), else undefined. */
function plainTolerance(options: MeasureOptions | undefined): number | undefined {
  if (options === undefined) return DEFAULT_TOLERANCE;
  const from: unknown = options.from;
  const probs =
    from === undefined ||
    from === 'probs' ||
    (Array.isArray(from) && from.length === 2 && from[0] === 'probs' && from[1] === 'probs');
  if (!probs || (options.normalize !== undefined && options.normalize !== false)) return undefined;
  const tol: unknown = options.tolerance ?? DEFAULT_TOLERANCE;
  return typeof tol === 'number' && tol >= 0 && Number.isFinite(tol) ? tol : undefined;
}

const isVector = (x: unknown): x is FloatVector =>
  (x instanceof Float64Array || x instanceof Float32Array) && x.length >= VECTOR_MIN;

/** The kernels' runtime and the tolerance for a call whose inputs the fast path takes, else undefined. */
function route(
  xs: unknown[],
  options: (MeasureOptions & ThreadsOption) | undefined,
): { rt: Runtime; tol: number; threads: number } | undefined {
  if (!xs.every(isVector)) return undefined;
  const first = xs[0] as FloatVector;
  if (!xs.every((x) => (x as FloatVector).length === first.length && x instanceof first.constructor))
    return undefined;
  const tol = plainTolerance(options);
  if (tol === undefined) return undefined;
  const rt = kernelRuntime();
  return rt ? { rt, tol, threads: options?.threads ?? 1 } : undefined;
}

/** f's result, or undefined where kernel memory cannot hold the chunks (the TypeScript path then serves). */
function unlessTooLarge<T>(f: () => T | undefined): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isTooLarge(e)) return undefined;
    throw e;
  }
}

const normalised = (sum: number, tol: number): boolean => Math.abs(sum - 1) <= tol - SUM_MARGIN;

/** H(p) in nats (before the clamp at 0) by the kernels, or undefined for the TypeScript path. @internal */
export function entropyFast(p: ArrayLike<number>, options: MeasureOptions | undefined): number | undefined {
  const r = route([p], options);
  if (!r) return undefined;
  const s = unlessTooLarge(() => vectorEntropy(r.rt, p as FloatVector, r.threads));
  return s === undefined || s.bad || !normalised(s.sum, r.tol) ? undefined : s.h;
}

/** Which measure of two distributions {@link pairFast} computes. @internal */
export type PairMeasure = 'cross' | 'kl' | 'js';

const KIND: Record<PairMeasure, number> = { cross: PAIR_CROSS, kl: PAIR_KL, js: PAIR_JS };

/**
 * The sum of the measure's terms in nats (Σ −p·log q; Σ klTermOfProbs(p, q); Σ of both JS terms, before the
 * halving), +Infinity where a term is, by the kernels; undefined for the TypeScript path. @internal
 */
export function pairFast(
  measure: PairMeasure,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: MeasureOptions | undefined,
): number | undefined {
  const r = route([p, q], options);
  if (!r) return undefined;
  const s = unlessTooLarge(() =>
    vectorPair(r.rt, p as FloatVector, q as FloatVector, KIND[measure], r.threads),
  );
  if (s === undefined || s.bad || s.rare || !normalised(s.sumP, r.tol) || !normalised(s.sumQ, r.tol))
    return undefined;
  return s.inf ? Number.POSITIVE_INFINITY : s.total;
}

/**
 * The Rényi entropy of order α ≠ 1 (entropy's path) in nats, before the clamp at 0, by the kernels as the
 * TypeScript path computes it: −log Σp² for α = 2, −log1p(Σ p·expm1(δ log p) / Σp)/δ for |δ| = |α − 1| < ½,
 * else logSumExp(α·log p)/(1 − α) (for integer α from 3 to 28, log Σp^α with p^α by products); α = 0 and ∞
 * from the kernels' counts and maximum.
 * Undefined for the TypeScript path. @internal
 */
export function renyiFast(
  p: ArrayLike<number>,
  alpha: number,
  options: MeasureOptions | undefined,
): number | undefined {
  const r = route([p], options);
  if (!r) return undefined;
  const v = p as FloatVector;
  if (alpha === 2) {
    // −log Σp², as collisionEntropy in renyiEntropy.ts (Σp² compensated).
    const s = unlessTooLarge(() => vectorIntPowSum(r.rt, v, 2, r.threads));
    return s === undefined || s.bad || !normalised(s.sum, r.tol) ? undefined : -Math.log(s.powSum);
  }
  if (
    (Number.isInteger(alpha) && alpha >= 3 && alpha <= 28) ||
    (Number.isInteger(alpha - 0.5) && alpha <= 28.5)
  ) {
    // Integer orders by products in one pass: Σp^α directly, as NumPy's p**3; half-integer orders as p^k·√p
    // (NumPy's p**0.5 is its square root). Input that passes the checks has pmax ≥ 1/n > 2⁻³² (so
    // pmax^α > 2⁻⁹¹² for α ≤ 28.5): the terms that underflow are below 2⁻¹²⁶ of the largest. Each term is
    // within (α + 2)·2⁻⁵³ relative, so log Σp^α within about 3.4e-15 absolute: where |log Σp^α| < 0.01 (nearly
    // all the mass on one entry) that could exceed 3e-13 of the result, and the exp/log path below, relative
    // to pmax, takes the case.
    const s = unlessTooLarge(() => vectorIntPowSum(r.rt, v, alpha, r.threads));
    if (s === undefined || s.bad || !normalised(s.sum, r.tol)) return undefined;
    const log = Math.log(s.powSum);
    if (Math.abs(log) >= 0.01) return log / (1 - alpha);
  }
  return unlessTooLarge(() => {
    const delta = alpha - 1;
    if (alpha === 0 || alpha === Number.POSITIVE_INFINITY) {
      const s = vectorProbStats(r.rt, v, r.threads);
      if (s.bad || !normalised(s.sum, r.tol)) return undefined;
      return alpha === 0 ? Math.log(s.count) : -Math.log(s.max);
    }
    // One pass each: the terms, Σp and the signs together.
    if (Math.abs(delta) < 0.5) {
      const s = vectorExpm1Sum(r.rt, v, delta, r.threads);
      return s.bad || !normalised(s.sum, r.tol) ? undefined : -Math.log1p(s.total / s.sum) / delta;
    }
    const s = vectorLogPowSum(r.rt, v, alpha, r.threads);
    return s.bad || !normalised(s.sum, r.tol) || s.log === undefined ? undefined : s.log / (1 - alpha);
  });
}

/**
 * {@link pairFast} as a measure's entry point opens: the options read and the unit taken first (as readPair
 * does, so their errors come first), then the kernels. Returns the terms' sum in nats and ln of the unit's
 * base, or undefined for the TypeScript path. @internal
 */
export function pairFastIn(
  measure: PairMeasure,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: MeasureOptions | undefined,
  fn: string,
): { total: number; k: number } | undefined {
  readOptions(options, fn, VECTOR_KEYS);
  const k = unitLog(options?.base, fn);
  readVectorThreads(options, fn);
  const total = pairFast(measure, p, q, options);
  return total === undefined ? undefined : { total, k };
}
