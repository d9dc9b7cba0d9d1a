import { marginal, readJoint } from '../core/joint.js';
import { klTerm } from '../core/klTerm.js';
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link totalCorrelation}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type TotalCorrelationOptions = MeasureOptions;

/**
 * Total correlation (multi-information, Watanabe 1960): C(X₁, ..., Xₙ) = Σᵢ H(Xᵢ) − H(X₁, ..., Xₙ)
 * = D(p ‖ Πᵢ pᵢ), one axis of the table per variable. ≥ 0, and 0 iff the variables are independent;
 * for two variables it is the mutual information.
 *
 * @param p - the joint table with one axis per variable (at least 2).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * totalCorrelation(xor, { base: 2 }); // 1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for fewer than 2 axes, and every input error of {@link entropy}.
 */
export function totalCorrelation(p: TableInput, options: TotalCorrelationOptions = {}): number {
  const fn = 'totalCorrelation';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const joint = readJoint(p, options, fn, 2);
  const margins = joint.shape.map((_, axis) => marginal(joint, [axis]));
  const acc = new Accumulator();
  for (let i = 0; i < joint.p.length; i++) {
    let q = 1;
    let lq = 0;
    for (const m of margins) {
      q *= m.p[m.index[i]];
      lq += m.lp[m.index[i]];
    }
    acc.add(klTerm(joint.p[i], joint.lp[i], q, lq));
  }
  return acc.value() / k;
}
