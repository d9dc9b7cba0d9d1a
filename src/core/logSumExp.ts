import { readNumberArray } from './sum.js';

/**
 * Log of the sum of exponentials, log Σᵢ exp(xᵢ), without overflow or underflow.
 *
 * Computed as m + log1p(Σ_{i≠i*} exp(xᵢ − m)) with m = xᵢ* = max x, so the result is exact to rounding
 * even for |x| ≈ 1e308, and a dominant term keeps full relative precision.
 * An empty input or one that is all −Infinity gives −Infinity (the log of an empty sum); any +Infinity
 * gives +Infinity; NaN propagates, as in `scipy.special.logsumexp`.
 *
 * @example
 * ```ts
 * logSumExp([1000, 1000]); // 1000.6931471805599
 * logSumExp([]);           // -Infinity
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x is an array or typed array of numbers, `NAN` for an entry
 *   that is not a number (a string, null, a hole of a sparse array, ...).
 */
export function logSumExp(x: ArrayLike<number>): number {
  readNumberArray(x, 'logSumExp', 'x');
  const [m, r] = logSumExpParts(x);
  return m + r;
}

/**
 * log Σ exp(x) as the pair [m, r] with m = max x and r = log1p(Σ_{i≠i*} exp(xᵢ − m)), so that callers can
 * form xᵢ − lse as (xᵢ − m) − r, which keeps r's precision when |m| is large (as SciPy's log_softmax does).
 * NaN gives [NaN, 0]; empty or all −Infinity gives [−Infinity, 0]; any +Infinity gives [+Infinity, 0].
 * @internal
 */
export function logSumExpParts(x: ArrayLike<number>): [number, number] {
  const n = x.length;
  let m = Number.NEGATIVE_INFINITY;
  let arg = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isNaN(v)) return [Number.NaN, 0];
    if (v > m) {
      m = v;
      arg = i;
    }
  }
  if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) return [m, 0];
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (i === arg) continue;
    const e = Math.exp(x[i] - m);
    const t = s + e;
    c += s >= e ? s - t + e : e - t + s;
    s = t;
  }
  return [m, Math.log1p(s + c)];
}
