/**
 * A worker thread of {@link loo}'s `threads` option (Node only; started by looThreads.ts from the built
 * dist/montecarlo/looWorker.js). It sleeps in `Atomics.wait` on its flag; for each call the caller posts the
 * shared buffers and the range of observations on the worker's port, sets the flag and wakes it; the worker
 * runs the same {@link looPointwise} as the calling thread on its range and drops the flag.
 * @module
 */
import { type LooPointwise, looPointwise } from './looPointwise.js';

interface Task {
  data: SharedArrayBuffer;
  /** Float64 element offset of the matrix in `data`. */
  offset: number;
  s: number;
  n: number;
  /** [rEff | elpd | mcse | pLoo | khat | nEff], each N float64. */
  work: SharedArrayBuffer;
  i0: number;
  i1: number;
}

interface WorkerThreads {
  workerData: { control: SharedArrayBuffer; slot: number; port: unknown };
  receiveMessageOnPort(port: unknown): { message: Task } | undefined;
}

const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const wt = proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
if (wt?.workerData) {
  const { control, slot, port } = wt.workerData;
  const flags = new Int32Array(control);
  const flag = 2 * slot;
  Atomics.store(flags, flag, 0);
  Atomics.notify(flags, flag);
  for (;;) {
    Atomics.wait(flags, flag, 0);
    const state = Atomics.load(flags, flag);
    if (state === 2) break;
    if (state !== 1) continue;
    try {
      const task = wt.receiveMessageOnPort(port)?.message;
      if (!task) throw new Error('loo worker: no task on the port');
      const { n } = task;
      const view = (k: number) => new Float64Array(task.work, 8 * k * n, n);
      const out: LooPointwise = { elpd: view(1), mcse: view(2), pLoo: view(3), khat: view(4), nEff: view(5) };
      looPointwise(new Float64Array(task.data), task.offset, task.s, n, view(0), task.i0, task.i1, out);
      flags[flag + 1] = 0;
    } catch {
      flags[flag + 1] = 1;
    }
    Atomics.store(flags, flag, 0);
    Atomics.notify(flags, flag);
  }
}
