/**
 * Cross entropy of softmax rows with class-index targets, value and gradient (ce_rows in
 * src/kernels/c/crossEntropy.c), over float32 [n, c] logits, on one thread or several.
 * @module
 */
import type { KernelPool, KernelTask } from '../pool.js';
import type { Runtime } from '../runtime.js';
import { BLOCK_BYTES, runTasks, split, threadsFor } from '../threads.js';

/**
 * Classes per row from which ordinary logits on several threads are pipelined (the workers compute, the
 * calling thread only copies). For shorter rows every thread computes and the caller copies between blocks:
 * measured on 2 threads, interleaved medians (ms), pipelined vs not: C = 10: 3.7 vs 2.3; C = 200: 3.9 vs 2.7;
 * C = 1000: 6.7 vs 6.0; C = 8192: 23.7 vs 23.5; C = 16384: 21.7 vs 23.2; C = 32000: 42.0 vs 45.6.
 */
const PIPELINE_MIN_CLASSES = 16384;

interface PipelinedCall {
  data: Float32Array;
  n: number;
  c: number;
  y: Int32Array;
  yAt: number | undefined;
  ignore: number;
  scale: number;
  scales: Float64Array | undefined;
  grad: Float32Array | undefined;
  gAt: number | undefined;
  losses: Float64Array;
}

/**
 * crossEntropyRowsWasm for ordinary (not kernel-memory) logits on `workers` worker threads, double-buffered:
 * while the workers run block i, this thread copies block i − 1's gradient and losses out and block i + 1's
 * logits in. With a fresh gradient most of this thread's time goes to the page faults of the new array, which
 * now overlap the kernel instead of adding to it.
 */
function crossEntropyPipelined(rt: Runtime, pool: KernelPool, workers: number, call: PipelinedCall): void {
  const { heap } = rt;
  const { data, n, c, y, yAt, ignore, scale, scales, grad, gAt, losses } = call;
  const chunk = Math.min(n, workers * Math.max(1, Math.floor(BLOCK_BYTES / (4 * c))));
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const slots = [0, 1].map(() => {
      const x = take(4 * chunk * c);
      const ys = yAt === undefined ? take(4 * chunk) : 0;
      const l = take(8 * chunk);
      const sc = scales ? take(8 * chunk) : 0;
      const buf = heap.buffer();
      return {
        x,
        ys,
        l,
        sc,
        xv: new Float32Array(buf, x, chunk * c),
        yv: yAt === undefined ? new Int32Array(buf, ys, chunk) : undefined,
        lv: new Float64Array(buf, l, chunk),
        sv: scales ? new Float64Array(buf, sc, chunk) : undefined,
      };
    });
    const blockCount = Math.ceil(n / chunk);
    const rowsOf = (i: number) => Math.min(chunk, n - i * chunk);
    const copyIn = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      slot.xv.set(data.subarray(r0 * c, (r0 + rows) * c));
      slot.yv?.set(y.subarray(r0, r0 + rows));
      if (scales) slot.sv?.set(scales.subarray(r0, r0 + rows));
    };
    const dispatch = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const y0 = yAt === undefined ? slot.ys : yAt + 4 * r0;
      const g0 = !grad ? 0 : gAt !== undefined ? gAt + 4 * r0 * c : slot.x;
      pool.begin(
        split(rowsOf(i), workers).map(([r, count]) => ({
          fn: 'ce_rows',
          args: [
            slot.x + 4 * r * c,
            g0 ? g0 + 4 * r * c : 0,
            y0 + 4 * r,
            slot.l + 8 * r,
            scales ? slot.sc + 8 * r : 0,
            count,
            c,
            ignore,
            scale,
          ],
        })),
      );
    };
    const copyOut = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      if (grad && gAt === undefined) grad.set(slot.xv.subarray(0, rows * c), r0 * c);
      losses.set(slot.lv.subarray(0, rows), r0);
    };
    copyIn(0);
    dispatch(0);
    for (let i = 1; i < blockCount; i++) {
      copyIn(i);
      pool.join();
      dispatch(i);
      copyOut(i - 1);
    }
    pool.join();
    copyOut(blockCount - 1);
  } finally {
    try {
      pool.join(); // a no-op unless something above threw with workers still running
    } finally {
      scratch.release();
    }
  }
}

/**
 * Logits per block of the claimed pipeline: small, so that the copy of the first block in and of the last
 * block out, which no other thread can overlap, stay short.
 */
const CLAIM_BLOCK_BYTES = 1 << 18;
/** Logits per claim (a multiple of 4 rows, at least 4): small enough to balance, large enough to be cheap. */
const CLAIM_GRAIN_BYTES = 1 << 14;

