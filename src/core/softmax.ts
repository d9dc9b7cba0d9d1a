import { type FloatArrayFor, floatLike } from './logSoftmax.js';
import { readNumberArray } from './sum.js';

/**
 * Softmax, pᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m = max x, accumulated in float64.
 *
 * −Infinity entries get probability 0; +Infinity entries share the mass equally (the limit).
 * An all −Infinity or empty input has no softmax: NaN, as in PyTorch and SciPy.
 * The result has the input's float type.
 *
 * @example
 * ```ts
 * softmax([0, Math.log(3)]); // Float64Array [0.25, 0.75]
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array or typed array of numbers, `NAN` for an entry
 *   that is not a number (a string, null, a hole of a sparse array, ...).
 */
export function softmax<T extends ArrayLike<number>>(x: T): FloatArrayFor<T> {
  readNumberArray(x, 'softmax', 'x');
  const n = x.length;
  const out = floatLike(x, n);
  let m = Number.NEGATIVE_INFINITY;
  let nan = n === 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isNaN(v)) nan = true;
    else if (v > m) m = v;
  }
  if (nan || m === Number.NEGATIVE_INFINITY) return out.fill(Number.NaN) as FloatArrayFor<T>;
  if (m === Number.POSITIVE_INFINITY) {
    let k = 0;
    for (let i = 0; i < n; i++) if (x[i] === m) k++;
    for (let i = 0; i < n; i++) out[i] = x[i] === m ? 1 / k : 0;
    return out;
  }
  const e = new Float64Array(n);
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
  return out;
}
