import type { TableInput } from '../core/tensor.js';
import { coInformationNats } from './coInformation.js';
import { type MultivariateOptions, readVariables } from './variables.js';

/** Options of {@link interactionInformation}: those of every measure, `axes` (the variables) and `given`. */
export type InteractionInformationOptions = MultivariateOptions;

/**
 * Interaction information (McGill 1954; dit's `interaction_information`), by inclusion–exclusion over the
 * nonempty subsets T of the n variables: II(X₁; ...; Xₙ | Z) = −Σ_T (−1)^{n−|T|} H(X_T | Z) = (−1)ⁿ × co-information.
 *
 * Sign convention (as dit): for two variables it is I(X; Y); for three it is I(X; Y | Z) − I(X; Y), positive for
 * synergy (XOR: +1 bit) and negative for redundancy (three copies of one bit: −1 bit). Co-information
 * ({@link coInformation}) has the opposite sign for odd n. One variable gives −H(X | Z), none gives 0 (dit).
 * `axes` and `given` choose and group the variables as for {@link coInformation}.
 *
 * @param p - the joint table with one axis per variable (1 to 16 axes).
 * @example
 * ```ts
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * interactionInformation(xor, { base: 2 });  // 1
 * const copies = { data: [0.5, 0, 0, 0, 0, 0, 0, 0.5], shape: [2, 2, 2] };
 * interactionInformation(copies, { base: 2 }); // -1
 * interactionInformation(xor, { axes: [0, 1], given: [2], base: 2 }); // 1 (I(X; Y | Z))
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for more than 16 axes, `INVALID_OPTION` for `axes` or `given` that are
 *   not lists of axes of p, and every input error of {@link entropy}.
 */
export function interactionInformation(p: TableInput, options: InteractionInformationOptions = {}): number {
  const v = readVariables(p, options, 'interactionInformation');
  const ci = coInformationNats(v.groups, v.given, v.table);
  return (v.groups.length % 2 === 0 ? ci : -ci) / v.k;
}