/** Rows per block rounded down to a multiple of 4 (the kernel's four-rows groups) where at least 4, at most `n`. */
const rows4 = (rows: number, n: number) => Math.min(n, rows >= 4 ? rows - (rows % 4) : Math.max(1, rows));

/**
 * crossEntropyRowsWasm for ordinary logits of fewer than {@link PIPELINE_MIN_CLASSES} classes on the calling
 * thread and `workers` workers: blocks of about 256 KiB, double-buffered, whose rows every thread claims a
 * few at a time (ce_rows_claim) from a counter in kernel memory. While the workers start on block i, this
 * thread copies block i − 1's gradient and losses out and block i + 1's logits in, then claims what rows of
 * block i are left. So the copies (and a fresh gradient's page faults) overlap the kernel, and each thread
 * computes as much as its other work leaves it time for. Row groups of 4 start at multiples of 4, as in one
 * call over all rows: the results are those of one thread.
 */
function crossEntropyClaimed(rt: Runtime, pool: KernelPool, workers: number, call: PipelinedCall): void {
  const { heap } = rt;
  const { data, n, c, y, yAt, ignore, scale, scales, grad, gAt, losses } = call;
  const chunk = rows4(Math.floor(CLAIM_BLOCK_BYTES / (4 * c)), n);
  const grain = rows4(Math.floor(CLAIM_GRAIN_BYTES / (4 * c)), Number.POSITIVE_INFINITY);
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const slots = [0, 1].map(() => {
      const x = take(4 * chunk * c);
      const ys = yAt === undefined ? take(4 * chunk) : 0;
      const l = take(8 * chunk);
      const sc = scales ? take(8 * chunk) : 0;
      const next = take(4);
      const buf = heap.buffer();
      return {
        x,
        ys,
        l,
        sc,
        next,
        xv: new Float32Array(buf, x, chunk * c),
        yv: yAt === undefined ? new Int32Array(buf, ys, chunk) : undefined,
        lv: new Float64Array(buf, l, chunk),
        sv: scales ? new Float64Array(buf, sc, chunk) : undefined,
        nv: new Int32Array(buf, next, 1),
      };
    });
    const blockCount = Math.ceil(n / chunk);
    const rowsOf = (i: number) => Math.min(chunk, n - i * chunk);
    const copyIn = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      slot.xv.set(data.subarray(r0 * c, (r0 + rows) * c));
      slot.yv?.set(y.subarray(r0, r0 + rows));
      if (scales) slot.sv?.set(scales.subarray(r0, r0 + rows));
      slot.nv[0] = 0;
    };
    const task = (i: number): KernelTask => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const g0 = !grad ? 0 : gAt !== undefined ? gAt + 4 * r0 * c : slot.x;
      const y0 = yAt === undefined ? slot.ys : yAt + 4 * r0;
      return {
        fn: 'ce_rows_claim',
        args: [slot.x, g0, y0, slot.l, scales ? slot.sc : 0, rowsOf(i), c, ignore, scale, slot.next, grain],
      };
    };
    const copyOut = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      if (grad && gAt === undefined) grad.set(slot.xv.subarray(0, rows * c), r0 * c);
      losses.set(slot.lv.subarray(0, rows), r0);
    };
    const local = (t: KernelTask) => (rt.exports.ce_rows_claim as (...a: number[]) => void)(...t.args);
    copyIn(0);
    for (let i = 0; i < blockCount; i++) {
      const t = task(i);
      pool.begin(Array.from({ length: workers }, () => t));
      // Block i − 1's slot is block i + 1's: out before in.
      if (i > 0) copyOut(i - 1);
      if (i + 1 < blockCount) copyIn(i + 1);
      local(t);
      // Every row of block i is taken once this thread's claims run dry: a worker that has not started is
      // withdrawn, not waited for.
      pool.join(true);
    }
    copyOut(blockCount - 1);
  } finally {
    try {
      pool.join(); // a no-op unless something above threw with workers still running
    } finally {
      scratch.release();
    }
  }
}

/**
 * Cross entropy of softmax rows with class-index targets on float32 [n, c] logits, by the wasm kernel.
 * Writes the per-row losses (0 for ignored rows) into `losses` and, when `grad` is given,
 * (softmax − onehot)·scale_i into it (0 for ignored rows), scale_i = `scales[i]` or `scale`.
 * Targets must already be checked (in [0, c) or `ignoreIndex`). Arrays in kernel memory
 * ({@link kernelFloat32Array}) are used where they lie; others are copied a block at a time. The input is
 * never modified (unless `grad` is the input itself). Up to `threads` threads share the rows. @internal
 */
