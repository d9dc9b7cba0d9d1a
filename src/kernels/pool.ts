/**
 * Worker threads that run the wasm kernels on the one shared memory, for the `threads` option.
 *
 * Each worker instantiates the shared-memory build of the kernels (src/kernels/c/) on the main thread's
 * `WebAssembly.Memory`, then sleeps in `Atomics.wait` on its slot of a small control buffer. A call writes the
 * export's index and its numeric arguments into the slot, sets the slot's flag and wakes the worker; the main
 * thread runs its own share of the rows meanwhile and then waits for every flag to drop. The public functions
 * stay synchronous. Each worker has two slots (lanes) that it serves in turn, so that a caller may queue a
 * worker's next task while it runs the current one ({@link KernelPool.post}): the worker goes on to it at
 * once, without waiting for the caller to notice that it is done.
 *
 * In Node, workers come from `worker_threads`, reached through `process.getBuiltinModule` (Node ≥ 20.16): no
 * import of a Node module, so the library still loads in browsers. Node's pool starts synchronously on the
 * first call that asks for threads; its workers are `unref`'d, so an idle pool never keeps a process alive.
 * In browsers (and Deno), workers are module workers from a Blob URL. They start only once the page's event
 * loop runs, so the pool is started ahead with `await startKernelThreads(n)` (see threads.ts); a
 * browser's main thread may not block in `Atomics.wait`, so there the caller spins on `Atomics.load` while
 * the workers run (workers themselves sleep in `Atomics.wait`). Shared memory needs a cross-origin-isolated
 * page.
 * @module
 */

/** Numbers a task may carry: the export's index, then up to {@link MAX_ARGS} arguments. */
const MAX_ARGS = 12;
/** Float64 entries per slot: export index, argument count, arguments, then the flag's 8 bytes. */
const SLOT_F64 = MAX_ARGS + 4;
const SLOT_I32 = 2 * SLOT_F64;
/** Int32 index of a slot's flag and error mark (inside its last float64). */
const flagIndex = (slot: number) => slot * SLOT_I32 + SLOT_I32 - 2;
/** Slots (lanes) per worker: the worker serves lane 0, then 1, then 0, ... (a lane's task withdrawn: again). */
const LANES = 2;

const STARTING = 3;
/** Loads of a flag before sleeping on it (tens of microseconds): cheaper than a wake-up when tasks come fast. */
const SPIN = 20000;
const RUN = 1;
const IDLE = 0;
const STOP = 2;
/** A worker has taken its task (RUN → BUSY by compare-exchange): from then on the task cannot be withdrawn. */
const BUSY = 4;

/**
 * The worker's loop, given `module`, `memory`, `control`, `slot` and `names`: instantiate the shared build on
 * the shared memory, mark the slot idle, then run tasks until told to stop.
 */
const WORKER_LOOP = `
const exp = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(control);
const F = new Float64Array(control);
Atomics.store(I, ${SLOT_I32 * LANES} * slot + ${SLOT_I32 - 2}, ${IDLE});
Atomics.notify(I, ${SLOT_I32 * LANES} * slot + ${SLOT_I32 - 2});
for (let lane = 0; ; ) {
  const F_SLOT = ${SLOT_F64} * (${LANES} * slot + lane);
  const flag = ${SLOT_I32} * (${LANES} * slot + lane) + ${SLOT_I32 - 2};
  // Spin a while before sleeping: a caller that hands out many short tasks in a row (a GEMM block at a time)
  // would otherwise pay a futex wake-up per task.
  for (let spin = 0; spin < ${SPIN} && Atomics.load(I, flag) === ${IDLE}; spin++);
  Atomics.wait(I, flag, ${IDLE});
  const state = Atomics.load(I, flag);
  if (state === ${STOP}) break;
  if (state !== ${RUN}) continue;
  // Take the task; the caller may have withdrawn it meanwhile (join with withdraw: RUN → IDLE).
  if (Atomics.compareExchange(I, flag, ${RUN}, ${BUSY}) !== ${RUN}) continue;
  try {
    const args = [];
    for (let j = 0; j < F[F_SLOT + 1]; j++) args.push(F[F_SLOT + 2 + j]);
    exp[names[F[F_SLOT]]](...args);
    I[flag + 1] = 0;
  } catch (e) {
    I[flag + 1] = 1;
  }
  Atomics.store(I, flag, ${IDLE});
  Atomics.notify(I, flag);
  lane = (lane + 1) % ${LANES};
}
`;

/** Node: a CommonJS script run with `eval: true`, so no file needs to ship beside dist/. */
const NODE_WORKER_SOURCE = `
const { module, memory, control, slot, names } = require('node:worker_threads').workerData;
${WORKER_LOOP}`;

