/**
 * The kernels on worker threads (pool.ts): starting and stopping the pool, how many threads a call gets,
 * and handing a call's tasks out among them.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { readIntegerOption } from '../core/options.js';
import { KernelPool, type KernelTask, sleep, threadsSupported } from './pool.js';
import { kernelRuntime, kernelRuntimePending, loadedRuntime, type Runtime } from './runtime.js';

/** The exports a worker may be asked to run (by index: see pool.ts). */
const TASK_NAMES = [
  'ce_rows',
  'ce_rows_claim',
  'kl_rows',
  'entropy_rows',
  'gemm_nt',
  'gemm_nn_acc',
  'gemm_tn',
  'row_stats',
  'softmax_grad_rows',
  'vec_entropy',
  'vec_pair',
  'vec_prob_stats',
  'vec_pow_lse',
  'vec_expm1_sum',
  'vec_int_pow_sum',
  'vec_lse',
  'vec_lse_exp',
  'vec_softmax',
  'vec_log_softmax',
] as const;

/** An export a worker may run. @internal */
export type TaskName = (typeof TASK_NAMES)[number];

/**
 * Workers available beside the calling thread for a call asking for `threads`: 0 where threads are
 * unavailable (no shared memory, no worker threads, a failed start). In Node the pool is started or
 * enlarged here, synchronously; elsewhere only a pool started by {@link startKernelThreads} is used. @internal
 */
export function workersFor(rt: Runtime, threads: number): number {
  const want = threads - 1;
  if (want <= 0 || !rt.shared) return 0;
  if (rt.pool && rt.pool.size >= want) return want;
  if (rt.noPool || !threadsSupported()) return rt.pool ? rt.pool.size : 0;
  rt.pool?.stop();
  rt.pool = KernelPool.start(rt.module, rt.memory, TASK_NAMES, want);
  if (!rt.pool) rt.noPool = true;
  return rt.pool ? want : 0;
}

/**
 * Starts the kernels' worker threads ahead of the calls that use them (`threads` option) and resolves
 * with the number of threads calls can now use (1 where there are none). In Node this only saves the first
 * call the start-up time; in browsers it is the only way to get threads: workers start once the event loop
 * runs, and need a cross-origin-isolated page (SharedArrayBuffer). A browser's main thread may not sleep,
 * so while workers run it spins; inside a worker it sleeps as in Node.
 *
 * @example
 * const threads = await startKernelThreads(4); // 4 where possible (Node ≥ 20.16, isolated pages)
 * crossEntropyLoss({ data: logits, shape: [n, c] }, targets, { threads }); // rows shared among them
 * typeof startKernelThreads; // 'function'
 * @throws {SurprisalError} `INVALID_OPTION` (a rejected promise) unless `threads` is an integer in [1, 256].
 */
export async function startKernelThreads(threads: number): Promise<number> {
  const fn = 'startKernelThreads';
  if (threads === undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: threads must be an integer in [1, 256]; got undefined`,
      {
        argument: 'threads',
      },
    );
  }
  readIntegerOption(threads, 1, 1, 256, 'threads', fn);
  let rt = kernelRuntime();
  // A browser may still be compiling the module asynchronously: wait for it (up to 10 s).
  for (let i = 0; !rt && kernelRuntimePending() && i < 1000; i++) {
    await sleep(10);
    rt = kernelRuntime();
  }
  if (!rt?.shared || threads === 1) return 1;
  const want = threads - 1;
  if (rt.pool && rt.pool.size >= want) return threads;
  const pool = await KernelPool.startAsync(rt.module, rt.memory, TASK_NAMES, want);
  if (!pool) return rt.pool ? rt.pool.size + 1 : 1;
  rt.pool?.stop();
  rt.pool = pool;
  return threads;
}

/** Runs tasks: the first on this thread, the others on the pool's workers. @internal */
export function runTasks(rt: Runtime, tasks: KernelTask[]): void {
  const local = (t: KernelTask) =>
    (rt.exports as unknown as Record<TaskName, (...a: number[]) => void>)[t.fn as TaskName](...t.args);
  if (tasks.length === 1 || !rt.pool) {
    for (const t of tasks) local(t);
    return;
  }
  rt.pool.run(tasks, local);
}

/**
 * Stops the kernels' worker threads (they are started on the first call with `threads` > 1 and otherwise
 * live as long as the process; idle ones never keep it alive). The next such call starts them again.
 *
 * @example
 * stopKernelThreads(); // undefined
 */
export function stopKernelThreads(): void {
  const rt = loadedRuntime();
  if (!rt) return;
  rt.pool?.stop();
  rt.pool = undefined;
}

/**
 * Bytes of logits per thread per dispatch: about 1 MiB, so that the copy in, the kernel's three passes and
 * the copy out all run in cache when the arrays are not in kernel memory (the logits are read from RAM once
 * and the gradient written once), and scratch memory stays small whatever N is. @internal
 */
export const BLOCK_BYTES = 1 << 20;

/** Threads worth using for `bytes` of logits: at most one per 1 MiB, so small inputs stay on one thread. @internal */
export function threadsFor(rt: Runtime, threads: number, bytes: number): number {
  const t = Math.max(1, Math.min(threads, Math.floor(bytes / BLOCK_BYTES)));
  return 1 + workersFor(rt, t);
}

/**
 * Splits `rows` rows among `t` threads: [first row, count] per thread, counts differing by at most `align`,
 * every part but the last a multiple of `align` rows (so that a kernel grouping rows by `align` groups them
 * as one call over all rows does). @internal
 */
export function split(rows: number, t: number, align = 1): [number, number][] {
  const out: [number, number][] = [];
  const groups = Math.floor(rows / align);
  const base = Math.floor(groups / t);
  const extra = groups % t;
  let r = 0;
  for (let i = 0; i < t; i++) {
    const count = (base + (i < extra ? 1 : 0)) * align;
    if (count > 0) out.push([r, count]);
    r += count;
  }
  if (r < rows) {
    if (out.length > 0) out[out.length - 1][1] += rows - r;
    else out.push([r, rows - r]);
  }
  return out;
}
