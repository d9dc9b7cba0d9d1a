import { SurprisalError } from '../core/errors.js';
import { logSumExp } from '../core/logSumExp.js';
import { describe, readChoiceOption, readOptions } from '../core/options.js';
import { readArrayLength } from './readArguments.js';

/**
 * Checks log weights: an array or typed array of numbers, each finite or −Infinity (weight 0), at least one
 * finite. Strings, booleans, null, BigInt entries and holes are refused, never coerced. @internal
 */
export function checkLogWeights(
  lw: unknown,
  fn: string,
  name = 'logWeights',
): asserts lw is ArrayLike<number> {
  const n = readArrayLength(lw, name, fn);
  if (n === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} is empty`, { argument: name });
  const a = lw as ArrayLike<unknown>;
  let finite = false;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number') {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is not a number (${describe(v)})`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    if (Number.isNaN(v))
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: v });
    if (v === Number.POSITIVE_INFINITY) {
      throw new SurprisalError('NOT_FINITE', `${fn}: ${name}[${i}] is +Infinity; a weight must be finite`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    if (v > Number.NEGATIVE_INFINITY) finite = true;
  }
  if (!finite) {
    throw new SurprisalError(
      'NOT_NORMALIZED',
      `${fn}: every entry of ${name} is -Infinity; all weights are 0`,
      {
        argument: name,
      },
    );
  }
}

/** Options of {@link effectiveSampleSize}. */
export interface EffectiveSampleSizeOptions {
  /** `'kish'` (default), (Σw)²/Σw², or `'perplexity'`, exp of the entropy of the normalised weights. */
  method?: 'kish' | 'perplexity';
}

/**
 * Effective sample size of importance weights given as log weights (any additive constant), computed in log
 * space so that weights of e^{−1000} work:
 * - `'kish'` (default): (Σw)²/Σw² = exp(2·LSE(lw) − LSE(2·lw)) (Kish 1965);
 * - `'perplexity'`: exp(−Σ w̃ log w̃) with w̃ the normalised weights (Martino, Elvira & Louzada 2017).
 * Always 1 ≤ Kish ≤ perplexity ≤ S. Both are invariant to adding a constant to every log weight (they are
 * computed after shifting by the largest) and to the order of the weights. A single draw, or a single
 * non-zero weight among −Infinity ones, gives 1; S equal weights give S.
 *
 * @example
 * ```ts
 * effectiveSampleSize([0, Math.log(2), Math.log(3), Math.log(4)]);                           // 3.333333333333333
 * effectiveSampleSize([0, Math.log(2), Math.log(3), Math.log(4)], { method: 'perplexity' }); // 3.596115466624322
 * effectiveSampleSize([-1000, -1001, -1002]);                                                 // 1.958698653414389
 * ```
 * @throws {SurprisalError} `NAN` / `NOT_FINITE` for NaN, non-number or +Infinity log weights, `EMPTY`,
 *   `NOT_NORMALIZED` when all are −Infinity, `SHAPE_MISMATCH` when logWeights is not an array, `TOO_LARGE` for
 *   a length past 2³², `INVALID_OPTION` for an unknown option or method.
 */
export function effectiveSampleSize(
  logWeights: ArrayLike<number>,
  options: EffectiveSampleSizeOptions = {},
): number {
  const fn = 'effectiveSampleSize';
  const o = readOptions(options, fn, ['method']);
  checkLogWeights(logWeights, fn);
  const method = readChoiceOption(o.method, 'kish', ['kish', 'perplexity'], 'method', fn);
  // Shift by the maximum first: subtracting a log-sum-exp near −1000 directly would lose 13 digits.
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logWeights.length; i++) max = Math.max(max, logWeights[i]);
  const shifted = Float64Array.from(logWeights, (v) => v - max);
  const lse = logSumExp(shifted);
  if (method === 'kish') {
    const twice = shifted.map((v) => 2 * v);
    return Math.exp(2 * lse - logSumExp(twice));
  }
  let h = 0;
  for (let i = 0; i < shifted.length; i++) {
    const l = shifted[i] - lse;
    if (l > Number.NEGATIVE_INFINITY) h -= Math.exp(l) * l;
  }
  return Math.exp(h);
}
