import { entropyOfProbs, marginal, readJoint } from '../core/joint.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { logOfBase } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/**
 * Interaction information (McGill 1954), by inclusion–exclusion over the nonempty subsets T of the n variables:
 * II(X₁; ...; Xₙ) = −Σ_T (−1)^{n−|T|} H(T).
 *
 * Sign convention (as dit's `interaction_information`, = (−1)ⁿ × co-information): for two variables it is
 * I(X; Y); for three it is I(X; Y | Z) − I(X; Y), positive for synergy (XOR: +1 bit) and negative for
 * redundancy (three copies of one bit: −1 bit). Co-information has the opposite sign for odd n.
 *
 * @param p - the joint table with one axis per variable (2 to 16 axes).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * interactionInformation(xor, { base: 2 });  // 1
 * const copies = { data: [0.5, 0, 0, 0, 0, 0, 0, 0.5], shape: [2, 2, 2] };
 * interactionInformation(copies, { base: 2 }); // -1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for fewer than 2 or more than 16 axes, and every input error of {@link entropy}.
 */
export function interactionInformation(p: TableInput, options: MeasureOptions = {}): number {
  const fn = 'interactionInformation';
  const k = logOfBase(options.base);
  const joint = readJoint(p, options, fn, 2, 16);
  const n = joint.shape.length;
  const acc = new Accumulator();
  for (let mask = 1; mask < 1 << n; mask++) {
    const axes: number[] = [];
    for (let a = 0; a < n; a++) if (mask & (1 << a)) axes.push(a);
    const h = axes.length === n ? entropyOfProbs(joint.p) : entropyOfProbs(marginal(joint, axes).p);
    acc.add((n - axes.length) % 2 === 0 ? -h : h);
  }
  return acc.value() / k;
}
