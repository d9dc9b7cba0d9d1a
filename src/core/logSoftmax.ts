import { logSumExpParts } from './logSumExp.js';
import { readNumberArray } from './sum.js';

/** Float array type of a result: Float32Array for Float32Array input, Float64Array otherwise. */
export type FloatArrayFor<T> = T extends Float32Array ? Float32Array : Float64Array;

/** A new float array of the input's float type (Float32Array in, Float32Array out; else Float64Array). */
export function floatLike<T extends ArrayLike<number>>(x: T, n: number): FloatArrayFor<T> {
  return (x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)) as FloatArrayFor<T>;
}

/**
 * Log-softmax, log pᵢ = xᵢ − log Σⱼ exp(xⱼ), computed in float64 without leaving log space.
 *
 * Entries at −Infinity get −Infinity (probability 0). If some entries are +Infinity the limit is taken:
 * those entries share the mass equally (log(1/k)) and the others get −Infinity. An all −Infinity or
 * empty input has no softmax: the result is NaN, as in PyTorch and SciPy.
 * The result has the input's float type (Float32Array stays Float32Array; anything else gives Float64Array).
 *
 * @example
 * ```ts
 * logSoftmax([0, Math.log(3)]); // Float64Array [-1.3862943611198906, -0.2876820724517809]
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array or typed array of numbers, `NAN` for an entry
 *   that is not a number (a string, null, a hole of a sparse array, ...).
 */
export function logSoftmax<T extends ArrayLike<number>>(x: T): FloatArrayFor<T> {
  readNumberArray(x, 'logSoftmax', 'x');
  const n = x.length;
  const out = floatLike(x, n);
  const [m, r] = logSumExpParts(x);
  if (m === Number.POSITIVE_INFINITY) {
    let k = 0;
    for (let i = 0; i < n; i++) if (x[i] === Number.POSITIVE_INFINITY) k++;
    const l = k === 1 ? 0 : -Math.log(k);
    for (let i = 0; i < n; i++) out[i] = x[i] === Number.POSITIVE_INFINITY ? l : Number.NEGATIVE_INFINITY;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = x[i] - m - r;
  return out;
}
