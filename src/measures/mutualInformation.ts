import { marginal, readJoint } from '../core/joint.js';
import { klTerm } from '../core/klTerm.js';
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link mutualInformation}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type MutualInformationOptions = MeasureOptions;

/**
 * Mutual information I(X; Y) = Σ p(x, y) log[p(x, y) / (p(x) p(y))] = D(p_XY ‖ p_X p_Y)
 * = H(X) + H(Y) − H(X, Y), with X the first axis of the table and Y the remaining axes.
 * Summed as KL terms that are each ≥ 0, so I ≥ 0 exactly, and 0 iff X and Y are independent.
 *
 * @param pxy - the joint table, rows = values of X (nested arrays or `{ data, shape }`).
 * @example
 * ```ts
 * mutualInformation([[0.5, 0], [0, 0.5]], { base: 2 });       // 1 (Y = X)
 * mutualInformation([[0.25, 0.25], [0.25, 0.25]], { base: 2 }); // 0 (independent)
 * mutualInformation([[1, 2, 3], [6, 5, 4]], { normalize: true }); // 0.0345049180605447 (R entropy::mi.empirical)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for fewer than 2 axes or a ragged table, and every input error of {@link entropy}.
 */
export function mutualInformation(pxy: TableInput, options: MutualInformationOptions = {}): number {
  const fn = 'mutualInformation';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const joint = readJoint(pxy, options, fn, 2);
  const rest = joint.shape.map((_, i) => i).slice(1);
  const px = marginal(joint, [0]);
  const py = marginal(joint, rest);
  const acc = new Accumulator();
  for (let i = 0; i < joint.p.length; i++) {
    const a = px.index[i];
    const b = py.index[i];
    acc.add(klTerm(joint.p[i], joint.lp[i], px.p[a] * py.p[b], px.lp[a] + py.lp[b]));
  }
  return acc.value() / k;
}
