/**
 * Worker threads for {@link loo}'s `threads` option. Node only (≥ 20.16, through `process.getBuiltinModule`,
 * so the library imports nothing from Node): workers run dist/montecarlo/looWorker.js, which must exist beside
 * this file; elsewhere (browsers, a source checkout run without a build) the call runs on one thread.
 *
 * The matrix goes to the workers in a SharedArrayBuffer: the caller's own buffer when `data` is a Float64Array
 * on one (no copy), else a copy into a shared arena kept between calls (so repeated calls do not pay for fresh
 * memory). The calling thread takes the first share of the observations and works on the original array.
 * @module
 */
import { type LooPointwise, looPointwise } from './looPointwise.js';

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
let work: SharedArrayBuffer | undefined;

/** This module's URL ('' where the runtime gives none). */
function moduleUrl(): string {
  return (import.meta as { url?: string }).url ?? '';
}

function workerThreads(): WorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  if (typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== 'function')
    return undefined;
  // Run from TypeScript sources (tests): there is no looWorker.js to start.
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
  const file = './looWorker.js'; // a variable, so that bundlers do not copy the file as an asset
  try {
    for (let slot = 0; slot < want; slot++) {
      Atomics.store(flags, 2 * slot, STARTING);
      const { port1, port2 } = new wt.MessageChannel();
      const URL_ = (globalThis as unknown as { URL: new (url: string, base: string) => object }).URL;
      const w = new wt.Worker(new URL_(file, moduleUrl()), {
        workerData: { control: flags.buffer, slot, port: port2 },
        transferList: [port2],
        name: `surprisal-loo-${slot}`,
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
        if (left <= 0) throw new Error('loo worker did not start');
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
export function cores(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return os?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}

/** A shared buffer of at least `bytes`, reused between calls while large enough. */
function shared(current: SharedArrayBuffer | undefined, bytes: number): SharedArrayBuffer {
  return current && current.byteLength >= bytes ? current : new SharedArrayBuffer(bytes);
}

/**
 * Runs {@link looPointwise} over all N observations on `threads` threads where worker threads are available;
 * returns the number of threads used (1 where there are none: then nothing was computed and the caller runs
 * the loop itself). @internal
 */
export function looPointwiseThreaded(
  data: ArrayLike<number>,
  s: number,
  n: number,
  rEff: Float64Array,
  threads: number,
  out: LooPointwise,
): number {
  const t = Math.min(threads, n);
  if (t <= 1) return 1;
  const p = poolOf(t - 1);
  if (!p) return 1;
  const workers = Math.min(t - 1, p.workers.length);
  let buffer: SharedArrayBuffer;
  let offset = 0;
  if (data instanceof Float64Array && data.buffer instanceof SharedArrayBuffer) {
    buffer = data.buffer;
    offset = data.byteOffset / 8;
  } else {
    arena = shared(arena, 8 * s * n);
    buffer = arena;
    new Float64Array(arena, 0, s * n).set(data);
  }
  work = shared(work, 8 * 6 * n);
  const w = work;
  new Float64Array(w, 0, n).set(rEff);
  // Observation ranges: the calling thread first, then one per worker, counts differing by at most one.
  const bounds = Array.from({ length: workers + 2 }, (_, k) => Math.round((k * n) / (workers + 1)));
  for (let slot = 0; slot < workers; slot++) {
    p.ports[slot].postMessage({
      data: buffer,
      offset,
      s,
      n,
      work: w,
      i0: bounds[slot + 1],
      i1: bounds[slot + 2],
    });
    Atomics.store(p.flags, 2 * slot, RUN);
    Atomics.notify(p.flags, 2 * slot);
  }
  looPointwise(data, 0, s, n, rEff, bounds[0], bounds[1], out);
  for (let slot = 0; slot < workers; slot++) {
    const i0 = bounds[slot + 1];
    const i1 = bounds[slot + 2];
    const deadline = Date.now() + 120_000;
    while (Atomics.load(p.flags, 2 * slot) === RUN && Date.now() < deadline) {
      Atomics.wait(p.flags, 2 * slot, RUN, 1000);
    }
    if (Atomics.load(p.flags, 2 * slot) !== IDLE || p.flags[2 * slot + 1] !== 0) {
      // A worker that failed or died: its share runs here, and the pool is not used again.
      looPointwise(data, 0, s, n, rEff, i0, i1, out);
      stopPool(p);
      pool = undefined;
      unavailable = true;
      continue;
    }
    const fields: (keyof LooPointwise)[] = ['elpd', 'mcse', 'pLoo', 'khat', 'nEff'];
    fields.forEach((f, k) => {
      out[f].set(new Float64Array(w, 8 * ((k + 1) * n + i0), i1 - i0), i0);
    });
  }
  return workers + 1;
}
