/**
 * The interface every distribution family implements, and the parameter checks they share.
 * @module
 */
import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { Rng } from '../random/random.js';

/**
 * A distribution over numbers (continuous or discrete), with PyTorch's and SciPy's methods.
 *
 * The pointwise methods (`logProb`, `cdf`, `logSurvival`) accept any number, ±Infinity included, and give
 * the limit there (`logProb(±Infinity)` = −Infinity, `cdf(−Infinity)` = 0, `logSurvival(Infinity)` = −Infinity);
 * NaN gives NaN, as in SciPy. An argument that is not a number (a string, `null`, a bigint) throws `NAN`.
 * `quantile(p)` throws `OUT_OF_RANGE` unless p is in [0, 1]; for a discrete family `quantile(0)` is the lower
 * end of the support (SciPy returns one less) and `quantile(1)` the upper end (Infinity where unbounded, as
 * SciPy). `sample(rng, n)` needs an `Rng` from `createRng` and an integer n in [0, 2³²] (`TOO_LARGE` past it).
 */
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
  throw new SurprisalError(
    'INVALID_PARAMETER',
    `${family}: ${name} must be ${want}; got ${describe(value)}`,
    {
      argument: name,
      value,
    },
  );
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
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `${family}.quantile: p must be a probability in [0, 1]; got ${describe(p)}`,
      { argument: 'p', value: p },
    );
  }
}

/**
 * Validates the argument of a pointwise method (logProb, cdf, logSurvival): any number, NaN included (NaN
 * gives NaN); anything else throws, so a string is never coerced. @internal
 */
export function checkX(family: string, method: string, x: unknown): void {
  if (typeof x !== 'number') {
    throw new SurprisalError('NAN', `${family}.${method}: x must be a number; got ${describe(x)}`, {
      argument: 'x',
      value: x,
    });
  }
}

/**
 * Validates a point of a multivariate distribution: an array or typed array of `dim` numbers. @internal
 */
export function checkPoint(family: string, dim: number, x: unknown): ArrayLike<number> {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${family}.logProb: x must be an array of ${dim} numbers; got ${describe(x)}`,
      { argument: 'x', value: x },
    );
  }
  const v = x as ArrayLike<number>;
  if (v.length !== dim) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${family}.logProb: x has ${v.length} entries, expected ${dim}`,
      { argument: 'x', value: v.length },
    );
  }
  for (let i = 0; i < dim; i++) {
    if (typeof v[i] !== 'number') {
      throw new SurprisalError('NAN', `${family}.logProb: x[${i}] must be a number; got ${describe(v[i])}`, {
        argument: 'x',
        index: i,
        value: v[i],
      });
    }
  }
  return v;
}

/**
 * Validates an array parameter: an array, a typed array or an array-like object with an integer length in
 * [min, 2³²]. @internal
 */
export function arrayParameter(family: string, name: string, v: unknown, min: number): ArrayLike<unknown> {
  const n = (v as { length?: unknown } | null)?.length;
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < min ||
    n > 2 ** 32
  ) {
    const want = `an array of at least ${min} number${min === 1 ? '' : 's'}`;
    throw new SurprisalError(
      typeof n === 'number' && n > 2 ** 32 ? 'TOO_LARGE' : 'INVALID_PARAMETER',
      `${family}: ${name} must be ${want}; got ${typeof n === 'number' && v !== null && typeof v === 'object' ? `length ${n}` : describe(v)}`,
      { argument: name, value: v },
    );
  }
  return v as ArrayLike<unknown>;
}

/** Validates the generator passed to `sample`. @internal */
export function checkRng(family: string, rng: unknown): Rng {
  if (!(rng instanceof Rng)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${family}.sample: rng must be a generator from createRng(seed); got ${describe(rng)}`,
      { argument: 'rng', value: rng },
    );
  }
  return rng;
}

/**
 * Validates `sample(rng, n)` and allocates the n·dim draws: n an integer ≥ 0, the total within what one
 * array can hold.
 * @throws {SurprisalError} `INVALID_OPTION` for a bad rng or n, `TOO_LARGE` past 2³² values.
 * @internal
 */
export function sampleBuffer(family: string, rng: unknown, n: unknown, dim = 1): Float64Array {
  checkRng(family, rng);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${family}.sample: n must be a non-negative integer; got ${describe(n)}`,
      { argument: 'n', value: n },
    );
  }
  if (n * dim > 2 ** 32) {
    throw new SurprisalError(
      'TOO_LARGE',
      `${family}.sample: n = ${n} draws${dim > 1 ? ` of dimension ${dim}` : ''} is past the largest array this library allocates (2^32 values)`,
      { argument: 'n', value: n },
    );
  }
  return allocate(Float64Array, n * dim, `${family}.sample`, 'n');
}

