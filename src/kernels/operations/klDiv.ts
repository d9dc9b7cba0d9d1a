/**
 * Σ p·(log p − x) and its gradient over float32 arrays (kl_div in src/kernels/c/kl.c).
 * @module
 */
import { Accumulator } from '../../core/sum.js';
import type { Runtime } from '../runtime.js';
import { BLOCK_BYTES } from '../threads.js';

/**
 * Σ p·(log p − x) over float32 input x and target t (p = t, or exp(t) with `logTarget`), and the gradient
 * −p·scale into `grad`, by the wasm kernel (kl_div in c/kl.c), one thread, in blocks of 1 MiB per array
 * (arrays in kernel memory are read where they lie). Block sums are added in float64 (Neumaier). Returns
 * undefined, having written nothing useful, when a target is one the kernel leaves to the float64 path
 * (negative, NaN, +Infinity; above 88 with `logTarget`). @internal
 */
export function klDivWasm(
  rt: Runtime,
  x: Float32Array,
  t: Float32Array,
  logTarget: boolean,
  scale: number,
  grad: Float32Array | undefined,
): number | undefined {
  const { heap } = rt;
  const n = x.length;
  const xAt = heap.addressOf(x);
  const tAt = heap.addressOf(t);
  const block = Math.max(1, Math.min(n, BLOCK_BYTES / 4));
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const xs = take(4 * block);
    const ts = tAt === undefined ? take(4 * block) : 0;
    const badAt = take(4);
    const buf = heap.buffer();
    const xv = new Float32Array(buf, xs, block);
    const tv = tAt === undefined ? new Float32Array(buf, ts, block) : undefined;
    const bad = new Int32Array(buf, badAt, 1);
    const total = new Accumulator();
    for (let i0 = 0; i0 < n; i0 += block) {
      const len = Math.min(block, n - i0);
      // The gradient overwrites the block's copy of x (or goes to scratch when x is read in place).
      if (xAt === undefined) xv.set(x.subarray(i0, i0 + len));
      const x0 = xAt === undefined ? xs : xAt + 4 * i0;
      if (tv) tv.set(t.subarray(i0, i0 + len));
      const t0 = tv ? ts : (tAt as number) + 4 * i0;
      total.add(rt.exports.kl_div(x0, t0, grad ? xs : 0, len, logTarget ? 1 : 0, scale, badAt));
      if (bad[0] !== 0) return undefined;
      if (grad) grad.set(len === xv.length ? xv : xv.subarray(0, len), i0);
    }
    return total.value();
  } finally {
    scratch.release();
  }
}
