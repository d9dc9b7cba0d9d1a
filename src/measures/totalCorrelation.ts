import { marginal } from '../core/joint.js';
import { klTerm } from '../core/klTerm.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { type MultivariateOptions, readVariables, subsetEntropies } from './variables.js';

/** Options of {@link totalCorrelation}: those of every measure, `axes` (the variables) and `given`. */
export type TotalCorrelationOptions = MultivariateOptions;

/**
 * Total correlation (multi-information, Watanabe 1960; dit's `total_correlation`):
 * C(X₁, ..., Xₙ | Z) = Σᵢ H(Xᵢ | Z) − H(X₁, ..., Xₙ | Z), one axis of the table per variable, or the variables
 * and conditioning axes chosen by `axes` and `given` (as {@link coInformation}). ≥ 0, and 0 iff the variables are
 * (conditionally) independent; for two variables it is the mutual information. One variable, or none, gives 0
 * (dit). Without `axes` and `given` it is summed as D(p ‖ Πᵢ pᵢ), KL terms each ≥ 0.
 *
 * @param p - the joint table with one axis per variable (1 to 16 axes).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * totalCorrelation(xor, { base: 2 }); // 1
 * totalCorrelation(xor, { axes: [0, 1], given: [2], base: 2 }); // 1 (I(X; Y | Z))
 * totalCorrelation(xor, { axes: [0, 1], base: 2 }); // 0
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for more than 16 axes, `INVALID_OPTION` for `axes` or `given` that are
 *   not lists of axes of p, and every input error of {@link entropy}.
 */
export function totalCorrelation(p: TableInput, options: TotalCorrelationOptions = {}): number {
  const v = readVariables(p, options, 'totalCorrelation');
  if (v.groups.length < 2) return 0;
  if (v.isDefault) {
    const joint = v.joint;
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
    return acc.value() / v.k;
  }
  const h = subsetEntropies(v.table.p, v.table.shape);
  const z = v.given;
  const acc = new Accumulator();
  let all = 0;
  for (const g of v.groups) {
    acc.add(h[g | z] - h[z]);
    all |= g;
  }
  acc.add(h[z] - h[all | z]);
  // Subadditivity of entropy: the exact value is ≥ 0, even for variables that share axes.
  return Math.max(acc.value(), 0) / v.k;
}
