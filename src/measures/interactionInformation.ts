import { entropyOfProbs, readJoint } from '../core/joint.js';
import { readOptions } from '../core/options.js';
import { MEASURE_KEYS } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { TableInput } from '../core/tensor.js';
import { unitLog } from '../core/units.js';
import type { MeasureOptions } from './entropy.js';

/** Options of {@link interactionInformation}: those of every measure (`base`, `from`, `normalize`, `tolerance`). */
export type InteractionInformationOptions = MeasureOptions;

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
export function interactionInformation(p: TableInput, options: InteractionInformationOptions = {}): number {
  const fn = 'interactionInformation';
  readOptions(options, fn, MEASURE_KEYS);
  const k = unitLog(options.base, fn);
  const joint = readJoint(p, options, fn, 2, 16);
  const n = joint.shape.length;
  const acc = new Accumulator();
  // H of the full table enters with sign −1 (|T| = n).
  acc.add(-entropyOfProbs(joint.p));
  // Every proper nonempty subset T, each marginal summed from a parent marginal with one more axis: a depth-first
  // walk from the full table that removes axes in increasing order, so each subset is reached once and the work
  // is Σ_T size(T ∪ {one axis}) (2·3ⁿ for n binary axes) instead of 2ⁿ passes over the whole table. Each level
  // adds dims[j] terms, so a marginal carries at most Σⱼ (dimsⱼ − 1) roundings, as a pairwise sum would.
  const walk = (p: ArrayLike<number>, dims: number[], axes: number[], from: number): void => {
    for (let j = 0; j < axes.length; j++) {
      if (axes[j] < from || axes.length === 1) continue;
      const child = sumOut(p, dims, j);
      const childAxes = axes.filter((_, i) => i !== j);
      const h = entropyOf(child);
      acc.add((n - childAxes.length) % 2 === 0 ? -h : h);
      walk(
        child,
        dims.filter((_, i) => i !== j),
        childAxes,
        axes[j] + 1,
      );
    }
  };
  walk(
    joint.p,
    joint.shape,
    joint.shape.map((_, i) => i),
    0,
  );
  return acc.value() / k;
}

/** The table p of shape `dims` with axis j summed out. */
function sumOut(p: ArrayLike<number>, dims: number[], j: number): Float64Array {
  let outer = 1;
  for (let i = 0; i < j; i++) outer *= dims[i];
  let inner = 1;
  for (let i = j + 1; i < dims.length; i++) inner *= dims[i];
  const len = dims[j];
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    const to = o * inner;
    for (let l = 0; l < len; l++) {
      const from = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += p[from + i];
    }
  }
  return out;
}

/** Shannon entropy (nats) of a marginal: Neumaier's sum of −p log p, inline (this loop runs 3ⁿ times for n binary axes). */
function entropyOf(p: Float64Array): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v > 0)) continue;
    const x = -v * Math.log(v);
    const t = sum + x;
    comp += sum >= x ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Math.max(sum + comp, 0);
}
