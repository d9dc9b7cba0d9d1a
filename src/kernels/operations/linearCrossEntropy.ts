/**
 * Cross entropy of softmax(hidden·Wᵀ + b) rows without the whole logit matrix: float32 GEMM blocks and the
 * softmax steps between them (src/kernels/c/gemm.c).
 * @module
 */
import type { Runtime } from '../runtime.js';
import { runTasks, split, type TaskName, workersFor } from '../threads.js';

/** What {@link linearCrossEntropyWasm} returns: per-row statistics and, when asked, the gradients. @internal */
interface LinearCeBlocks {
  /** Row maxima of the logits, Σ exp(z − max) per row, and the target's logit (float64). */
  max: Float64Array;
  sum: Float64Array;
  zy: Float64Array;
  gradHidden?: Float32Array;
  gradWeight?: Float32Array;
  /** Column sums of the gradient blocks (float64). */
  gradBias?: Float64Array;
}

/**
 * The wasm route of linearCrossEntropyLoss: float32 hidden [n, h], weight [v, h], optional float32 bias, in
 * blocks of `block` classes (float32 GEMMs, float64 softmax statistics). Pass 1 folds each block's row max
 * and sum into the running ones; pass 2 (when `scale` is given: the per-row upstream factors, 0 for ignored
 * rows) recomputes the block, turns it into (softmax − onehot)·scale and accumulates ∂/∂hidden += G·W_b and
 * ∂/∂W_b = Gᵀ·hidden. One thread. @internal
 */
export function linearCrossEntropyWasm(
  rt: Runtime,
  hidden: Float32Array,
  weight: Float32Array,
  bias: Float32Array | undefined,
  n: number,
  h: number,
  v: number,
  y: Int32Array,
  block: number,
  scale: Float64Array | undefined,
  threads = 1,
): LinearCeBlocks {
  const { heap } = rt;
  // Each kernel call is split by rows (of hidden, or of the weight block for gemm_tn) over the threads.
  // Threads by work, not bytes: a block is n·block·h multiply-adds per GEMM; at most one thread per 2¹⁸.
  const t =
    1 + workersFor(rt, Math.max(1, Math.min(threads, Math.floor((n * Math.min(block, v) * h) / 2 ** 18))));
  const par = (fn: TaskName, count: number, args: (first: number, rows: number) => number[]) =>
    runTasks(
      rt,
      split(count, Math.min(t, count)).map(([first, rows]) => ({ fn, args: args(first, rows) })),
    );
  const scratch = heap.scratch();
  const take = scratch.take;
  const out: LinearCeBlocks = {
    max: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    sum: new Float64Array(n),
    zy: new Float64Array(n),
  };
  try {
    const hIn = heap.addressOf(hidden);
    const hAt = hIn ?? take(4 * n * h);
    const wAt = heap.addressOf(weight);
    const wb = wAt === undefined ? take(4 * block * h) : 0;
    const bIn = bias ? heap.addressOf(bias) : undefined;
    const bAt = bias ? (bIn ?? take(4 * v)) : 0;
    const zAt = take(4 * n * block);
    const f64 = take(8 * n * 4);
    const tAt = take(4 * n);
    const ghAt = scale ? take(4 * n * h) : 0;
    const gwAt = scale ? take(4 * block * h) : 0;
    const buf = heap.buffer();
    if (hIn === undefined) new Float32Array(buf, hAt, n * h).set(hidden);
    if (bias && bIn === undefined) new Float32Array(buf, bAt, v).set(bias);
    const z = new Float32Array(buf, zAt, n * block);
    const bmax = new Float64Array(buf, f64, n);
    const bsum = new Float64Array(buf, f64 + 8 * n, n);
    const fac = new Float64Array(buf, f64 + 16 * n, n);
    const sub = new Float64Array(buf, f64 + 24 * n, n);
    const tl = new Int32Array(buf, tAt, n);
    const wView = wb ? new Float32Array(buf, wb, block * h) : undefined;
    const gh = scale ? new Float32Array(buf, ghAt, n * h) : undefined;
    const gw = scale ? new Float32Array(buf, gwAt, block * h) : undefined;
    gh?.fill(0);
    const logits = (j0: number, len: number): number => {
      let w0 = wAt === undefined ? wb : wAt + 4 * j0 * h;
      if (wView) {
        wView.set(weight.subarray(j0 * h, (j0 + len) * h));
        w0 = wb;
      }
      par('gemm_nt', n, (i, rows) => [
        hAt + 4 * i * h,
        w0,
        zAt + 4 * i * len,
        rows,
        len,
        h,
        len,
        bias ? bAt + 4 * j0 : 0,
      ]);
      return w0;
    };
    const { max, sum, zy } = out;
    for (let j0 = 0; j0 < v; j0 += block) {
      const len = Math.min(block, v - j0);
      logits(j0, len);
      par('row_stats', n, (i, rows) => [zAt + 4 * i * len, rows, len, f64 + 8 * i, f64 + 8 * n + 8 * i]);
      for (let i = 0; i < n; i++) {
        const mb = bmax[i];
        if (mb > max[i]) {
          sum[i] = sum[i] * Math.exp(max[i] - mb) + bsum[i];
          max[i] = mb;
        } else {
          sum[i] += bsum[i] * Math.exp(mb - max[i]);
        }
        const yi = y[i];
        if (yi >= j0 && yi < j0 + len) zy[i] = z[i * len + (yi - j0)];
      }
    }
    if (!scale || !gh || !gw) return out;
    const gW = new Float32Array(v * h);
    const gB = new Float64Array(v);
    bmax.set(max);
    for (let i = 0; i < n; i++) {
      fac[i] = scale[i] / sum[i];
      sub[i] = scale[i];
    }
    for (let j0 = 0; j0 < v; j0 += block) {
      const len = Math.min(block, v - j0);
      const w0 = logits(j0, len);
      for (let i = 0; i < n; i++) tl[i] = y[i] - j0;
      par('softmax_grad_rows', n, (i, rows) => [
        zAt + 4 * i * len,
        rows,
        len,
        f64 + 8 * i,
        f64 + 16 * n + 8 * i,
        tAt + 4 * i,
        f64 + 24 * n + 8 * i,
      ]);
      par('gemm_nn_acc', n, (i, rows) => [zAt + 4 * i * len, w0, ghAt + 4 * i * h, rows, len, h]);
      par('gemm_tn', len, (j, cols) => [zAt + 4 * j, hAt, gwAt + 4 * j * h, n, cols, h, len]);
      gW.set(gw.subarray(0, len * h), j0 * h);
      for (let i = 0; i < n; i++) {
        const row = i * len;
        for (let jj = 0; jj < len; jj++) gB[j0 + jj] += z[row + jj];
      }
    }
    out.gradHidden = gh.slice();
    out.gradWeight = gW;
    out.gradBias = gB;
    return out;
  } finally {
    scratch.release();
  }
}
