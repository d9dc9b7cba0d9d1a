import {
  type ArrayOrTensor,
  type Axis,
  axisLayout,
  broadcastShapes,
  broadcastTo,
  readAxis,
  readShaped,
} from './axes.js';
import { SurprisalError } from './errors.js';
import { readBooleanOption, readOptions, readThreadsOption } from './options.js';
import { readNumberArray } from './sum.js';
import type { FloatTensor } from './tensor.js';
import { vectorKernelsFor } from './vectorKernels.js';

/** Options of {@link logSumExp}, SciPy's `logsumexp(a, axis, b, keepdims, return_sign)`. */
export interface LogSumExpOptions {
  /**
   * Weights b of the sum log Σ bᵢ exp(xᵢ) (SciPy's `b`): the shape of x or one that broadcasts against it
   * (NumPy rules); negative weights subtract. A weight of 0 drops its term, even a NaN or infinite one.
   */
  weights?: ArrayOrTensor;
  /** Axis or axes to sum over (negative counts from the end); default all: the result is then a number. */
  axis?: Axis;
  /** Keep the summed axes as dimensions of size 1 (SciPy's `keepdims`; default false). */
  keepDims?: boolean;
  /**
   * Return `{ value, sign }`: value = log |Σ bᵢ exp(xᵢ)| and sign = +1, −1, or 0 for a sum of exactly 0
   * (SciPy's `return_sign`). Without it a negative sum gives NaN, as SciPy.
   */
  returnSign?: boolean;
  /**
   * Threads for a long Float64Array / Float32Array summed whole without weights (the kernels' worker
   * threads): an integer in [1, 256], default 1. The result is the same for every thread count.
   */
  threads?: number;
}

/** The result of {@link logSumExp} with `returnSign`: log |Σ bᵢ exp(xᵢ)| and the sign of the sum. */
export interface SignedLogSumExp<T = number> {
  value: T;
  sign: T;
}

type Whole = { axis?: undefined; keepDims?: false; returnSign?: false };
type WholeSigned = { axis?: undefined; keepDims?: false; returnSign: true };

/**
 * Log of the sum of exponentials, log Σᵢ exp(xᵢ), without overflow or underflow; with weights, log Σᵢ bᵢ exp(xᵢ)
 * (`scipy.special.logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False)`).
 *
 * Computed as m + log|w| + log1p(s/w) with m = max x, w the sum of the weights of the terms at the maximum
 * and s = Σ_{xᵢ<m} bᵢ exp(xᵢ − m) (compensated sums), so the result is exact to rounding even for |x| ≈ 1e308
 * and a dominant term keeps full relative precision (SciPy's gh-18295). When the weights at the maximum
 * cancel exactly, the next largest x takes its place (SciPy then gives NaN or loses the smaller terms).
 * Weights of 1e300 or 1e-300 are scaled by a power of two first, so their sum cannot overflow.
 *
 * Over all entries (no `axis`, no `keepDims`) the result is a number; with `axis` (or `keepDims`) it is a
 * `{ data, shape }` tensor over the remaining axes (a Float32Array for Float32Array input). x may be a flat
 * array, nested arrays or `{ data, shape }`; weights the same, broadcast against x.
 * An empty input or one that is all −Infinity gives −Infinity (the log of an empty sum, sign 0); +Infinity
 * terms give +Infinity (NaN if +Infinity terms of both signs meet); NaN propagates, as in SciPy.
 *
 * Long vectors: over all entries of a Float64Array or Float32Array of at least 4096 elements, without
 * weights or returnSign, the WebAssembly kernels take and sum the exponentials in one pass over x (each block
 * of 2¹⁵ entries at its own maximum, the blocks combined at the overall one; float64 SIMD exp within 1 ulp,
 * compensated sums; the same result within 1e-12 relative), where the runtime has them and the maximum is
 * finite; `threads` shares the pass among the kernels' worker threads, with the same result for every count.
 *
 * @example
 * ```ts
 * logSumExp([1000, 1000]); // 1000.6931471805599
 * logSumExp([]);           // -Infinity
 * logSumExp([1, 2], { weights: [1, -1], returnSign: true }).sign; // -1
 * logSumExp([[0, 0], [1, 1]], { axis: 1 }).data[0]; // 0.6931471805599453
 * logSumExp(new Float64Array(1 << 20), { threads: 2 }); // 13.862943611198906 (= 20 ln 2)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` unless x (and weights) are arrays, nested arrays or `{ data, shape }`
 *   of numbers, or when the weights do not broadcast against x; `NAN` for an entry that is not a number (a
 *   string, null, a hole of a sparse array, ...); `INVALID_OPTION` for an unknown option, a bad axis
 *   (not an integer, out of range, repeated), a returnSign / keepDims that is not a boolean or threads
 *   that is not an integer in [1, 256];
 *   `TOO_LARGE` for a broadcast past the largest array.
 */
