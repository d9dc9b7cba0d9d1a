/**
 * Multinomial variates by conditional binomials: O(K) binomial draws per vector, whatever the number of trials.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { Rng } from './random.js';
import { binomialVariate } from './variates.js';

/**
 * A Multinomial(n, p) variate: how many of n independent draws fall in each of K categories, with pᵢ proportional
 * to `weights[i]` (weights need not sum to 1; counts work as weights).
 *
 * Drawn by conditional binomials (the standard reduction, e.g. Devroye 1986, "Non-Uniform Random Variate
 * Generation", XI.1.5): n₁ ~ Binomial(n, p₁), and for k > 1
 * nₖ ~ Binomial(n − Σ_{j<k} nⱼ, pₖ / Σ_{j≥k} pⱼ), the last category taking what is left. Each binomial is
 * O(1) (inversion below a mean of 10, Hörmann's BTRS above), so a vector costs O(K) for any n up to 2⁵³ − 1,
 * where drawing the n samples one by one costs O(n). The conditional probabilities are formed from suffix sums of
 * the weights, and a probability above ½ is drawn as the complement from the remaining weight, so integer weights
 * (counts) are used exactly and a category of weight 0 never receives a draw. The counts sum to n exactly.
 *
 * @param rng - the generator (see {@link createRng}); the draws depend only on its state, n and the weights.
 * @param n - number of trials, an integer in [0, 2⁵³ − 1].
 * @param weights - K ≥ 1 non-negative finite weights, not all 0 (unless n = 0).
 * @param out - optional Float64Array of length K to write into.
 * @returns the K counts (a Float64Array of integers summing to n).
 * @example
 * ```ts
 * const counts = multinomial(createRng(7), 1000, [0.2, 0.3, 0.5]); // three counts near 200, 300, 500 that sum to 1000
 * multinomial(createRng(7), 2 ** 53 - 1, [1, 1]); // in O(1): two counts near 2^52
 * ```
 * @throws {SurprisalError} `INVALID_PARAMETER` for an rng that is not an Rng, an n that is not an integer >= 0, or
 *   an `out` of the wrong length; `TOO_LARGE` for n > 2⁵³ − 1 (counts would no longer be exact); `SHAPE_MISMATCH`
 *   for weights that are not an array, `EMPTY` for no weights, `NAN` / `NOT_FINITE` / `NEGATIVE_PROBABILITY` for a
 *   bad weight (naming the index), `NOT_NORMALIZED` for weights that are all 0 while n > 0.
 */
export function multinomial(
  rng: Rng,
  n: number,
  weights: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const fn = 'multinomial';
  if (!(rng instanceof Rng)) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `${fn}: rng must be an Rng (createRng); got ${describe(rng)}`,
      {
        argument: 'rng',
        value: rng,
      },
    );
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SurprisalError('INVALID_PARAMETER', `${fn}: n must be an integer >= 0; got ${describe(n)}`, {
      argument: 'n',
      value: n,
    });
  }
  if (n > Number.MAX_SAFE_INTEGER) {
    throw new SurprisalError(
      'TOO_LARGE',
      `${fn}: n = ${n} is past 2^53 - 1, where counts are no longer exact integers`,
      { argument: 'n', value: n },
    );
  }
  const w = readWeights(weights, fn, n > 0);
  const k = w.length;
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== k)) {
    throw new SurprisalError(
      'INVALID_PARAMETER',
      `${fn}: out must be a Float64Array of length ${k}; got ${describe(out)}`,
      { argument: 'out', value: out },
    );
  }
  const counts = out ?? new Float64Array(k);
  // suffix[i] = Σ_{j ≥ i} w[j]: exact for integer weights below 2^53, and never below w[i].
  const suffix = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + w[i];
  let left = n;
  for (let i = 0; i < k; i++) {
    if (left === 0 || w[i] === 0) {
      counts[i] = 0;
      continue;
    }
    const rest = suffix[i + 1];
    if (rest === 0) {
      counts[i] = left;
      left = 0;
      continue;
    }
    const total = suffix[i];
    const p = w[i] / total;
    // Above ½, draw the complement from the remaining weight: 1 − p would lose the digits of a tiny complement.
    const x = p <= 0.5 ? binomialVariate(rng, left, p) : left - binomialVariate(rng, left, rest / total);
    counts[i] = x;
    left -= x;
  }
  return counts;
}

/** Validated weights as float64, scaled by a power of two when their sum would overflow. */
function readWeights(weights: ArrayLike<number>, fn: string, needMass: boolean): Float64Array {
  const len = (weights as { length?: unknown } | null)?.length;
  if (
    weights === null ||
    typeof weights !== 'object' ||
    typeof len !== 'number' ||
    !Number.isInteger(len) ||
    len < 0 ||
    len > 2 ** 32 ||
    weights instanceof BigInt64Array ||
    weights instanceof BigUint64Array
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: weights must be an array or typed array of numbers; got ${describe(weights)}`,
      { argument: 'weights', value: weights },
    );
  }
  if (len === 0) throw new SurprisalError('EMPTY', `${fn}: weights is empty`, { argument: 'weights' });
  const w = new Float64Array(len);
  let max = 0;
  for (let i = 0; i < len; i++) {
    const v: unknown = weights[i];
    const bad =
      typeof v !== 'number' || Number.isNaN(v)
        ? 'NAN'
        : !Number.isFinite(v)
          ? 'NOT_FINITE'
          : v < 0
            ? 'NEGATIVE_PROBABILITY'
            : undefined;
    if (bad) {
      throw new SurprisalError(
        bad,
        `${fn}: weights[${i}] is ${describe(v)}; weights must be finite numbers >= 0`,
        { argument: 'weights', index: i, value: v },
      );
    }
    w[i] = v as number;
    if (w[i] > max) max = w[i];
  }
  if (max === 0 && needMass) {
    throw new SurprisalError('NOT_NORMALIZED', `${fn}: weights are all 0; there is nothing to draw`, {
      argument: 'weights',
    });
  }
  let sum = 0;
  for (let i = 0; i < len; i++) sum += w[i];
  if (!Number.isFinite(sum)) {
    const scale = 2 ** -Math.ceil(Math.log2(max));
    for (let i = 0; i < len; i++) w[i] *= scale;
  }
  return w;
}
