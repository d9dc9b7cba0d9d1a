import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { type MultivariateOptions, readVariables, subsetEntropies } from './variables.js';

/** Options of {@link dualTotalCorrelation}: those of every measure, `axes` (the variables) and `given`. */
export type DualTotalCorrelationOptions = MultivariateOptions;

/**
 * Dual total correlation (binding information; Han 1978, Abdallah & Plumbley 2012; dit's
 * `dual_total_correlation`): B(X₁, ..., Xₙ | Z) = H(X₁, ..., Xₙ | Z) − Σᵢ H(Xᵢ | X_{−i}, Z), where X_{−i} is the
 * axes of the other variables (those of Xᵢ left out, when variables share axes, as dit). The variables and
 * conditioning axes are chosen by `axes` and `given` as for {@link coInformation}. For two variables it is the
 * mutual information; one variable, or none, gives 0 (dit). ≥ 0 when the variables share no axes (then
 * clipped at 0 against rounding).
 *
 * @param p - the joint table with one axis per variable (1 to 16 axes).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * dualTotalCorrelation(xor, { base: 2 }); // 2
 * const copies = { data: [0.5, 0, 0, 0, 0, 0, 0, 0.5], shape: [2, 2, 2] };
 * dualTotalCorrelation(copies, { base: 2 }); // 1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for more than 16 axes, `INVALID_OPTION` for `axes` or `given` that are
 *   not lists of axes of p, and every input error of {@link entropy}.
 */
export function dualTotalCorrelation(p: TableInput, options: DualTotalCorrelationOptions = {}): number {
  const v = readVariables(p, options, 'dualTotalCorrelation');
  if (v.groups.length < 2) return 0;
  const h = subsetEntropies(v.table.p, v.table.shape);
  const z = v.given;
  let all = 0;
  let disjoint = true;
  for (const g of v.groups) {
    if ((all & g) !== 0) disjoint = false;
    all |= g;
  }
  const acc = new Accumulator();
  acc.add(h[all | z] - h[z]);
  for (const g of v.groups) acc.add(h[(all & ~g) | z] - h[all | z]);
  const b = acc.value();
  return (disjoint ? Math.max(b, 0) : b) / v.k;
}
