/**
 * The interface every distribution family implements, and the parameter checks they share.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import type { Rng } from '../sampling/random.js';

/** A distribution over numbers (continuous or discrete), with PyTorch's and SciPy's methods. */
export interface UnivariateDistribution {
  /** Family name, e.g. 'Normal'. */
  readonly family: string;
  /** Parameters in the constructor's order. */
  readonly params: readonly number[];
  /** Whether the support is the integers (probability mass) rather than the reals (density). */
  readonly discrete: boolean;
  /** log density (or log mass) at x; −Infinity outside the support. */
  logProb(x: number): number;
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** log P(X > x), accurate far in the upper tail where 1 − cdf(x) rounds to 0. */
  logSurvival(x: number): number;
  /** The smallest x with P(X ≤ x) ≥ p, for p in [0, 1]. */
  quantile(p: number): number;
  /** n independent draws. */
  sample(rng: Rng, n?: number): Float64Array;
  /** Differential entropy (continuous) or Shannon entropy (discrete), in nats. */
  entropy(): number;
  readonly mean: number;
  readonly variance: number;
}

/** A distribution over vectors of fixed dimension d (MultivariateNormal, Dirichlet). */
export interface MultivariateDistribution {
  readonly family: string;
  readonly dim: number;
  logProb(x: ArrayLike<number>): number;
  /** n draws, row-major: draw i is data[i·d .. i·d + d). */
  sample(rng: Rng, n?: number): { data: Float64Array; shape: [number, number] };
  entropy(): number;
  readonly mean: Float64Array;
  /** The marginal variances (the covariance diagonal). */
  readonly variance: Float64Array;
}

/** Any distribution of the library. */
export type AnyDistribution = UnivariateDistribution | MultivariateDistribution;

function fail(family: string, name: string, value: unknown, want: string): never {
  throw new SurprisalError('INVALID_PARAMETER', `${family}: ${name} must be ${want}; got ${String(value)}`, {
    argument: name,
    value,
  });
}

/** A finite real parameter. @internal */
export function real(family: string, name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(family, name, v, 'a finite number');
  return v;
}

/** A parameter > 0 (finite). @internal */
export function positive(family: string, name: string, v: number): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(family, name, v, 'a finite number > 0');
  return v;
}

/** A probability in [lo, hi] ⊆ [0, 1]. @internal */
export function probability(family: string, name: string, v: number, lo = 0, hi = 1): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi))
    fail(family, name, v, `a probability in [${lo}, ${hi}]`);
  return v;
}

/** A non-negative integer. @internal */
export function count(family: string, name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(family, name, v, 'a non-negative integer');
  return v;
}

/** Validates a quantile's argument. @internal */
export function checkP(family: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new SurprisalError('OUT_OF_RANGE', `${family}.quantile: p = ${p} is not a probability in [0, 1]`, {
      argument: 'p',
      value: p,
    });
  }
}

/** Validates a sample count. @internal */
export function checkN(family: string, n: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${family}.sample: n must be a non-negative integer; got ${n}`,
      {
        argument: 'n',
        value: n,
      },
    );
  }
  return n;
}

/** Fills n draws from `draw`. @internal */
export function fill(family: string, n: number, draw: () => number): Float64Array {
  const out = new Float64Array(checkN(family, n));
  for (let i = 0; i < out.length; i++) out[i] = draw();
  return out;
}

/**
 * Quantile of a discrete distribution on the integers ≥ lower by search: the smallest k with cdf(k) ≥ p,
 * starting from a guess and stepping. @internal
 */
export function discreteQuantile(
  cdf: (k: number) => number,
  p: number,
  guess: number,
  lower: number,
  upper: number,
): number {
  if (p <= 0) return lower;
  if (p >= 1) return upper;
  let k = Math.min(upper, Math.max(lower, Math.floor(guess)));
  // A relative slack: cdf values are rounded, so accept cdf(k) ≥ p·(1 − 4ε).
  const target = p * (1 - 4 * Number.EPSILON);
  while (k > lower && cdf(k - 1) >= target) k--;
  while (k < upper && cdf(k) < target) k++;
  return k;
}

/** Euler–Mascheroni constant γ (OEIS A001620). */
export const EULER_GAMMA = 0.5772156649015329;
/** ½·log(2π). */
export const HALF_LOG_2PI = 0.9189385332046728;
