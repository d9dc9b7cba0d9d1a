import { readLogProbs, readProbs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { MeasureOptions } from './entropy.js';
import { readPair } from './pair.js';

/** Options of {@link crossEntropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type CrossEntropyOptions = MeasureOptions;

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
  options: CrossEntropyOptions = {},
): number {
  const { k, p: pp, q: lq } = readPair(p, q, options, 'crossEntropy', readProbs, readLogProbs);
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
