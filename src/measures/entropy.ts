import type { ArrayOrTensor, Axis } from '../core/axes.js';
import { entr } from '../core/elementwise.js';
import { readOptions } from '../core/options.js';
import { type DistributionOptions, formOf, readLogProbs, readProbs } from '../core/probabilities.js';
import { Accumulator } from '../core/sum.js';
import type { NestedArray, TensorLike } from '../core/tensor.js';
import { type Base, unitLog } from '../core/units.js';
import { type AxisOption, isData, measureAlong, sliceOptions, wantsAxis, withoutAxis } from './alongAxis.js';
import { klDivergence } from './klDivergence.js';
import { entropyFast, readVectorThreads, VECTOR_KEYS } from './vectorFast.js';

/** Options of the measures: how the input is encoded and checked, and the unit of the result. */
export interface MeasureOptions extends DistributionOptions {
  /** Unit: a log base or `'nats'` (default, as SciPy and PyTorch), `'bits'`, `'hartleys'`. */
  base?: Base;
}

/** The `threads` option of the measures with a fast path over long vectors. */
export interface ThreadsOption {
  /**
   * Threads for a long Float64Array / Float32Array (the kernels' worker threads, Node ≥ 20.16 or pages
   * started with `startKernelThreads`): an integer in [1, 256], default 1. The result is the same for
   * every thread count.
   */
  threads?: number;
}

/**
 * Entropy of a source: H(p) (Shannon). Internal entry point for callers that already know the form.
 * @internal
 */
export function entropyNats(
  p: ArrayLike<number>,
  options: DistributionOptions | undefined,
  fn: string,
): number {
  const form = formOf(options);
  // Long float vectors of probabilities: the kernels (vectorFast.ts), or undefined for the loop below.
  const fast = form === 'probs' ? entropyFast(p, options) : undefined;
  if (fast !== undefined) return Math.max(fast, 0);
  const acc = new Accumulator();
  if (form === 'probs') {
    const q = readProbs(p, form, options, fn, 'p');
    for (let i = 0; i < q.length; i++) {
      const v = entr(q[i]);
      acc.add(v);
    }
  } else {
    // −Σ e^l·l straight from log space: no underflow to 0 before the product.
    const l = readLogProbs(p, form, options, fn, 'p');
    for (let i = 0; i < l.length; i++) {
      const li = l[i];
      const v = li === Number.NEGATIVE_INFINITY ? 0 : -Math.exp(li) * li;
      acc.add(v);
    }
  }
  const h = acc.value();
  return Math.max(h, 0);
}

/** Options of {@link entropy}: those of every measure (`base`, `from`, `normalize`, `tolerance`) and `axis`. */
export interface EntropyOptions extends MeasureOptions, AxisOption, ThreadsOption {}

/**
 * Shannon entropy, the expected surprisal: H(p) = −Σᵢ pᵢ log pᵢ, with 0·log 0 = 0.
 *
 * Maximal (log n) at the uniform distribution, 0 for a certain outcome. With `{ from: 'logits' }` it is
 * the entropy of softmax(x), computed without leaving log space.
 *
 * As `scipy.stats.entropy(pk, qk=None, base=None, axis=0)`: with a second distribution `qk` it is the KL
 * divergence D(pk ‖ qk) ({@link klDivergence}); with `axis` (or a tensor / nested arrays, measured along axis 0
 * by default) it returns one value per slice along that axis as a Float64Array, pk and qk broadcast against each
 * other and each slice normalised as SciPy does (unless `normalize: false`).
 *
 * Long vectors: a Float64Array or Float32Array of at least 4096 probabilities with the default checks is
 * validated and summed in one pass by the WebAssembly kernels (float64 SIMD log and exp within 2 ulp,
 * compensated sums; the same result within 1e-12 relative, the same errors), where the runtime has them;
 * `threads` shares the pass among the kernels' worker threads, with the same result for every count.
 *
 * @param p - probabilities (array or typed array) summing to 1; or log-probabilities / logits (see `from`);
 *   `{ data, shape }` or nested arrays with `axis`.
 * @example
 * ```ts
 * entropy([1, 1, 1, 1, 1, 1].map((w) => w / 6), { base: 'bits' }); // 2.584962500721156 (a fair die)
 * entropy([0.9, 0.1], { base: 2 });                              // 0.46899559358928117
 * entropy([2, 1, 1], { normalize: true });                       // 1.0397207708399179
 * entropy([0, 0, 10], { from: 'logits' });                       // 0.0009987118940573934
 * entropy([0.5, 0.5], [0.9, 0.1]);                               // 0.5108256237659907 (KL, as SciPy)
 * entropy([[1, 1], [1, 3]], { axis: 1 });                        // Float64Array [0.6931471805599453, 0.5623351446188083]
 * entropy(new Float64Array(1 << 20).fill(2 ** -20), { threads: 2 }); // 13.862943611198906 (= 20 ln 2)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless p is an array or typed array of numbers (or a tensor with
 *   `axis`), or when pk and qk do not broadcast, `EMPTY`, `NAN` (also for an entry that is not a number: a
 *   string, null, a boolean, a bigint, a hole of a sparse array, named by its index), `NEGATIVE_PROBABILITY`,
 *   `NOT_FINITE`, `NOT_NORMALIZED`, `INVALID_OPTION` (options that are not an object, an unknown key, base,
 *   tolerance, from, normalize, threads, an axis out of range).
 */
export function entropy(p: ArrayLike<number>, options?: EntropyOptions): number;
export function entropy(p: ArrayOrTensor, options: EntropyOptions & { axis: Axis }): Float64Array;
export function entropy(p: TensorLike | NestedArray, options?: EntropyOptions): Float64Array;
export function entropy(
  pk: ArrayOrTensor,
  qk: ArrayOrTensor,
  options?: EntropyOptions,
): number | Float64Array;
export function entropy(
  p: ArrayOrTensor,
  second?: EntropyOptions | ArrayOrTensor,
  third?: EntropyOptions,
): number | Float64Array {
  const fn = 'entropy';
  const q = isData(second) ? (second as ArrayOrTensor) : undefined;
  const options = (q === undefined ? second : third) as EntropyOptions | undefined;
  readOptions(options, fn, [...VECTOR_KEYS, 'axis']);
  const k = unitLog(options?.base, fn);
  readVectorThreads(options, fn);
  if (wantsAxis(p, options) || (q !== undefined && wantsAxis(q, undefined))) {
    const slice = sliceOptions(options);
    return measureAlong(p, q, options?.axis, fn, (ps, qs) =>
      qs === undefined ? entropyNats(ps, slice, fn) / k : klDivergence(ps, qs, slice),
    );
  }
  if (q !== undefined)
    return klDivergence(p as ArrayLike<number>, q as ArrayLike<number>, withoutAxis(options));
  return entropyNats(p as ArrayLike<number>, withoutAxis(options), fn) / k;
}
