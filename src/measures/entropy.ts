import { entr } from '../core/elementwise.js';
import { readOptions } from '../core/options.js';
import {
  type DistributionOptions,
  formOf,
  MEASURE_KEYS,
  readLogProbs,
  readProbs,
} from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { type Base, unitLog } from '../core/units.js';

/** Options of the measures: how the input is encoded and checked, and the unit of the result. */
export interface MeasureOptions extends DistributionOptions {
  /** Unit: a log base or `'nats'` (default, as SciPy and PyTorch), `'bits'`, `'hartleys'`. */
  base?: Base;
}

/**
 * Entropy of a source: H(p) (Shannon). Internal entry point for callers that already know the form.
 * @internal
 */
export function entropyNats(
  p: ArrayLike<number>,
  options: DistributionOptions | undefined,
  fn: string,
): number {
  const form = formOf(options);
  const acc = new Accumulator();
  if (form === 'probs') {
    const q = readProbs(p, form, options, fn, 'p');
    for (let i = 0; i < q.length; i++) {
      const v = entr(q[i]);
      acc.add(v);
    }
  } else {
    // −Σ e^l·l straight from log space: no underflow to 0 before the product.
    const l = readLogProbs(p, form, options, fn, 'p');
    for (let i = 0; i < l.length; i++) {
      const li = l[i];
      const v = li === Number.NEGATIVE_INFINITY ? 0 : -Math.exp(li) * li;
      acc.add(v);
    }
  }
  const h = acc.value();
  return Math.max(h, 0);
}

/** Options of {@link entropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type EntropyOptions = MeasureOptions;

/**
 * Shannon entropy, the expected surprisal: H(p) = −Σᵢ pᵢ log pᵢ, with 0·log 0 = 0.
 *
 * Maximal (log n) at the uniform distribution, 0 for a certain outcome. With `{ from: 'logits' }` it is
 * the entropy of softmax(x), computed without leaving log space.
 *
 * @param p - probabilities (array or typed array) summing to 1; or log-probabilities / logits (see `from`).
 * @example
 * ```ts
 * entropy([1, 1, 1, 1, 1, 1].map((w) => w / 6), { base: 'bits' }); // 2.584962500721156 (a fair die)
 * entropy([0.9, 0.1], { base: 2 });                              // 0.46899559358928117
 * entropy([2, 1, 1], { normalize: true });                       // 1.0397207708399179
 * entropy([0, 0, 10], { from: 'logits' });                       // 0.0009987118940573934
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless p is an array or typed array of numbers, `EMPTY`, `NAN` (also
 *   for an entry that is not a number: a string, null, a boolean, a bigint, a hole of a sparse array, named by its
 *   index), `NEGATIVE_PROBABILITY`, `NOT_FINITE`, `NOT_NORMALIZED`, `INVALID_OPTION` (options that are not an
 *   object, an unknown key, base, tolerance, from, normalize).
 */
export function entropy(p: ArrayLike<number>, options: EntropyOptions = {}): number {
  readOptions(options, 'entropy', MEASURE_KEYS);
  const k = unitLog(options.base, 'entropy');
  return entropyNats(p, options, 'entropy') / k;
}
