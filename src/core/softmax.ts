import { type ArrayOrTensor, type Axis, alongAxes, readShaped } from './axes.js';
import {
  type FloatArrayFor,
  type FloatTensorFor,
  type NormalizeOutputOptions,
  resultArray,
} from './logSoftmax.js';
import { readOptions, readThreadsOption } from './options.js';
import type { NestedArray, TensorLike } from './tensor.js';
import { vectorKernelsFor } from './vectorKernels.js';

/** Options of {@link softmax}. */
export interface SoftmaxOptions extends NormalizeOutputOptions {
  /**
   * Axis or axes along which the result sums to 1 (negative counts from the end), as SciPy's `axis`.
   * Default: all of them (SciPy's default, `axis=None`); `axis: -1` normalises each row of a batch.
   */
  axis?: Axis;
}

/**
 * Softmax, pᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m = max x, accumulated in float64, over all entries or
 * along `axis` (`scipy.special.softmax(x, axis)`).
 *
 * −Infinity entries get probability 0; +Infinity entries share the mass equally (the limit; SciPy gives NaN).
 * An all −Infinity or empty slice has no softmax: NaN, as in PyTorch and SciPy.
 * A flat array gives a flat array; nested arrays or `{ data, shape }` give `{ data, shape }` of the same
 * shape. The result has the input's float type.
 *
 * Long vectors: over all entries of a Float64Array or Float32Array of at least 4096 elements the exponentials
 * are taken and summed by the WebAssembly kernels (float64 SIMD exp within 1 ulp, compensated sums; the same
 * result within 1e-12 relative), where the runtime has them and the maximum is finite. A float64 vector into
 * another array takes one exp per entry: exp(x − m_b) at each block's maximum, then scaled by
 * exp(m_b − m)/S (within 4e-15 of exp(x − m)/S). `threads` shares the passes among the kernels' worker
 * threads, with the same result for every count; `out` writes into an array you reuse (or x itself) instead
 * of a new one, which for long vectors also saves first touching fresh memory.
 *
 * @example
 * ```ts
 * softmax([0, Math.log(3)]); // Float64Array [0.25, 0.75]
 * softmax([[1000, 0], [1000, 0]], { axis: 0 }).data; // Float64Array [0.5, 0.5, 0.5, 0.5]
 * const out = new Float64Array(2);
 * softmax([0, 0], { out }) === out; // true
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array, typed array, nested arrays or
 *   `{ data, shape }` of numbers, `NAN` for an entry that is not a number (a string, null, a hole of a sparse
 *   array, ...), `EMPTY` for a tensor with a dimension of 0, `INVALID_OPTION` for an unknown option, a bad
 *   axis (not an integer, out of range, repeated), threads that is not an integer in [1, 256], or an out
 *   that is not x's float type (Float32Array for Float32Array input, else Float64Array) and length, or that
 *   overlaps x without being x.
 */
export function softmax<T extends ArrayLike<number>>(x: T, options?: SoftmaxOptions): FloatArrayFor<T>;
export function softmax<T extends TensorLike | NestedArray>(
  x: T,
  options?: SoftmaxOptions,
): FloatTensorFor<T>;
export function softmax(
  x: ArrayOrTensor,
  options?: SoftmaxOptions,
): Float32Array | Float64Array | { data: Float32Array | Float64Array; shape: number[] } {
  const fn = 'softmax';
  const o = readOptions(options, fn, ['axis', 'out', 'threads']);
  const threads = readThreadsOption(o.threads, fn);
  const a = readShaped(x, fn, 'x');
  const out = resultArray(a.data, o.out, fn);
  // Over all entries of a long float vector: the kernels' passes (vectorKernels.ts), where the max is finite.
  const fast = o.axis === undefined ? vectorKernelsFor(a.data) : undefined;
  if (!fast?.softmaxInto(a.data as Float64Array | Float32Array, out, threads))
    alongAxes(a, o.axis, 'softmax', out, softmaxRow);
  return a.flat ? out : { data: out, shape: [...a.shape] };
}

/** Softmax of x into out, with e a scratch array of x.length values. */
function softmaxRow(x: ArrayLike<number>, out: Float32Array | Float64Array, e: Float64Array): void {
  const n = x.length;
  let m = Number.NEGATIVE_INFINITY;
  let nan = n === 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isNaN(v)) nan = true;
    else if (v > m) m = v;
  }
  if (nan || m === Number.NEGATIVE_INFINITY) {
    out.fill(Number.NaN, 0, n);
    return;
  }
  if (m === Number.POSITIVE_INFINITY) {
    let k = 0;
    for (let i = 0; i < n; i++) if (x[i] === m) k++;
    for (let i = 0; i < n; i++) out[i] = x[i] === m ? 1 / k : 0;
    return;
  }
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.exp(x[i] - m);
    e[i] = v;
    const t = s + v;
    c += s >= v ? s - t + v : v - t + s;
    s = t;
  }
  s += c;
  for (let i = 0; i < n; i++) out[i] = e[i] / s;
}
