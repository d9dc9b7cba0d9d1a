import { type ArrayOrTensor, type Axis, alongAxes, readShaped } from './axes.js';
import { logSumExpParts } from './logSumExp.js';
import { readOptions } from './options.js';
import type { FloatTensor, NestedArray, TensorLike } from './tensor.js';

/** Float array type of a result: Float32Array for Float32Array input, Float64Array otherwise. */
export type FloatArrayFor<T> = T extends Float32Array ? Float32Array : Float64Array;

/** Tensor type of a result: Float32Array data for Float32Array data, Float64Array otherwise. */
export type FloatTensorFor<T> = T extends { data: Float32Array }
  ? FloatTensor<Float32Array>
  : FloatTensor<Float64Array>;

/** Options of {@link logSoftmax}. */
export interface LogSoftmaxOptions {
  /**
   * Axis or axes along which exp of the result sums to 1 (negative counts from the end), as SciPy's `axis`.
   * Default: all of them (SciPy's default, `axis=None`); `axis: -1` normalises each row of a batch.
   */
  axis?: Axis;
}

/**
 * Log-softmax, log pᵢ = xᵢ − log Σⱼ exp(xⱼ), computed in float64 without leaving log space, over all entries
 * or along `axis` (`scipy.special.log_softmax(x, axis)`).
 *
 * Entries at −Infinity get −Infinity (probability 0). If some entries are +Infinity the limit is taken:
 * those entries share the mass equally (log(1/k)) and the others get −Infinity (SciPy gives NaN). An all
 * −Infinity or empty slice has no softmax: the result is NaN, as in PyTorch and SciPy.
 * A flat array gives a flat array; nested arrays or `{ data, shape }` give `{ data, shape }` of the same
 * shape. The result has the input's float type (Float32Array stays Float32Array; anything else gives
 * Float64Array).
 *
 * Long vectors: over all entries of a Float64Array or Float32Array of at least 4096 elements the exponentials
 * are taken and summed by the WebAssembly kernels (float64 SIMD exp within 1 ulp, compensated sums; the same
 * result within 1e-12 relative), where the runtime has them and the maximum is finite.
 *
 * @example
 * ```ts
 * logSoftmax([0, Math.log(3)]); // Float64Array [-1.3862943611198906, -0.2876820724517809]
 * logSoftmax([[1000, 1], [1000, 1]], { axis: 1 }).data; // Float64Array [0, -999, 0, -999]
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array, typed array, nested arrays or
 *   `{ data, shape }` of numbers, `NAN` for an entry that is not a number (a string, null, a hole of a sparse
 *   array, ...), `EMPTY` for a tensor with a dimension of 0, `INVALID_OPTION` for an unknown option or a bad
 *   axis (not an integer, out of range, repeated).
 */
export function logSoftmax<T extends ArrayLike<number>>(x: T, options?: LogSoftmaxOptions): FloatArrayFor<T>;
export function logSoftmax<T extends TensorLike | NestedArray>(
  x: T,
  options?: LogSoftmaxOptions,
): FloatTensorFor<T>;
export function logSoftmax(
  x: ArrayOrTensor,
  options?: LogSoftmaxOptions,
): Float32Array | Float64Array | { data: Float32Array | Float64Array; shape: number[] } {
  const o = readOptions(options, 'logSoftmax', ['axis']);
  const a = readShaped(x, 'logSoftmax', 'x');
  const n = a.data.length;
  const out = a.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  alongAxes(a, o.axis, 'logSoftmax', out, logSoftmaxRow, false);
  return a.flat ? out : { data: out, shape: [...a.shape] };
}

/** Log-softmax of x into out. */
function logSoftmaxRow(x: ArrayLike<number>, out: Float32Array | Float64Array): void {
  const n = x.length;
  const [m, r] = logSumExpParts(x);
  if (m === Number.POSITIVE_INFINITY) {
    let k = 0;
    for (let i = 0; i < n; i++) if (x[i] === Number.POSITIVE_INFINITY) k++;
    const l = k === 1 ? 0 : -Math.log(k);
    for (let i = 0; i < n; i++) out[i] = x[i] === Number.POSITIVE_INFINITY ? l : Number.NEGATIVE_INFINITY;
    return;
  }
  for (let i = 0; i < n; i++) out[i] = x[i] - m - r;
}
