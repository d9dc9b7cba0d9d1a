import type { ArrayOrTensor, Axis } from '../core/axes.js';
import { readOptions } from '../core/options.js';
import { readLogProbs, readProbs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { NestedArray, TensorLike } from '../core/tensor.js';
import { type AxisOption, measureAlong, sliceOptions, wantsAxis, withoutAxis } from './alongAxis.js';
import type { MeasureOptions, ThreadsOption } from './entropy.js';
import { readPair } from './pair.js';
import { pairFastIn, VECTOR_KEYS } from './vectorFast.js';

/** Options of {@link crossEntropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`) and `axis`. */
export interface CrossEntropyOptions extends MeasureOptions, AxisOption, ThreadsOption {}

/**
 * Cross entropy H(p, q) = −Σᵢ pᵢ log qᵢ: the expected surprisal of outcomes drawn from p when you believe q.
 * H(p, q) = H(p) + D_KL(p‖q) ≥ H(p). Terms with pᵢ = 0 contribute 0 even where qᵢ = 0; pᵢ > 0 where
 * qᵢ = 0 gives +Infinity. For a one-hot p on class y it is −log q_y, the classification loss.
 *
 * `from` may be one form for both arguments or a pair, e.g. `['probs', 'logits']` for labels and logits.
 *
 * With `axis` (or tensors / nested arrays, along axis 0 by default) it returns one value per slice as a
 * Float64Array, p and q broadcast against each other and each slice normalised unless `normalize: false`: SciPy's
 * `entropy(pk, axis=a) + entropy(pk, qk, axis=a)`, the cross entropy its documentation describes.
 *
 * Long vectors: a Float64Array or Float32Array of at least 4096 probabilities with the default checks is
 * validated and summed in one pass by the WebAssembly kernels (float64 SIMD log and exp within 2 ulp,
 * compensated sums; the same result within 1e-12 relative, the same errors), where the runtime has them;
 * `threads` shares the pass among the kernels' worker threads, with the same result for every count.
 *
 * @example
 * ```ts
 * crossEntropy([0, 1, 0], [0.7, 0.2, 0.1], { base: 2 }); // 2.321928094887362 (= -log2 0.2)
 * crossEntropy([0.5, 0.5], [0.9, 0.1]);                  // 1.2039728043259361
 * crossEntropy([[1, 1], [1, 3]], [1, 1], { axis: 1 });   // Float64Array [0.6931471805599453, 0.6931471805599453]
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for different lengths (shapes that do not broadcast, with `axis`),
 *   and every input error of {@link entropy}.
 */
export function crossEntropy(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options?: CrossEntropyOptions,
): number;
export function crossEntropy(
  p: ArrayOrTensor,
  q: ArrayOrTensor,
  options: CrossEntropyOptions & { axis: Axis },
): Float64Array;
export function crossEntropy(
  p: TensorLike | NestedArray,
  q: ArrayOrTensor,
  options?: CrossEntropyOptions,
): Float64Array;
export function crossEntropy(
  p: ArrayOrTensor,
  q: ArrayOrTensor,
  options: CrossEntropyOptions = {},
): number | Float64Array {
  if (wantsAxis(p, options) || wantsAxis(q, undefined)) {
    readOptions(options, 'crossEntropy', [...VECTOR_KEYS, 'axis']);
    const slice = sliceOptions(options);
    return measureAlong(p, q, options.axis, 'crossEntropy', (ps, qs) =>
      crossEntropy(ps, qs as Float64Array, slice),
    );
  }
  // Long float vectors of probabilities: the kernels (vectorFast.ts), or undefined for the loop below.
  const fast = pairFastIn(
    'cross',
    p as ArrayLike<number>,
    q as ArrayLike<number>,
    withoutAxis(options),
    'crossEntropy',
  );
  if (fast !== undefined) return Math.max(fast.total, 0) / fast.k;
  const {
    k,
    p: pp,
    q: lq,
  } = readPair(
    p as ArrayLike<number>,
    q as ArrayLike<number>,
    withoutAxis(options),
    'crossEntropy',
    readProbs,
    readLogProbs,
  );
  const acc = new Accumulator();
  for (let i = 0; i < pp.length; i++) {
    const pi = pp[i];
    if (pi === 0) continue;
    const v = -pi * lq[i];
    acc.add(v);
  }
  const h = acc.value();
  return Math.max(h, 0) / k;
}