/** Browsers and Deno: a module worker from a Blob URL; its setup arrives in the first message. */
const WEB_WORKER_SOURCE = `
self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, control, slot, names } = event.data;
  ${WORKER_LOOP}
};
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: unknown) => void): void;
}

type WorkerCtor = new (
  source: string,
  options: { eval: true; workerData: unknown; name?: string },
) => NodeWorker;

interface AtomicsApi {
  compareExchange(a: Int32Array, index: number, expected: number, replacement: number): number;
  wait(a: Int32Array, index: number, value: number, timeout?: number): 'ok' | 'not-equal' | 'timed-out';
  notify(a: Int32Array, index: number, count?: number): number;
  store(a: Int32Array, index: number, value: number): number;
  load(a: Int32Array, index: number): number;
}

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

type WebWorkerCtor = new (url: string, options: { type: 'module'; name?: string }) => WebWorker;

interface WebGlobals {
  Worker?: WebWorkerCtor;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

/** The web's Worker constructor with Blob URLs (browsers, Deno), or undefined (Node has no global Worker). */
function webWorkerSupport(): Required<WebGlobals> | undefined {
  const g = globalThis as WebGlobals;
  if (
    typeof g.Worker !== 'function' ||
    typeof g.Blob !== 'function' ||
    typeof g.URL?.createObjectURL !== 'function'
  )
    return undefined;
  return g as Required<WebGlobals>;
}

/** Resolves after `ms` milliseconds (setTimeout is in every runtime, but not in the library's types). @internal */
export function sleep(ms: number): Promise<void> {
  const g = globalThis as { setTimeout?: (f: () => void, ms: number) => unknown };
  return new Promise((resolve) => g.setTimeout?.(resolve, ms));
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(atomics: AtomicsApi, probe: Int32Array): boolean {
  try {
    atomics.wait(probe, 0, 1, 0); // probe[0] is 0: returns 'not-equal' at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}

/** Node's Worker constructor, or undefined outside Node ≥ 20.16 (browsers, Deno without the shim, ...). */
function workerConstructor(): WorkerCtor | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  try {
    const wt = proc.getBuiltinModule('node:worker_threads') as { Worker?: WorkerCtor } | undefined;
    return wt?.Worker;
  } catch {
    return undefined;
  }
}

/** One task: an export of the kernel module by name, with numeric arguments. @internal */
export interface KernelTask {
  fn: string;
  args: number[];
}

/** A pool of worker threads bound to one shared kernel memory. @internal */
export class KernelPool {
  private readonly stoppers: (() => void)[] = [];
  private readonly control: Int32Array;
  private readonly f64: Float64Array;
  private readonly names: readonly string[];
  private readonly atomics: AtomicsApi;
  /** Whether the calling thread may sleep in Atomics.wait; else it spins (a browser's main thread). */
  private readonly blocking: boolean;
  /** Per worker, the slots of its tasks not yet waited for, oldest first (at most {@link LANES}). */
  private readonly pending: number[][] = [];
  /** Per worker, the lane its next task goes to (the one it serves after those pending). */
  private readonly nextLane: number[] = [];

  private constructor(
    names: readonly string[],
    control: SharedArrayBuffer,
    atomics: AtomicsApi,
    blocking: boolean,
  ) {
    this.names = names;
    this.control = new Int32Array(control);
    this.f64 = new Float64Array(control);
    this.atomics = atomics;
    this.blocking = blocking;
  }

  /** Workers started so far (the main thread is not counted). */
  get size(): number {
    return this.stoppers.length;
  }

  private static create(names: readonly string[], workers: number): KernelPool | undefined {
    const atomics = (globalThis as { Atomics?: AtomicsApi }).Atomics;
    const SAB = (globalThis as { SharedArrayBuffer?: new (n: number) => SharedArrayBuffer })
      .SharedArrayBuffer;
    if (!atomics || !SAB || workers < 1) return undefined;
    const blocking = canBlock(atomics, new Int32Array(new SAB(4)));
    const pool = new KernelPool(names, new SAB(8 * SLOT_F64 * LANES * workers), atomics, blocking);
    for (let w = 0; w < workers; w++) {
      atomics.store(pool.control, flagIndex(LANES * w), STARTING);
      pool.pending.push([]);
      pool.nextLane.push(0);
    }
    return pool;
  }

  private ready(): boolean {
    for (let w = 0; w < this.stoppers.length; w++) {
      if (this.atomics.load(this.control, flagIndex(LANES * w)) === STARTING) return false;
    }
    return true;
  }

  /**
   * Node only: a pool of `workers` threads on `memory` (a shared `WebAssembly.Memory`) running `module`
   * (the shared-memory build), started synchronously (blocks until every worker is ready, at most 10 s), or
   * undefined where Node's worker threads are unavailable or fail to start.
   */
  static start(
    module: object,
    memory: object,
    names: readonly string[],
    workers: number,
  ): KernelPool | undefined {
    const Worker = workerConstructor();
    const pool = Worker ? KernelPool.create(names, workers) : undefined;
    if (!Worker || !pool) return undefined;
    try {
      for (let slot = 0; slot < workers; slot++) {
        const w = new Worker(NODE_WORKER_SOURCE, {
          eval: true,
          name: `surprisal-kernel-${slot}`,
          workerData: { module, memory, control: pool.control.buffer, slot, names },
        });
        w.on('error', () => {
          // Tasks catch their own errors; a worker that dies otherwise makes join() time out.
        });
        w.unref();
        pool.stoppers.push(() => void w.terminate());
      }
      const deadline = Date.now() + 10_000;
      for (let w = 0; w < workers; w++) {
        const i = flagIndex(LANES * w);
        while (pool.atomics.load(pool.control, i) === STARTING) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error('worker did not start');
          pool.atomics.wait(pool.control, i, STARTING, left);
        }
      }
      return pool;
    } catch {
      pool.stop();
      return undefined;
    }
  }

  /**
   * A pool started without blocking: Node's worker threads, or, in browsers and Deno, module workers from a
   * Blob URL (which start only once the event loop runs). Resolves when every worker is ready (undefined if
   * workers are unavailable here or not ready within 10 s).
   */
  static async startAsync(
    module: object,
    memory: object,
    names: readonly string[],
    workers: number,
  ): Promise<KernelPool | undefined> {
    const web = workerConstructor() ? undefined : webWorkerSupport();
    if (!web) return KernelPool.start(module, memory, names, workers);
    const pool = KernelPool.create(names, workers);
    if (!pool) return undefined;
    const url = web.URL.createObjectURL(new web.Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
    try {
      for (let slot = 0; slot < workers; slot++) {
        const w = new web.Worker(url, { type: 'module', name: `surprisal-kernel-${slot}` });
        w.postMessage({ module, memory, control: pool.control.buffer, slot, names });
        pool.stoppers.push(() => w.terminate());
      }
      const deadline = Date.now() + 10_000;
      while (!pool.ready()) {
        if (Date.now() > deadline) throw new Error('workers did not start');
        await sleep(2);
      }
      return pool;
    } catch {
      pool.stop();
      return undefined;
    } finally {
      web.URL.revokeObjectURL(url);
    }
  }

  /** Workers given a task by {@link begin} and not yet waited for. */
  private busy = 0;

  /** Writes `task` into worker `w`'s next lane and wakes it (the lane must be free). */
  private write(w: number, { fn, args }: KernelTask): void {
    const { control, f64, atomics } = this;
    if (args.length > MAX_ARGS) throw new Error(`${fn}: too many arguments for a pool task`);
    if (this.pending[w].length >= LANES) throw new Error('kernel pool: no free lane');
    const slot = LANES * w + this.nextLane[w];
    const base = slot * SLOT_F64;
    f64[base] = this.names.indexOf(fn);
    f64[base + 1] = args.length;
    for (let j = 0; j < args.length; j++) f64[base + 2 + j] = args[j];
    atomics.store(control, flagIndex(slot), RUN);
    atomics.notify(control, flagIndex(slot), 1);
    this.nextLane[w] = (this.nextLane[w] + 1) % LANES;
    this.pending[w].push(slot);
  }

  /** Whether the task in `slot` is still to run or running. */
  private running(slot: number): boolean {
    const v = this.atomics.load(this.control, flagIndex(slot));
    return v === RUN || v === BUSY;
  }

  /**
   * Takes back worker `w`'s newest pending task if the worker has not started it (its lane is served again
   * next); true if it was withdrawn.
   */
  private takeBack(w: number): boolean {
    const lanes = this.pending[w];
    const slot = lanes[lanes.length - 1];
    if (slot === undefined || this.atomics.compareExchange(this.control, flagIndex(slot), RUN, IDLE) !== RUN)
      return false;
    lanes.pop();
    this.nextLane[w] = slot % LANES;
    return true;
  }

  /**
   * Waits for worker `w`'s oldest pending task (spinning a while, then sleeping where this thread may) and
   * drops it from the pending; false if the worker gave no answer for 120 s. Throws if the task threw.
   */
  private settle(w: number): boolean {
    const { control, atomics } = this;
    const slot = this.pending[w][0];
    if (slot === undefined) return true;
    const i = flagIndex(slot);
    const deadline = Date.now() + 120_000;
    for (let spin = 0; spin < SPIN && this.running(slot); spin++);
    while (this.running(slot)) {
      if (Date.now() > deadline) return false;
      const v = atomics.load(control, i);
      if (this.blocking && (v === RUN || v === BUSY)) atomics.wait(control, i, v, 1000);
    }
    this.pending[w].shift();
    this.report(false, control[i + 1] !== 0);
    return true;
  }

  /** Throws (stopping the pool first if a worker was lost) for a lost worker or a failed task. */
  private report(lost: boolean, failed: boolean): void {
    if (lost) {
      this.stop();
      throw new Error('a kernel worker thread did not answer in 120 s; the pool was stopped');
    }
    if (failed) throw new Error('a kernel worker thread failed');
  }

  /**
   * Hands `tasks[i]` to worker i and returns at once; {@link join} waits for them. The calling thread is
   * free meanwhile (to copy the next block in, say). Throws if tasks from an earlier start are pending.
   */
  begin(tasks: readonly KernelTask[]): void {
    if (this.busy > 0) throw new Error('kernel pool: join() the running tasks first');
    if (tasks.length > this.stoppers.length) throw new Error('more tasks than threads');
    if (this.pending.some((lanes) => lanes.length > 0)) throw new Error('kernel pool: posted tasks pending');
    for (let w = 0; w < tasks.length; w++) this.write(w, tasks[w]);
    this.busy = tasks.length;
  }

  /**
   * Waits for the tasks of the last {@link begin}. Throws if one of them threw, or if a worker gives no
   * answer for 120 s (a worker that died: tasks over 1 MiB blocks take milliseconds). With `withdraw`, a task
   * that no worker has taken yet is withdrawn instead of waited for: for tasks whose work the caller has
   * already done itself (rows claimed from a shared counter until none are left), so that a worker the
   * system has not scheduled yet costs nothing.
   */
  join(withdraw = false): void {
    let error: unknown;
    const busy = this.busy;
    this.busy = 0;
    for (let w = 0; w < busy; w++) {
      if (withdraw && this.takeBack(w)) continue;
      try {
        if (!this.settle(w)) this.report(true, false);
      } catch (e) {
        if (this.stoppers.length === 0) throw e; // lost: the pool is stopped
        error ??= e;
      }
    }
    if (error !== undefined) throw error;
  }

  /**
   * Queues `task` for worker `w` and returns at once: the worker runs it after the tasks it has pending (at
   * most {@link LANES} at a time). No {@link begin} may be pending. For callers that feed each worker as it
   * finishes: {@link done} / {@link wait} answer for the oldest pending task, {@link withdraw} takes back the
   * newest one.
   */
  post(w: number, task: KernelTask): void {
    if (this.busy > 0 || w >= this.stoppers.length || this.pending[w].length >= LANES)
      throw new Error('kernel pool: slot not free');
    this.write(w, task);
  }

  /** Tasks posted to worker `w` and not yet done / waited for. */
  queued(w: number): number {
    return this.pending[w]?.length ?? 0;
  }

  /**
   * Whether worker `w`'s oldest posted task is done, without waiting (true when none is pending); if it is,
   * it is no longer pending. Throws if it failed.
   */
  done(w: number): boolean {
    const slot = this.pending[w]?.[0];
    if (slot === undefined) return true;
    if (this.running(slot)) return false;
    return this.settle(w);
  }

  /** Waits for worker `w`'s oldest posted task; throws as {@link join}. */
  wait(w: number): void {
    if (!this.settle(w)) this.report(true, false);
  }

  /**
   * Takes back worker `w`'s newest posted task if the worker has not started it (the caller then runs it
   * itself); true if it was withdrawn.
   */
  withdraw(w: number): boolean {
    return this.takeBack(w);
  }

  /**
   * Runs `tasks[0]` on the calling thread and `tasks[1..]` on workers 0, 1, ... at the same time, and
   * returns when all are done. Throws if a worker's task threw.
   */
  run(tasks: readonly KernelTask[], local: (task: KernelTask) => void): void {
    this.begin(tasks.slice(1));
    try {
      if (tasks.length > 0) local(tasks[0]);
    } finally {
      this.join();
    }
  }

  /** Stops every worker. */
  stop(): void {
    for (let w = 0; w < this.stoppers.length; w++) {
      for (let lane = 0; lane < LANES; lane++) {
        this.atomics.store(this.control, flagIndex(LANES * w + lane), STOP);
        this.atomics.notify(this.control, flagIndex(LANES * w + lane));
      }
      this.stoppers[w]();
      this.pending[w].length = 0;
    }
    this.stoppers.length = 0;
  }
}

/** Whether worker threads can be started here (Node ≥ 20.16 with SharedArrayBuffer). @internal */
export function threadsSupported(): boolean {
  return (
    workerConstructor() !== undefined &&
    typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer === 'function'
  );
}
