import { type ArrayOrTensor, type Axis, alongAxes, readShaped } from './axes.js';
import { SurprisalError } from './errors.js';
import { logSumExpParts } from './logSumExp.js';
import { describe, readOptions, readThreadsOption } from './options.js';
import type { FloatTensor, NestedArray, TensorLike } from './tensor.js';
import { vectorKernelsFor } from './vectorKernels.js';

/** Float array type of a result: Float32Array for Float32Array input, Float64Array otherwise. */
export type FloatArrayFor<T> = T extends Float32Array ? Float32Array : Float64Array;

/** Tensor type of a result: Float32Array data for Float32Array data, Float64Array otherwise. */
export type FloatTensorFor<T> = T extends { data: Float32Array }
  ? FloatTensor<Float32Array>
  : FloatTensor<Float64Array>;

/** Options of {@link logSoftmax}. */
export interface LogSoftmaxOptions extends NormalizeOutputOptions {
  /**
   * Axis or axes along which exp of the result sums to 1 (negative counts from the end), as SciPy's `axis`.
   * Default: all of them (SciPy's default, `axis=None`); `axis: -1` normalises each row of a batch.
   */
  axis?: Axis;
}

/** The options {@link softmax} and {@link logSoftmax} share besides `axis`. */
export interface NormalizeOutputOptions {
  /**
   * Where to write the result (NumPy's and PyTorch's `out`): a Float64Array, or a Float32Array for
   * Float32Array input, of x's length; it may be x itself. Reusing one skips allocating (and, for large
   * arrays, first touching) a fresh array. Default: a new array.
   */
  out?: Float32Array | Float64Array;
  /**
   * Threads for a long Float64Array / Float32Array over all its entries (the kernels' worker threads): an
   * integer in [1, 256], default 1. The result is the same for every thread count.
   */
  threads?: number;
}

/**
 * The array a normalisation of `data` writes: `out` checked (x's float type and length, the same array as
 * x's data or apart from it), or a new one. @internal
 */
export function resultArray(data: ArrayLike<number>, out: unknown, fn: string): Float32Array | Float64Array {
  const n = data.length;
  const f32 = data instanceof Float32Array;
  if (out === undefined) return f32 ? new Float32Array(n) : new Float64Array(n);
  const type = f32 ? 'Float32Array' : 'Float64Array';
  const ok = f32 ? out instanceof Float32Array : out instanceof Float64Array;
  if (!ok || (out as Float32Array | Float64Array).length !== n) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: out must be a ${type} of length ${n} (x's float type and length); got ${describe(out)}`,
      { argument: 'out', value: out },
    );
  }
  const o = out as Float32Array | Float64Array;
  if (ArrayBuffer.isView(data) && o !== data && o.buffer === data.buffer) {
    const a0 = data.byteOffset;
    const b0 = o.byteOffset;
    if (a0 < b0 + o.byteLength && b0 < a0 + data.byteLength) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: out overlaps x without being x itself; pass x or an array apart from it`,
        { argument: 'out' },
      );
    }
  }
  return o;
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
 * are taken and summed by the WebAssembly kernels in one pass (as {@link logSumExp}; float64 SIMD exp within
 * 1 ulp, compensated sums; the same result within 1e-12 relative), where the runtime has them and the maximum
 * is finite; `threads` shares that pass among the kernels' worker threads, with the same result for every
 * count. `out` writes into an array you reuse (or x itself) instead of a new one, which for long vectors also
 * saves first touching fresh memory.
 *
 * @example
 * ```ts
 * logSoftmax([0, Math.log(3)]); // Float64Array [-1.3862943611198906, -0.2876820724517809]
 * logSoftmax([[1000, 1], [1000, 1]], { axis: 1 }).data; // Float64Array [0, -999, 0, -999]
 * const x = Float64Array.of(0, 0);
 * logSoftmax(x, { out: x }); // Float64Array [-0.6931471805599453, -0.6931471805599453] (in place)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array, typed array, nested arrays or
 *   `{ data, shape }` of numbers, `NAN` for an entry that is not a number (a string, null, a hole of a sparse
 *   array, ...), `EMPTY` for a tensor with a dimension of 0, `INVALID_OPTION` for an unknown option, a bad
 *   axis (not an integer, out of range, repeated), threads that is not an integer in [1, 256], or an out
 *   that is not x's float type (Float32Array for Float32Array input, else Float64Array) and length, or that
 *   overlaps x without being x.
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
  const fn = 'logSoftmax';
  const o = readOptions(options, fn, ['axis', 'out', 'threads']);
  const threads = readThreadsOption(o.threads, fn);
  const a = readShaped(x, fn, 'x');
  const out = resultArray(a.data, o.out, fn);
  // Over all entries of a long float vector: the kernels' passes (vectorKernels.ts), where the max is finite.
  const fast = o.axis === undefined ? vectorKernelsFor(a.data) : undefined;
  if (!fast?.logSoftmaxInto(a.data as Float64Array | Float32Array, out, threads))
    alongAxes(a, o.axis, fn, out, (src, dst) => logSoftmaxRow(src, dst, threads), false);
  return a.flat ? out : { data: out, shape: [...a.shape] };
}

/** Log-softmax of x into out. */
function logSoftmaxRow(x: ArrayLike<number>, out: Float32Array | Float64Array, threads: number): void {
  const n = x.length;
  const [m, r] = logSumExpParts(x, threads);
  if (m === Number.POSITIVE_INFINITY) {
    let k = 0;
    for (let i = 0; i < n; i++) if (x[i] === Number.POSITIVE_INFINITY) k++;
    const l = k === 1 ? 0 : -Math.log(k);
    for (let i = 0; i < n; i++) out[i] = x[i] === Number.POSITIVE_INFINITY ? l : Number.NEGATIVE_INFINITY;
    return;
  }
  for (let i = 0; i < n; i++) out[i] = x[i] - m - r;
}
