/**
 * Entropy of softmax of each row of a float32 logit matrix (entropy_rows in src/kernels/c/entropy.c).
 * @module
 */
import type { Runtime } from '../runtime.js';
import { runRows } from './rows.js';

/**
 * Entropy (nats) of softmax of each row of a float32 [n, c] logit matrix, by the wasm kernel
 * (entropy_rows in c/entropy.c), on up to `threads` threads. NaN for rows whose max is not finite (the caller's
 * TypeScript path takes them). @internal
 */
export function entropyRowsWasm(
  rt: Runtime,
  x: Float32Array,
  n: number,
  c: number,
  threads = 1,
): Float64Array {
  const h = new Float64Array(n);
  runRows(rt, n, c, threads, {
    fn: 'entropy_rows',
    inputs: [x],
    outputs: [h],
    args: ([px], [ph], rows) => [px, rows, c, ph],
  });
  return h;
}
