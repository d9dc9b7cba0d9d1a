/**
 * Worker threads that run the wasm kernels on the one shared memory, for the `threads` option.
 *
 * Each worker instantiates the shared-memory build of src/kernels/ce.c on the main thread's
 * `WebAssembly.Memory`, then sleeps in `Atomics.wait` on its slot of a small control buffer. A call writes the
 * export's index and its numeric arguments into the slot, sets the slot's flag and wakes the worker; the main
 * thread runs its own share of the rows meanwhile and then waits for every flag to drop. The public functions
 * stay synchronous.
 *
 * Workers come from Node's `worker_threads`, reached through `process.getBuiltinModule` (Node ≥ 20.16): no
 * import of a Node module, so the library still loads in browsers, where the pool is simply unavailable and
 * every call runs on one thread (a browser's main thread may not block in `Atomics.wait`). Workers are
 * `unref`'d: an idle pool never keeps a process alive.
 * @module
 */

/** Numbers a task may carry: the export's index, then up to {@link MAX_ARGS} arguments. */
const MAX_ARGS = 12;
/** Float64 entries per slot: export index, argument count, arguments, then the flag's 8 bytes. */
const SLOT_F64 = MAX_ARGS + 4;
const SLOT_I32 = 2 * SLOT_F64;
/** Int32 index of a slot's flag and error mark (inside its last float64). */
const flagIndex = (slot: number) => slot * SLOT_I32 + SLOT_I32 - 2;

const STARTING = 3;
const RUN = 1;
const IDLE = 0;
const STOP = 2;

/** The worker's source: a CommonJS script run with `eval: true`, so no file needs to ship beside dist/. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, slot, names } = workerData;
const exp = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(control);
const F = new Float64Array(control);
const F_SLOT = ${SLOT_F64} * slot;
const flag = ${SLOT_I32} * slot + ${SLOT_I32 - 2};
Atomics.store(I, flag, ${IDLE});
Atomics.notify(I, flag);
for (;;) {
  Atomics.wait(I, flag, ${IDLE});
  const state = Atomics.load(I, flag);
  if (state === ${STOP}) break;
  if (state !== ${RUN}) continue;
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
}
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
  wait(a: Int32Array, index: number, value: number, timeout?: number): 'ok' | 'not-equal' | 'timed-out';
  notify(a: Int32Array, index: number, count?: number): number;
  store(a: Int32Array, index: number, value: number): number;
  load(a: Int32Array, index: number): number;
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
  private readonly workers: NodeWorker[] = [];
  private readonly control: Int32Array;
  private readonly f64: Float64Array;
  private readonly names: readonly string[];
  private readonly atomics: AtomicsApi;

  private constructor(names: readonly string[], control: SharedArrayBuffer, atomics: AtomicsApi) {
    this.names = names;
    this.control = new Int32Array(control);
    this.f64 = new Float64Array(control);
    this.atomics = atomics;
  }

  /** Workers started so far (the main thread is not counted). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * A pool of `workers` threads on `memory` (a shared `WebAssembly.Memory`) running `module` (the
   * shared-memory build), or undefined where worker threads are unavailable or fail to start within 10 s.
   * Blocks until every worker is ready.
   */
  static start(
    module: object,
    memory: object,
    names: readonly string[],
    workers: number,
  ): KernelPool | undefined {
    const Worker = workerConstructor();
    const atomics = (globalThis as { Atomics?: AtomicsApi }).Atomics;
    const SAB = (globalThis as { SharedArrayBuffer?: new (n: number) => SharedArrayBuffer })
      .SharedArrayBuffer;
    if (!Worker || !atomics || !SAB || workers < 1) return undefined;
    const pool = new KernelPool(names, new SAB(8 * SLOT_F64 * workers), atomics);
    try {
      for (let slot = 0; slot < workers; slot++) {
        atomics.store(pool.control, flagIndex(slot), STARTING);
        const w = new Worker(WORKER_SOURCE, {
          eval: true,
          name: `surprisal-kernel-${slot}`,
          workerData: { module, memory, control: pool.control.buffer, slot, names },
        });
        w.on('error', () => {
          // A worker that dies leaves its flag set; run() then times out and reports it.
        });
        w.unref();
        pool.workers.push(w);
      }
      for (let slot = 0; slot < workers; slot++) {
        const deadline = Date.now() + 10_000;
        while (atomics.load(pool.control, flagIndex(slot)) === STARTING) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error('worker did not start');
          atomics.wait(pool.control, flagIndex(slot), STARTING, left);
        }
      }
      return pool;
    } catch {
      pool.stop();
      return undefined;
    }
  }

  /** Workers given a task by {@link start} and not yet waited for. */
  private busy = 0;

  /**
   * Hands `tasks[i]` to worker i and returns at once; {@link join} waits for them. The calling thread is
   * free meanwhile (to copy the next block in, say). Throws if tasks from an earlier start are pending.
   */
  start(tasks: readonly KernelTask[]): void {
    const { control, f64, atomics } = this;
    if (this.busy > 0) throw new Error('kernel pool: join() the running tasks first');
    if (tasks.length > this.workers.length) throw new Error('more tasks than threads');
    for (let slot = 0; slot < tasks.length; slot++) {
      const { fn, args } = tasks[slot];
      if (args.length > MAX_ARGS) throw new Error(`${fn}: too many arguments for a pool task`);
      const base = slot * SLOT_F64;
      f64[base] = this.names.indexOf(fn);
      f64[base + 1] = args.length;
      for (let j = 0; j < args.length; j++) f64[base + 2 + j] = args[j];
      atomics.store(control, flagIndex(slot), RUN);
      atomics.notify(control, flagIndex(slot), 1);
    }
    this.busy = tasks.length;
  }

  /** Waits for the tasks of the last {@link start}. Throws if one of them threw. */
  join(): void {
    const { control, atomics } = this;
    let failed = false;
    for (let slot = 0; slot < this.busy; slot++) {
      const i = flagIndex(slot);
      while (atomics.load(control, i) === RUN) atomics.wait(control, i, RUN);
      if (control[i + 1] !== 0) failed = true;
    }
    this.busy = 0;
    if (failed) throw new Error('a kernel worker thread failed');
  }

  /**
   * Runs `tasks[0]` on the calling thread and `tasks[1..]` on workers 0, 1, ... at the same time, and
   * returns when all are done. Throws if a worker's task threw.
   */
  run(tasks: readonly KernelTask[], local: (task: KernelTask) => void): void {
    this.start(tasks.slice(1));
    try {
      if (tasks.length > 0) local(tasks[0]);
    } finally {
      this.join();
    }
  }

  /** Stops every worker. */
  stop(): void {
    for (let slot = 0; slot < this.workers.length; slot++) {
      this.atomics.store(this.control, flagIndex(slot), STOP);
      this.atomics.notify(this.control, flagIndex(slot));
      void this.workers[slot].terminate();
    }
    this.workers.length = 0;
  }
}

/** Whether worker threads can be started here (Node ≥ 20.16 with SharedArrayBuffer). @internal */
export function threadsSupported(): boolean {
  return (
    workerConstructor() !== undefined &&
    typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer === 'function'
  );
}
