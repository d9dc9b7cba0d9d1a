/**
 * The driver of the row-wise kernels (one number per row per output): blocks of rows copied into kernel
 * memory unless they lie there already, shared among threads.
 * @module
 */
import type { KernelTask } from '../pool.js';
import type { Runtime } from '../runtime.js';
import { BLOCK_BYTES, runTasks, split, type TaskName, threadsFor } from '../threads.js';

/** A row-wise kernel: float32 [n, c] inputs in, one number per row out (per output array). @internal */
interface RowJob {
  fn: TaskName;
  inputs: Float32Array[];
  outputs: (Float64Array | Int32Array)[];
  /** The export's arguments for `rows` rows whose inputs and outputs start at these addresses. */
  args: (inputs: number[], outputs: number[], rows: number) => number[];
}

/**
 * Runs a row-wise kernel over n rows of c classes: inputs in kernel memory are read where they lie, others
 * are copied a block (about 1 MiB of inputs per thread) at a time; per-row outputs go through scratch and
 * are copied out. Up to `threads` threads share the rows. The inputs are never modified. @internal
 */
export function runRows(rt: Runtime, n: number, c: number, threads: number, job: RowJob): void {
  const { heap } = rt;
  const rowBytes = 4 * c * job.inputs.length;
  const t = threadsFor(rt, threads, n * rowBytes);
  const at = job.inputs.map((x) => heap.addressOf(x));
  const direct = at.every((p) => p !== undefined);
  const chunk = direct ? n : Math.min(n, t * Math.max(1, Math.floor(BLOCK_BYTES / rowBytes)));
  const scratch = heap.scratch();
  try {
    const take = scratch.take;
    const inAt = at.map((p) => (p === undefined ? take(4 * chunk * c) : p));
    const outAt = job.outputs.map((o) => take(o.BYTES_PER_ELEMENT * chunk));
    const buf = heap.buffer();
    const copies = at.map((p, j) =>
      p === undefined ? new Float32Array(buf, inAt[j], chunk * c) : undefined,
    );
    const outViews = job.outputs.map((o, j) =>
      o instanceof Float64Array
        ? new Float64Array(buf, outAt[j], chunk)
        : new Int32Array(buf, outAt[j], chunk),
    );
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      const base = job.inputs.map((x, j) => {
        const copy = copies[j];
        if (!copy) return inAt[j] + 4 * r0 * c;
        copy.set(x.subarray(r0 * c, (r0 + rows) * c));
        return inAt[j];
      });
      const tasks: KernelTask[] = split(rows, t).map(([r, count]) => ({
        fn: job.fn,
        args: job.args(
          base.map((p) => p + 4 * r * c),
          outAt.map((p, j) => p + job.outputs[j].BYTES_PER_ELEMENT * r),
          count,
        ),
      }));
      runTasks(rt, tasks);
      job.outputs.forEach((o, j) => {
        const src = outViews[j];
        o.set(rows === src.length ? src : src.subarray(0, rows), r0);
      });
    }
  } finally {
    scratch.release();
  }
}
