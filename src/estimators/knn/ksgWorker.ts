/**
 * A worker thread of the `threads` option of KSG mutual information (Node only; started by ksgThreads.ts from
 * the built dist/estimators/knn/ksgWorker.js). It sleeps in `Atomics.wait` on its flag; for each call the caller
 * posts the shared arrays and a range of tree positions on the worker's port, sets the flag and wakes it; the
 * worker runs the same {@link ksgCounts} as the calling thread on its range and drops the flag.
 * @module
 */
import { type KsgWork, ksgCounts } from './ksgCounts.js';

interface Task {
  /** Typed arrays on one SharedArrayBuffer: posting them shares the memory. */
  work: KsgWork;
  from: number;
  to: number;
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
      if (!task) throw new Error('ksg worker: no task on the port');
      ksgCounts(task.work, task.from, task.to);
      flags[flag + 1] = 0;
    } catch {
      flags[flag + 1] = 1;
    }
    Atomics.store(flags, flag, 0);
    Atomics.notify(flags, flag);
  }
}