export function logSumExp(x: ArrayOrTensor, options?: LogSumExpOptions & Whole): number;
export function logSumExp(x: ArrayOrTensor, options: LogSumExpOptions & WholeSigned): SignedLogSumExp<number>;
export function logSumExp(x: ArrayOrTensor, options: LogSumExpOptions & { returnSign?: false }): FloatTensor;
export function logSumExp(
  x: ArrayOrTensor,
  options: LogSumExpOptions & { returnSign: true },
): SignedLogSumExp<FloatTensor>;
export function logSumExp(
  x: ArrayOrTensor,
  options?: LogSumExpOptions,
): number | FloatTensor | SignedLogSumExp<number> | SignedLogSumExp<FloatTensor>;
export function logSumExp(
  x: ArrayOrTensor,
  options?: LogSumExpOptions,
): number | FloatTensor | SignedLogSumExp<number> | SignedLogSumExp<FloatTensor> {
  const fn = 'logSumExp';
  if (options === undefined && (ArrayBuffer.isView(x) || (Array.isArray(x) && !Array.isArray(x[0])))) {
    // The plain call on a flat array: the hot path of the library's own callers.
    const flat = readNumberArray(x, fn, 'x');
    const [m, r] = logSumExpParts(flat);
    return m + r;
  }
  const o = readOptions(options, fn, ['weights', 'axis', 'keepDims', 'returnSign', 'threads']);
  const returnSign = readBooleanOption(o.returnSign, false, 'returnSign', fn);
  const keepDims = readBooleanOption(o.keepDims, false, 'keepDims', fn);
  const threads = readThreadsOption(o.threads, fn);
  const a = readShaped(x, fn, 'x');
  let shape = a.shape;
  let data = a.data;
  let weights: ArrayLike<number> | undefined;
  if (o.weights !== undefined) {
    const b = readShaped(o.weights, fn, 'weights');
    const target = broadcastShapes(shape, b.shape);
    if (target === undefined) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: weights of shape [${b.shape.join(', ')}] do not broadcast against x of shape [${shape.join(', ')}]`,
        { argument: 'weights', value: b.shape },
      );
    }
    data = broadcastTo(data, shape, target, fn, 'x');
    weights = broadcastTo(b.data, b.shape, target, fn, 'weights');
    shape = target;
  }
  const axes = readAxis(o.axis, shape.length, fn);
  const whole = o.axis === undefined && !keepDims;
  const result: [number, number] = [0, 0];
  if (whole && weights === undefined && !returnSign && vectorKernelsFor(data) !== undefined) {
    const [m, r] = logSumExpParts(data, threads);
    return m + r;
  }
  if (whole) {
    signedLogSumExp(data, weights, 0, null, data.length, result);
    const [value, sign] = result;
    return returnSign ? { value, sign } : unsigned(value, sign);
  }
  const layout = axisLayout(shape, axes);
  const outShape = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : layout.keptShape;
  const k = layout.outer.length;
  const f32 = a.data instanceof Float32Array;
  const value = f32 ? new Float32Array(k) : new Float64Array(k);
  const sign = f32 ? new Float32Array(k) : new Float64Array(k);
  for (let i = 0; i < k; i++) {
    signedLogSumExp(data, weights, layout.outer[i], layout.inner, layout.inner.length, result);
    value[i] = returnSign ? result[0] : unsigned(result[0], result[1]);
    sign[i] = result[1];
  }
  if (!returnSign) return { data: value, shape: outShape };
  return { value: { data: value, shape: outShape }, sign: { data: sign, shape: [...outShape] } };
}

/** The value without its sign, as SciPy: NaN for a negative sum. */
function unsigned(value: number, sign: number): number {
  return sign < 0 ? Number.NaN : value;
}

/** Weights past this magnitude (or below its inverse) are scaled by a power of two before summing. */
const WEIGHT_SCALE = 2 ** 900;

/**
 * log |Σ bᵢ exp(aᵢ)| and its sign over the n elements `base + inner[r]` of a and b (inner null: the first n;
 * b absent: all 1), into out = [value, sign].
 */
function signedLogSumExp(
  a: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  base: number,
  inner: Float64Array | null,
  n: number,
  out: [number, number],
): void {
  let m = Number.NEGATIVE_INFINITY;
  let infSign = 0;
  let bmax = 0;
  for (let r = 0; r < n; r++) {
    const i = inner === null ? r : base + inner[r];
    const bi = b === undefined ? 1 : b[i];
    if (bi === 0) continue;
    const ai = a[i];
    if (Number.isNaN(ai) || Number.isNaN(bi)) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    if (ai === Number.NEGATIVE_INFINITY) {
      if (Math.abs(bi) === Number.POSITIVE_INFINITY) {
        // ∞·e^{−∞}: no value, as in SciPy (b·exp(a) is NaN).
        out[0] = Number.NaN;
        out[1] = Number.NaN;
        return;
      }
      continue;
    }
    if (ai === Number.POSITIVE_INFINITY || Math.abs(bi) === Number.POSITIVE_INFINITY) {
      const s = bi > 0 ? 1 : -1;
      infSign = infSign === 0 || infSign === s ? s : Number.NaN;
      continue;
    }
    if (ai > m) m = ai;
    const ab = Math.abs(bi);
    if (ab > bmax) bmax = ab;
  }
  if (infSign !== 0) {
    out[0] = Number.isNaN(infSign) ? Number.NaN : Number.POSITIVE_INFINITY;
    out[1] = infSign;
    return;
  }
  if (m === Number.NEGATIVE_INFINITY) {
    out[0] = Number.NEGATIVE_INFINITY;
    out[1] = 0;
    return;
  }
  // Scale extreme weights by 2^−e, as two factors applied in turn (2^−e alone may overflow or underflow);
  // each product is exact unless it leaves the normal range.
  let scale = 1;
  let scale2 = 1;
  let logScale = 0;
  if (b !== undefined && (bmax > WEIGHT_SCALE || bmax < 1 / WEIGHT_SCALE)) {
    const e = Math.round(Math.log2(bmax));
    scale = 2 ** -Math.trunc(e / 2);
    scale2 = 2 ** -(e - Math.trunc(e / 2));
    logScale = e * Math.LN2;
  }
  // w: the weights at the maximum; s: the other terms relative to it (both Neumaier sums).
  let w = 0;
  let cw = 0;
  let s = 0;
  let cs = 0;
  for (let r = 0; r < n; r++) {
    const i = inner === null ? r : base + inner[r];
    const bi = b === undefined ? 1 : b[i] * scale * scale2;
    const ai = a[i];
    if (bi === 0 || ai === Number.NEGATIVE_INFINITY) continue;
    if (ai === m) {
      const t = w + bi;
      cw += Math.abs(w) >= Math.abs(bi) ? w - t + bi : bi - t + w;
      w = t;
    } else {
      const v = bi * Math.exp(ai - m);
      const t = s + v;
      cs += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
  }
  w += cw;
  s += cs;
  if (w === 0) {
    // The weights at the maximum cancel: the sum is that of the smaller terms (rare; sorted by x).
    [m, w, s] = belowCancelled(a, b, scale, scale2, base, inner, n);
    if (w === 0) {
      out[0] = Number.NEGATIVE_INFINITY;
      out[1] = 0;
      return;
    }
  }
  const q = s / w;
  const sign = (w > 0 ? 1 : -1) * (q > -1 ? 1 : q < -1 ? -1 : 0);
  // |1 + q|: log1p(q) for q > −1, log(−1 − q) = log1p(−2 − q) below.
  const l = q >= -1 ? Math.log1p(q) : Math.log1p(-2 - q);
  out[0] = m + (logScale + (Math.log(Math.abs(w)) + l));
  out[1] = sign;
}

/**
 * [m, w, s] as in {@link signedLogSumExp} once the groups of equal x at the top whose weights sum to exactly 0
 * are dropped: the terms sorted by x, summed group by group from the largest.
 */
function belowCancelled(
  a: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  scale: number,
  scale2: number,
  base: number,
  inner: Float64Array | null,
  n: number,
): [number, number, number] {
  const idx: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = inner === null ? r : base + inner[r];
    const bi = b === undefined ? 1 : b[i];
    if (bi !== 0 && a[i] !== Number.NEGATIVE_INFINITY) idx.push(i);
  }
  idx.sort((i, j) => a[j] - a[i]);
  let g = 0;
  while (g < idx.length) {
    const m = a[idx[g]];
    let w = 0;
    let cw = 0;
    let h = g;
    for (; h < idx.length && a[idx[h]] === m; h++) {
      const bi = b === undefined ? 1 : b[idx[h]] * scale * scale2;
      const t = w + bi;
      cw += Math.abs(w) >= Math.abs(bi) ? w - t + bi : bi - t + w;
      w = t;
    }
    w += cw;
    if (w !== 0) {
      let s = 0;
      let cs = 0;
      for (let r = h; r < idx.length; r++) {
        const i = idx[r];
        const v = (b === undefined ? 1 : b[i] * scale * scale2) * Math.exp(a[i] - m);
        const t = s + v;
        cs += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
        s = t;
      }
      return [m, w, s + cs];
    }
    g = h;
  }
  return [Number.NEGATIVE_INFINITY, 0, 0];
}

/**
 * log Σ exp(x) as the pair [m, r] with m = max x and r = log1p(Σ_{i≠i*} exp(xᵢ − m)), so that callers can
 * form xᵢ − lse as (xᵢ − m) − r, which keeps r's precision when |m| is large (as SciPy's log_softmax does).
 * NaN gives [NaN, 0]; empty or all −Infinity gives [−Infinity, 0]; any +Infinity gives [+Infinity, 0].
 * @internal
 */
export function logSumExpParts(x: ArrayLike<number>, threads = 1): [number, number] {
  // Long float vectors: the kernels' passes (vectorKernels.ts), where they are loaded and the max is finite.
  const fast = vectorKernelsFor(x)?.logSumExpParts(x as Float64Array | Float32Array, threads);
  if (fast !== undefined) return fast;
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
