/**
 * Worker threads for the `threads` option of KSG mutual information. Node only (≥ 20.16, through
 * `process.getBuiltinModule`, so the library imports nothing from Node): workers run dist/estimators/knn/
 * ksgWorker.js, which must exist beside this file; elsewhere (browsers, a source checkout run without a build)
 * the call runs on one thread.
 *
 * The joint tree, the sorted marginals and the outputs live in one SharedArrayBuffer kept between calls (so
 * repeated calls do not pay for fresh memory); the calling thread builds them, takes the first share of the
 * points and waits for the workers' shares. The counts are integers, so the result is the one-thread result.
 * @module
 */

import { type KsgWork, ksgCounts, ksgWork, ksgWorkBytes } from './ksgCounts.js';
import type { Alloc } from './kth.js';
import type { SortedLine } from './marginal.js';
import type { Points } from './points.js';

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: unknown) => void): void;
}
interface Port {
  postMessage(message: unknown): void;
  close(): void;
}
interface WorkerThreads {
  Worker: new (
    url: object,
    options: { workerData: unknown; transferList: unknown[]; name: string },
  ) => NodeWorker;
  MessageChannel: new () => { port1: Port; port2: Port };
}

/** Flag values in the control buffer (two int32 per worker: flag, error mark). */
const IDLE = 0;
const RUN = 1;
const STOP = 2;
const STARTING = 3;

interface Pool {
  flags: Int32Array;
  workers: NodeWorker[];
  ports: Port[];
}

let pool: Pool | undefined;
/** Set when workers cannot start here, so later calls do not try again. */
let unavailable = false;
let arena: SharedArrayBuffer | undefined;

/** This module's URL ('' where the runtime gives none). */
function moduleUrl(): string {
  return (import.meta as { url?: string }).url ?? '';
}

function workerThreads(): WorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  if (typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== 'function')
    return undefined;
  // Run from TypeScript sources (tests): there is no ksgWorker.js to start.
  if (!moduleUrl().endsWith('.js')) return undefined;
  try {
    return proc.getBuiltinModule('node:worker_threads') as WorkerThreads;
  } catch {
    return undefined;
  }
}

function stopPool(p: Pool): void {
  for (let slot = 0; slot < p.workers.length; slot++) {
    Atomics.store(p.flags, 2 * slot, STOP);
    Atomics.notify(p.flags, 2 * slot);
    void p.workers[slot].terminate();
    p.ports[slot].close();
  }
}

/** A pool of at least `want` workers, started synchronously (at most 10 s), or undefined. */
function poolOf(want: number): Pool | undefined {
  if (pool && pool.workers.length >= want) return pool;
  if (unavailable) return pool;
  const wt = workerThreads();
  if (!wt) {
    unavailable = true;
    return undefined;
  }
  if (pool) stopPool(pool);
  pool = undefined;
  const flags = new Int32Array(new SharedArrayBuffer(8 * want));
  const p: Pool = { flags, workers: [], ports: [] };
  const file = './ksgWorker.js'; // a variable, so that bundlers do not copy the file as an asset
  try {
    for (let slot = 0; slot < want; slot++) {
      Atomics.store(flags, 2 * slot, STARTING);
      const { port1, port2 } = new wt.MessageChannel();
      const URL_ = (globalThis as unknown as { URL: new (url: string, base: string) => object }).URL;
      const w = new wt.Worker(new URL_(file, moduleUrl()), {
        workerData: { control: flags.buffer, slot, port: port2 },
        transferList: [port2],
        name: `surprisal-ksg-${slot}`,
      });
      w.on('error', () => {
        // A worker that dies makes the call wait out its deadline and fall back to this thread.
      });
      w.unref();
      p.workers.push(w);
      p.ports.push(port1);
    }
    const deadline = Date.now() + 10_000;
    for (let slot = 0; slot < want; slot++) {
      while (Atomics.load(flags, 2 * slot) === STARTING) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('ksg worker did not start');
        Atomics.wait(flags, 2 * slot, STARTING, left);
      }
    }
  } catch {
    stopPool(p);
    unavailable = true;
    return undefined;
  }
  pool = p;
  return p;
}

/** Cores this process may use (more threads than that gain nothing and cost a worker each). @internal */
export function ksgCores(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return os?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}

/** Arrays carved one after the other from a buffer, each 8-byte aligned. */
function carve(buffer: SharedArrayBuffer): Alloc {
  let at = 0;
  const take = (bytes: number) => {
    const o = at;
    at += Math.ceil(bytes / 8) * 8;
    return o;
  };
  return {
    f64: (length) => new Float64Array(buffer, take(8 * length), length),
    i32: (length) => new Int32Array(buffer, take(4 * length), length),
  };
}

/**
 * The KSG work of x and y computed on `threads` threads where worker threads are available; undefined where
 * there are none (then nothing was computed and the caller runs on its own thread). @internal
 */
export function ksgCountsThreaded(
  x: Points,
  y: Points,
  lx: SortedLine,
  ly: SortedLine,
  k: number,
  threads: number,
): KsgWork | undefined {
  const n = x.n;
  const t = Math.min(threads, n);
  if (t <= 1) return undefined;
  const p = poolOf(t - 1);
  if (!p) return undefined;
  const workers = Math.min(t - 1, p.workers.length);
  const bytes = ksgWorkBytes(n);
  if (!arena || arena.byteLength < bytes) {
    arena = undefined;
    try {
      arena = new SharedArrayBuffer(bytes);
    } catch {
      // No room for the shared arena: the call runs on its own thread, in ordinary memory.
      return undefined;
    }
  }
  const w = ksgWork(x, y, lx, ly, k, carve(arena));
  // Ranges of tree positions: the calling thread first, then one per worker, sizes differing by at most one.
  const bounds = Array.from({ length: workers + 2 }, (_, s) => Math.round((s * n) / (workers + 1)));
  for (let slot = 0; slot < workers; slot++) {
    p.ports[slot].postMessage({ work: w, from: bounds[slot + 1], to: bounds[slot + 2] });
    Atomics.store(p.flags, 2 * slot, RUN);
    Atomics.notify(p.flags, 2 * slot);
  }
  ksgCounts(w, bounds[0], bounds[1]);
  for (let slot = 0; slot < workers; slot++) {
    const deadline = Date.now() + 600_000;
    while (Atomics.load(p.flags, 2 * slot) === RUN && Date.now() < deadline) {
      Atomics.wait(p.flags, 2 * slot, RUN, 1000);
    }
    if (Atomics.load(p.flags, 2 * slot) !== IDLE || p.flags[2 * slot + 1] !== 0) {
      // A worker that failed or died: its share runs here, and the pool is not used again.
      ksgCounts(w, bounds[slot + 1], bounds[slot + 2]);
      stopPool(p);
      pool = undefined;
      unavailable = true;
    }
  }
  return w;
}
