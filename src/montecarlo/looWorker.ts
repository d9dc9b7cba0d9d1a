/**
 * A worker thread of {@link loo}'s `threads` option (Node only; started by looThreads.ts from the built
 * dist/montecarlo/looWorker.js). It sleeps in `Atomics.wait` on its flag; for each call the caller posts the
 * shared buffers and the range of observations on the worker's port, sets the flag and wakes it; the worker
 * runs the same {@link looPointwise} as the calling thread on its range and drops the flag.
 * @module
 */
import { serveWorker } from '../core/workerGroup.js';
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

serveWorker('loo', (message) => {
  const task = message as Task;
  const { n } = task;
  const view = (k: number) => new Float64Array(task.work, 8 * k * n, n);
  const out: LooPointwise = { elpd: view(1), mcse: view(2), pLoo: view(3), khat: view(4), nEff: view(5) };
  looPointwise(new Float64Array(task.data), task.offset, task.s, n, view(0), task.i0, task.i1, out);
});