/** Fills n draws from `draw`, after {@link sampleBuffer}'s checks. @internal */
export function fill(family: string, rng: unknown, n: unknown, draw: () => number): Float64Array {
  const out = sampleBuffer(family, rng, n);
  for (let i = 0; i < out.length; i++) out[i] = draw();
  return out;
}

/**
 * Quantile of a discrete distribution on the integers in [lower, upper]: the smallest k with P(X ≤ k) ≥ p.
 *
 * From the (normal or Cornish–Fisher) `guess`, an exponential bracket (steps 1, 2, 4, ... away from it)
 * and then bisection on the integers: O(log |answer − guess|) evaluations, whatever the parameters, where
 * stepping one integer at a time took ~σ of them (10⁷ for Binomial(10¹⁵, 0.3)) or never ended (past 2⁵³,
 * k + 1 = k). Past 2⁵³ the answer is the smallest representable such k. For p > ½ the test reads the upper
 * tail, log P(X > k) ≤ log(1 − p), which stays exact where cdf rounds to 1 (p = 1 − 2⁻⁵³ asks for a tail of
 * 1.1e-16, not "cdf rounds to 1"); each test accepts a relative slack of a few ε (on p, or on 1 − p).
 * @internal
 */
export function discreteQuantile(
  cdf: (k: number) => number,
  p: number,
  guess: number,
  lower: number,
  upper: number,
  logSurvival?: (k: number) => number,
): number {
  if (p <= 0) return lower;
  if (p >= 1) return upper;
  let reached: (k: number) => boolean;
  if (logSurvival !== undefined && p > 0.5) {
    // 1 − p is exact for p ≥ ½ (Sterbenz); the slack is relative to it, so p = 1 − 2⁻⁵³ still asks for a
    // tail of 1.1e-16 (cdf-space slack would swamp it).
    const logTail = Math.log(1 - p) + 8 * Number.EPSILON;
    reached = (k) => k >= upper || logSurvival(k) <= logTail;
  } else {
    const target = p * (1 - 4 * Number.EPSILON);
    reached = (k) => k >= upper || cdf(k) >= target;
  }
  const k0 = Number.isFinite(guess) ? Math.min(upper, Math.max(lower, Math.floor(guess))) : lower;
  // Invariant after bracketing: !reached(lo) (or lo below the support), reached(hi).
  let lo: number;
  let hi: number;
  if (reached(k0)) {
    if (k0 === lower) return lower;
    hi = k0;
    lo = k0;
    for (let step = 1; ; step *= 2) {
      const k = Math.max(lower, k0 - step);
      if (k >= hi) continue; // k0 − step rounded back to k0 past 2⁵³: take a bigger step
      if (!reached(k)) {
        lo = k;
        break;
      }
      hi = k;
      if (k === lower) return lower;
    }
  } else {
    lo = k0;
    hi = upper;
    for (let step = 1; ; step *= 2) {
      const k = Math.min(upper, k0 + step);
      if (k <= lo) continue;
      if (reached(k)) {
        hi = k;
        break;
      }
      lo = k;
    }
  }
  for (;;) {
    const mid = Math.floor(lo + (hi - lo) / 2);
    if (mid <= lo || mid >= hi) return hi; // adjacent (representable) integers
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
}

/**
 * Cornish–Fisher start for a discrete quantile: μ + σ(z + (z² − 1)γ/6) with z = Φ⁻¹(p) and skewness γ,
 * rounded down. @internal
 */
export function cornishFisher(mean: number, sd: number, skew: number, z: number): number {
  const g = Number.isFinite(skew) ? skew : 0;
  return mean + sd * (z + ((z * z - 1) * g) / 6);
}
