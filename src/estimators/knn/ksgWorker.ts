/**
 * A worker thread of the `threads` option of KSG mutual information (Node only; started by ksgThreads.ts from
 * the built dist/estimators/knn/ksgWorker.js). It sleeps in `Atomics.wait` on its flag; for each call the caller
 * posts the shared arrays and a range of tree positions on the worker's port, sets the flag and wakes it; the
 * worker runs the same {@link ksgCounts} as the calling thread on its range and drops the flag.
 * @module
 */
import { serveWorker } from '../../core/workerGroup.js';
import { type KsgWork, ksgCounts } from './ksgCounts.js';

interface Task {
  /** Typed arrays on one SharedArrayBuffer: posting them shares the memory. */
  work: KsgWork;
  from: number;
  to: number;
}

serveWorker('ksg', (message) => {
  const task = message as Task;
  ksgCounts(task.work, task.from, task.to);
});
