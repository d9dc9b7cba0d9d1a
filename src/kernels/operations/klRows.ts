/**
 * Per-row KL divergence, argmaxes, maxima and log-sum-exps of two float32 logit matrices (kl_rows in
 * src/kernels/c/kl.c).
 * @module
 */
import type { Runtime } from '../runtime.js';
import { runRows } from './rows.js';

/** Per-row statistics of two float32 [n, v] logit matrices, from {@link klRowsWasm}. @internal */
export interface KlRowStats {
  /** KL(a‖b) per row, clamped at 0; NaN where a row's max is not finite (left to the caller). */
  kl: Float64Array;
  topA: Int32Array;
  topB: Int32Array;
  maxA: Float64Array;
  /** log Σ exp(a − maxA). */
  logSumA: Float64Array;
  maxB: Float64Array;
  logSumB: Float64Array;
}

/**
 * KL(a‖b), argmaxes, maxima and log-sum-exps per row of two float32 [n, v] logit matrices, by the wasm
 * kernel (kl_rows in c/kl.c), on up to `threads` threads (see {@link runRows}). Rows whose maxA or maxB is
 * not finite (NaN, ±Infinity) carry no statistics but their maxima: the caller computes them on the
 * TypeScript path. @internal
 */
export function klRowsWasm(
  rt: Runtime,
  a: Float32Array,
  b: Float32Array,
  n: number,
  v: number,
  threads = 1,
): KlRowStats {
  const out: KlRowStats = {
    kl: new Float64Array(n),
    topA: new Int32Array(n),
    topB: new Int32Array(n),
    maxA: new Float64Array(n),
    logSumA: new Float64Array(n),
    maxB: new Float64Array(n),
    logSumB: new Float64Array(n),
  };
  runRows(rt, n, v, threads, {
    fn: 'kl_rows',
    inputs: [a, b],
    outputs: [out.kl, out.maxA, out.logSumA, out.maxB, out.logSumB, out.topA, out.topB],
    args: ([pa, pb], o, rows) => [pa, pb, rows, v, ...o],
  });
  return out;
}