export function crossEntropyRowsWasm(
  rt: Runtime,
  data: Float32Array,
  n: number,
  c: number,
  y: Int32Array,
  ignoreIndex: number,
  scale: number,
  scales: Float64Array | undefined,
  grad: Float32Array | undefined,
  losses: Float64Array,
  threads = 1,
): void {
  const { heap } = rt;
  const t = threadsFor(rt, threads, n * c * 4);
  const xAt = heap.addressOf(data);
  const gAt = grad ? heap.addressOf(grad) : undefined;
  const yAt = heap.addressOf(y);
  // ignoreIndex outside int32 never matches a checked target; any such value works as "none".
  const ignore = ignoreIndex === (ignoreIndex | 0) ? ignoreIndex : -2147483648;
  if (t > 1 && rt.pool && xAt === undefined && c >= PIPELINE_MIN_CLASSES) {
    // Ordinary logits on several threads: the workers compute while this thread copies blocks in and out.
    crossEntropyPipelined(rt, rt.pool, t - 1, {
      data,
      n,
      c,
      y,
      yAt,
      ignore,
      scale,
      scales,
      grad,
      gAt,
      losses,
    });
    return;
  }
  if (t > 1 && rt.pool && xAt === undefined) {
    // Shorter ordinary rows on several threads: every thread claims rows while this one also copies.
    crossEntropyClaimed(rt, rt.pool, t - 1, {
      data,
      n,
      c,
      y,
      yAt,
      ignore,
      scale,
      scales,
      grad,
      gAt,
      losses,
    });
    return;
  }
  // Zero-copy when the logits and the gradient (if any) are in kernel memory: one dispatch over all rows.
  const direct = xAt !== undefined && (!grad || gAt !== undefined);
  // Blocks (and each thread's share) of a multiple of 4 rows: the kernel's four-rows groups then start where
  // they would in one call over all rows, so the results do not depend on the blocks or the thread count.
  const chunk = direct ? n : rows4(t * Math.floor(BLOCK_BYTES / (4 * c)), n);
  const needX = xAt === undefined;
  const needG = grad !== undefined && gAt === undefined && !needX; // else the gradient overwrites the x copy
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const xs = needX ? take(4 * chunk * c) : 0;
    const gs = needG ? take(4 * chunk * c) : 0;
    const ys = yAt === undefined ? take(4 * chunk) : 0;
    const ls = take(8 * chunk);
    const ss = scales ? take(8 * chunk) : 0;
    const buf = heap.buffer();
    const xv = needX ? new Float32Array(buf, xs, chunk * c) : undefined;
    const gv = needG ? new Float32Array(buf, gs, chunk * c) : undefined;
    const yv = yAt === undefined ? new Int32Array(buf, ys, chunk) : undefined;
    const lv = new Float64Array(buf, ls, chunk);
    const sv = scales ? new Float64Array(buf, ss, chunk) : undefined;
    // Several threads claim the rows of each block from a counter (as in crossEntropyClaimed), so that a slow
    // or descheduled worker delays nothing: what it has not taken, this thread does.
    const pool = t > 1 ? rt.pool : undefined;
    const next = pool ? take(4) : 0;
    const nv = pool ? new Int32Array(buf, next, 1) : undefined;
    const grain = rows4(Math.floor(CLAIM_GRAIN_BYTES / (4 * c)), Number.POSITIVE_INFINITY);
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      const len = rows * c;
      if (xv) xv.set(data.subarray(r0 * c, r0 * c + len));
      if (yv) yv.set(y.subarray(r0, r0 + rows));
      if (sv && scales) sv.set(scales.subarray(r0, r0 + rows));
      const x0 = xv ? xs : (xAt as number) + 4 * r0 * c;
      const g0 = !grad ? 0 : gAt !== undefined ? gAt + 4 * r0 * c : needG ? gs : xs;
      const y0 = yv ? ys : (yAt as number) + 4 * r0;
      if (pool && nv) {
        nv[0] = 0;
        const args = [x0, g0, y0, ls, sv ? ss : 0, rows, c, ignore, scale, next, grain];
        pool.begin(Array.from({ length: t - 1 }, () => ({ fn: 'ce_rows_claim', args })));
        try {
          rt.exports.ce_rows_claim(x0, g0, y0, ls, sv ? ss : 0, rows, c, ignore, scale, next, grain);
        } finally {
          pool.join(true);
        }
      } else {
        runTasks(rt, [
          {
            fn: 'ce_rows',
            args: [x0, g0, y0, ls, sv ? ss : 0, rows, c, ignore, scale],
          },
        ]);
      }
      if (grad && gAt === undefined) {
        const src = gv ?? (xv as Float32Array);
        grad.set(len === src.length ? src : src.subarray(0, len), r0 * c);
      }
      losses.set(rows === lv.length ? lv : lv.subarray(0, rows), r0);
    }
  } finally {
    scratch.release();
  }
}
