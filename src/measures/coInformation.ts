import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { type MultivariateOptions, readVariables, subsetEntropies, unions } from './variables.js';

/** Options of {@link coInformation}: those of every measure, `axes` (the variables) and `given`. */
export type CoInformationOptions = MultivariateOptions;

/**
 * Co-information (Bell 2003; dit's `coinformation`, the multivariate mutual information) of the variables
 * X₁, ..., Xₙ given Z, by inclusion–exclusion over the nonempty subsets T of the variables:
 * I(X₁; ...; Xₙ | Z) = Σ_T (−1)^{|T|+1} H(X_T | Z).
 *
 * Sign convention as dit: for two variables it is I(X; Y | Z); for three, I(X; Y) − I(X; Y | Z), so −1 bit for
 * XOR and +1 bit for three copies of one bit; it is (−1)ⁿ × {@link interactionInformation}. One variable gives
 * H(X | Z), none gives 0. A variable may be a set of axes (`axes: [[0, 1], 2]` is I(X₀X₁; X₂)).
 *
 * Deliberate difference from dit: with `given` and no `axes`, the variables are the axes not conditioned on
 * (dit takes every axis, and any measure that includes a conditioned variable is 0).
 *
 * @param p - the joint table with one axis per variable (1 to 16 axes; nested arrays or `{ data, shape }`).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * coInformation(xor, { base: 2 }); // -1
 * coInformation(xor, { axes: [0, 1], given: [2], base: 2 }); // 1 (I(X; Y | Z))
 * coInformation(xor, { axes: [[0, 1], 2], base: 2 }); // 1 (I(XY; Z))
 * coInformation([0.5, 0.5], { base: 2 }); // 1 (one variable: its entropy)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for more than 16 axes, `INVALID_OPTION` for `axes` or `given` that are
 *   not lists of axes of p (or more than 16 variables), and every input error of {@link entropy}.
 */
export function coInformation(p: TableInput, options: CoInformationOptions = {}): number {
  const v = readVariables(p, options, 'coInformation');
  return coInformationNats(v.groups, v.given, v.table) / v.k;
}

/** Co-information (nats) of the variables `groups` given `given` (bit masks over the axes of `table`). @internal */
export function coInformationNats(
  groups: readonly number[],
  given: number,
  table: { p: ArrayLike<number>; shape: number[] },
): number {
  const n = groups.length;
  if (n === 0) return 0;
  const h = subsetEntropies(table.p, table.shape);
  const u = unions(groups);
  const acc = new Accumulator();
  for (let t = 1; t < u.length; t++) {
    const hz = h[u[t] | given];
    acc.add(popcount(t) % 2 === 1 ? hz : -hz);
  }
  // Σ_{T ≠ ∅} (−1)^{|T|+1} = 1, so the H(Z) of every conditional entropy adds up to one −H(Z).
  acc.add(-h[given]);
  return acc.value();
}

function popcount(t: number): number {
  let c = 0;
  for (let x = t; x !== 0; x &= x - 1) c++;
  return c;
}
