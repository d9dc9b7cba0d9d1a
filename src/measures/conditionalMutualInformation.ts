import { marginal, readJoint } from '../core/joint.js';
import { klTerm } from '../core/klTerm.js';
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link conditionalMutualInformation}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type ConditionalMutualInformationOptions = MeasureOptions;

/**
 * Conditional mutual information I(X; Y | Z) = Σ p(x, y, z) log[p(z) p(x, y, z) / (p(x, z) p(y, z))]
 * = H(X, Z) + H(Y, Z) − H(X, Y, Z) − H(Z), for p(x, y, z) with shape [|X|, |Y|, |Z|].
 * Summed as KL terms against p(x|z) p(y|z) p(z), each ≥ 0, so the result is ≥ 0 exactly.
 *
 * @param pxyz - the joint table with three axes X, Y, Z (nested arrays or `{ data, shape: [a, b, c] }`).
 * @example
 * ```ts
 * // Z = X xor Y for fair independent bits: X and Y are independent, but given Z they determine each other.
 * const xor = { data: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], shape: [2, 2, 2] };
 * conditionalMutualInformation(xor, { base: 2 }); // 1
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless the table has exactly 3 axes, and every input error of {@link entropy}.
 */
export function conditionalMutualInformation(
  pxyz: TableInput,
  options: ConditionalMutualInformationOptions = {},
): number {
  const fn = 'conditionalMutualInformation';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const joint = readJoint(pxyz, options, fn, 3, 3);
  const pxz = marginal(joint, [0, 2]);
  const pyz = marginal(joint, [1, 2]);
  const pz = marginal(joint, [2]);
  const acc = new Accumulator();
  for (let i = 0; i < joint.p.length; i++) {
    const a = pxz.index[i];
    const b = pyz.index[i];
    const c = pz.index[i];
    const q = pxz.p[a] === 0 || pyz.p[b] === 0 ? 0 : (pxz.p[a] * pyz.p[b]) / pz.p[c];
    acc.add(klTerm(joint.p[i], joint.lp[i], q, pxz.lp[a] + pyz.lp[b] - pz.lp[c]));
  }
  return acc.value() / k;
}
