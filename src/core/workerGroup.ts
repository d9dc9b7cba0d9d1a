/**
 * Node worker threads that share a loop's index range with the calling thread: the machinery behind the
 * `threads` option of {@link loo} and of KSG mutual information. Node only (≥ 20.16, through
 * `process.getBuiltinModule`, so the library imports nothing from Node); elsewhere (browsers, a source checkout
 * run without a build, no SharedArrayBuffer) there are no workers and the caller runs on its own thread.
 *
 * Each worker runs a worker file beside the calling module (built JavaScript) that calls {@link serveWorker};
 * it sleeps in `Atomics.wait` on its flag (two int32 per worker: flag, error mark). For each call the caller
 * posts the worker's task on its port, sets the flag to RUN and wakes it; the worker runs the task and drops
 * the flag back to IDLE. A worker that fails or dies has its range run on the calling thread, and the group is
 * not used again.
 * @module
 */

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
  workerData?: { control: SharedArrayBuffer; slot: number; port: unknown };
  receiveMessageOnPort(port: unknown): { message: unknown } | undefined;
}

/** Flag values in the control buffer. */
const IDLE = 0;
const RUN = 1;
const STOP = 2;
const STARTING = 3;

interface Pool {
  flags: Int32Array;
  workers: NodeWorker[];
  ports: Port[];
}

const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;

function workerThreads(): WorkerThreads | undefined {
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  if (typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== 'function')
    return undefined;
  try {
    return proc.getBuiltinModule('node:worker_threads') as WorkerThreads;
  } catch {
    return undefined;
  }
}

/** Cores this process may use (more threads than that gain nothing and cost a worker each). @internal */
export function availableCores(): number {
  try {
    const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
    return os?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}

/** Worker threads running one worker file, started on first use and kept (unref'd) between calls. @internal */
export class WorkerGroup {
  private pool: Pool | undefined;
  /** Set when workers cannot start here (or one failed), so later calls do not try again. */
  private unavailable = false;

  /**
   * @param file - the worker file, relative to `moduleUrl` (e.g. `'./looWorker.js'`).
   * @param moduleUrl - the calling module's `import.meta.url`; not a `.js` URL (run from TypeScript sources):
   *   no workers.
   * @param name - the threads' name prefix (`surprisal-loo` → `surprisal-loo-0`, …).
   */
  constructor(
    private readonly file: string,
    private readonly moduleUrl: string | undefined,
    private readonly name: string,
  ) {}

  /** How many workers (at most `want`) are ready, starting them synchronously (at most 10 s) if needed. */
  ready(want: number): number {
    if (want <= 0) return 0;
    if (this.pool && this.pool.workers.length >= want) return want;
    if (this.unavailable) return this.pool ? this.pool.workers.length : 0;
    const wt = workerThreads();
    if (!wt || !(this.moduleUrl ?? '').endsWith('.js')) {
      this.unavailable = true;
      return 0;
    }
    if (this.pool) stopPool(this.pool);
    this.pool = undefined;
    const flags = new Int32Array(new SharedArrayBuffer(8 * want));
    const p: Pool = { flags, workers: [], ports: [] };
    try {
      for (let slot = 0; slot < want; slot++) {
        Atomics.store(flags, 2 * slot, STARTING);
        const { port1, port2 } = new wt.MessageChannel();
        const URL_ = (globalThis as unknown as { URL: new (url: string, base: string) => object }).URL;
        const w = new wt.Worker(new URL_(this.file, this.moduleUrl as string), {
          workerData: { control: flags.buffer, slot, port: port2 },
          transferList: [port2],
          name: `${this.name}-${slot}`,
        });
        w.on('error', () => {
          // A worker that dies makes the call wait out its deadline and run its range on this thread.
        });
        w.unref();
        p.workers.push(w);
        p.ports.push(port1);
      }
      const deadline = Date.now() + 10_000;
      for (let slot = 0; slot < want; slot++) {
        while (Atomics.load(flags, 2 * slot) === STARTING) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`${this.name} worker did not start`);
          Atomics.wait(flags, 2 * slot, STARTING, left);
        }
      }
    } catch {
      stopPool(p);
      this.unavailable = true;
      return 0;
    }
    this.pool = p;
    return want;
  }

  /**
   * Shares the indices [0, n) among the calling thread and `workers` workers (after {@link ready}): ranges whose
   * sizes differ by at most one, the calling thread's first. Each worker is posted `task(from, to)`; the calling
   * thread runs `local(from, to)` on its range, then waits for each worker (up to `timeoutMs`) and calls
   * `collect(from, to)` for a range a worker finished, or `local(from, to)` for one whose worker failed.
   */
  share(
    n: number,
    workers: number,
    task: (from: number, to: number) => unknown,
    local: (from: number, to: number) => void,
    collect: (from: number, to: number) => void,
    timeoutMs: number,
  ): void {
    const p = this.pool as Pool;
    const bounds = Array.from({ length: workers + 2 }, (_, k) => Math.round((k * n) / (workers + 1)));
    for (let slot = 0; slot < workers; slot++) {
      p.ports[slot].postMessage(task(bounds[slot + 1], bounds[slot + 2]));
      Atomics.store(p.flags, 2 * slot, RUN);
      Atomics.notify(p.flags, 2 * slot);
    }
    local(bounds[0], bounds[1]);
    for (let slot = 0; slot < workers; slot++) {
      const from = bounds[slot + 1];
      const to = bounds[slot + 2];
      const deadline = Date.now() + timeoutMs;
      while (Atomics.load(p.flags, 2 * slot) === RUN && Date.now() < deadline) {
        Atomics.wait(p.flags, 2 * slot, RUN, 1000);
      }
      if (Atomics.load(p.flags, 2 * slot) !== IDLE || p.flags[2 * slot + 1] !== 0) {
        // A worker that failed or died: its range runs here, and the group is not used again.
        local(from, to);
        stopPool(p);
        this.pool = undefined;
        this.unavailable = true;
        continue;
      }
      collect(from, to);
    }
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

/**
 * The loop of a worker file of a {@link WorkerGroup}: when this module runs in a worker thread started by one,
 * announce readiness, then for each RUN flag take the task posted on the port and run `handle` on it (a throw
 * marks the error flag), until STOP. Outside a worker thread it does nothing. @internal
 */
export function serveWorker(label: string, handle: (task: unknown) => void): void {
  const wt = proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  if (!wt?.workerData) return;
  const { control, slot, port } = wt.workerData;
  const flags = new Int32Array(control);
  const flag = 2 * slot;
  Atomics.store(flags, flag, IDLE);
  Atomics.notify(flags, flag);
  for (;;) {
    Atomics.wait(flags, flag, IDLE);
    const state = Atomics.load(flags, flag);
    if (state === STOP) break;
    if (state !== RUN) continue;
    try {
      const task = wt.receiveMessageOnPort(port)?.message;
      if (!task) throw new Error(`${label} worker: no task on the port`);
      handle(task);
      flags[flag + 1] = 0;
    } catch {
      flags[flag + 1] = 1;
    }
    Atomics.store(flags, flag, IDLE);
    Atomics.notify(flags, flag);
  }
}
