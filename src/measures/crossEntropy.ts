import { readOptions } from '../core/options.js';
import { checkSameLength, formOf, MEASURE_KEYS, readLogProbs, readProbs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/**
 * Cross entropy H(p, q) = −Σᵢ pᵢ log qᵢ: the expected surprisal of outcomes drawn from p when you believe q.
 * H(p, q) = H(p) + D_KL(p‖q) ≥ H(p). Terms with pᵢ = 0 contribute 0 even where qᵢ = 0; pᵢ > 0 where
 * qᵢ = 0 gives +Infinity. For a one-hot p on class y it is −log q_y, the classification loss.
 *
 * `from` may be one form for both arguments or a pair, e.g. `['probs', 'logits']` for labels and logits.
 *
 * @example
 * ```ts
 * crossEntropy([0, 1, 0], [0.7, 0.2, 0.1], { base: 2 }); // 2.321928094887362 (= -log2 0.2)
 * crossEntropy([0.5, 0.5], [0.9, 0.1]);                  // 1.2039728043259361
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for different lengths, and every input error of {@link entropy}.
 */
export function crossEntropy(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: MeasureOptions = {},
): number {
  const fn = 'crossEntropy';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const pp = readProbs(p, formOf(options, 0), options, fn, 'p');
  const lq = readLogProbs(q, formOf(options, 1), options, fn, 'q');
  checkSameLength(p, q, fn);
  const acc = new Accumulator();
  for (let i = 0; i < pp.length; i++) {
    const pi = pp[i];
    if (pi === 0) continue;
    const v = -pi * lq[i];
    acc.add(v);
  }
  const h = acc.value();
  return Math.max(h, 0) / k;
}
