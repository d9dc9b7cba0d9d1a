import { marginal, readJoint } from '../core/joint.js';
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link conditionalEntropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type ConditionalEntropyOptions = MeasureOptions;

/**
 * Conditional entropy H(Y | X) = −Σ p(x, y) log p(y | x) = H(X, Y) − H(X), with X the first axis of the
 * table and Y the remaining axes. Each term is ≥ 0, so the result is never negative.
 *
 * @param pxy - the joint table, rows = values of X (nested arrays or `{ data, shape }`).
 * @example
 * ```ts
 * conditionalEntropy([[0.25, 0.25], [0.5, 0]], { base: 2 }); // 0.5 (Y is a fair coin when X = 0, fixed when X = 1)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for fewer than 2 axes or a ragged table, and every input error of {@link entropy}.
 */
export function conditionalEntropy(pxy: TableInput, options: ConditionalEntropyOptions = {}): number {
  const fn = 'conditionalEntropy';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const joint = readJoint(pxy, options, fn, 2);
  const px = marginal(joint, [0]);
  const acc = new Accumulator();
  for (let i = 0; i < joint.p.length; i++) {
    const p = joint.p[i];
    if (p === 0) continue;
    const t = p * (px.lp[px.index[i]] - joint.lp[i]);
    if (t > 0) acc.add(t);
  }
  return acc.value() / k;
}
