/**
 * Loads the WebAssembly SIMD128 kernels of src/kernels/ce.c (embedded as base64 in ceWasm.ts) and runs them
 * over float32 rows, on one thread or on worker threads that share the kernels' memory. No Node imports:
 * only the `WebAssembly` global, found at run time, so the module loads (and the TypeScript paths work)
 * where WebAssembly or SIMD128 is missing.
 *
 * Memory: the kernels import one `WebAssembly.Memory`, shared (a SharedArrayBuffer underneath) wherever
 * the runtime allows it, so views on it stay valid when it grows and worker threads can run the same code
 * on the same bytes. Scratch buffers and the caller's {@link kernelFloat32Array}s are carved from it by a
 * small first-fit allocator ({@link Heap}).
 * @module
 */

import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readIntegerOption } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { ceWasmBase64, ceWasmSharedBase64 } from './ceWasm.js';
import { KernelPool, type KernelTask, sleep, threadsSupported } from './pool.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

interface CeExports {
  __heap_base: { value: number };
  ce_rows(
    x: number,
    g: number,
    y: number,
    loss: number,
    scales: number,
    n: number,
    c: number,
    ignoreIndex: number,
    scale: number,
  ): void;
  kl_rows(
    a: number,
    b: number,
    n: number,
    c: number,
    kl: number,
    maxA: number,
    lseA: number,
    maxB: number,
    lseB: number,
    topA: number,
    topB: number,
  ): void;
  entropy_rows(x: number, n: number, c: number, h: number): void;
  vexp(x: number, out: number, n: number): void;
  sum_f32(x: number, n: number): number;
  kl_div(x: number, t: number, g: number, n: number, logTarget: number, scale: number, bad: number): number;
  gemm_nt(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, bias: number): void;
  gemm_nn_acc(g: number, b: number, c: number, m: number, n: number, k: number): void;
  gemm_tn(g: number, a: number, c: number, m: number, n: number, k: number, ldg: number): void;
  row_stats(z: number, m: number, n: number, mx: number, sum: number): void;
  softmax_grad_rows(z: number, m: number, n: number, mx: number, f: number, t: number, s: number): void;
  log64(x: number): number;
}

/** The exports a worker may be asked to run (by index: see pool.ts). */
const TASK_NAMES = [
  'ce_rows',
  'kl_rows',
  'entropy_rows',
  'gemm_nt',
  'gemm_nn_acc',
  'gemm_tn',
  'row_stats',
  'softmax_grad_rows',
] as const;

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (desc: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<object>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 without `atob` or `Buffer` (neither is in every runtime's types). @internal */
export function decodeBase64(s: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < 64; i++) lookup[B64.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array((len * 3) >> 2);
  let j = 0;
  for (let i = 0; i < len; i += 4) {
    const a = lookup[s.charCodeAt(i)];
    const b = lookup[s.charCodeAt(i + 1)];
    const c = i + 2 < len ? lookup[s.charCodeAt(i + 2)] : 0;
    const d = i + 3 < len ? lookup[s.charCodeAt(i + 3)] : 0;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (j < out.length) out[j++] = v >> 16;
    if (j < out.length) out[j++] = (v >> 8) & 255;
    if (j < out.length) out[j++] = v & 255;
  }
  return out;
}

const PAGE = 65536;
/** 4 GiB: wasm32's whole address space (a shared memory must declare its maximum). */
const MAX_PAGES = 65536;
const ALIGN = 64;

/**
 * First-fit allocator over the kernels' memory, past `__heap_base`. Blocks are 64-byte aligned; freed blocks
 * merge with their neighbours, and the memory grows (never shrinks) when no free block fits. @internal
 */
export class Heap {
  private readonly memory: WasmMemory;
  private top: number;
  /** Free blocks [start, end), sorted by start, never adjacent. */
  private readonly free: { start: number; end: number }[] = [];
  private readonly used = new Map<number, number>();
  /** Every ArrayBuffer the memory has had: views on them are views on kernel memory. */
  private readonly buffers = new WeakSet<object>();

  constructor(memory: WasmMemory, heapBase: number) {
    this.memory = memory;
    this.top = (heapBase + ALIGN - 1) & ~(ALIGN - 1);
  }

  /** The memory's current buffer (recorded, so that views made on it are recognised later). */
  buffer(): ArrayBuffer | SharedArrayBuffer {
    const b = this.memory.buffer;
    this.buffers.add(b);
    return b;
  }

  /** The address of `view` in kernel memory, or undefined if it lies elsewhere. */
  addressOf(view: ArrayBufferView): number | undefined {
    return this.buffers.has(view.buffer) ? view.byteOffset : undefined;
  }

  /**
   * Allocates `bytes` (rounded up to 64) and returns the address.
   * @throws {SurprisalError} `TOO_LARGE` when the block would pass the memory's 4 GiB (wasm32's whole
   *   address space) or the memory cannot grow; nothing is allocated then.
   */
  alloc(bytes: number): number {
    // Arithmetic, not bitwise, rounding: sizes past 2³¹ bytes must not wrap to 32 bits.
    if (!(bytes >= 0 && bytes <= MAX_PAGES * PAGE)) {
      throw new SurprisalError(
        'TOO_LARGE',
        `kernel memory: ${bytes} bytes would pass the memory's maximum (4 GiB for wasm32)`,
        { argument: 'size', value: bytes },
      );
    }
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.end - f.start >= size) {
        const ptr = f.start;
        f.start += size;
        if (f.start === f.end) this.free.splice(i, 1);
        this.used.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new SurprisalError(
          'TOO_LARGE',
          `kernel memory: ${bytes} more bytes (${end} in all) would pass the memory's maximum (4 GiB for wasm32) or cannot be had from the system`,
          { argument: 'size', value: bytes },
        );
      }
    }
    this.top = end;
    this.used.set(ptr, size);
    return ptr;
  }

  /** Frees a block from {@link alloc}; unknown addresses are ignored. */
  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    let start = ptr;
    let end = ptr + size;
    // Merge with free neighbours, then give the block back to the bump pointer if it ends at the top.
    let i = 0;
    while (i < this.free.length && this.free[i].end < start) i++;
    if (i < this.free.length && this.free[i].end === start) {
      start = this.free[i].start;
      this.free.splice(i, 1);
    }
    if (i < this.free.length && this.free[i].start === end) {
      end = this.free[i].end;
      this.free.splice(i, 1);
    }
    if (end === this.top) this.top = start;
    else this.free.splice(i, 0, { start, end });
  }

  /** Blocks for one call: `take` allocates, `release` frees all of them (call it in a `finally`). */
  scratch(): { take: (bytes: number) => number; release: () => void } {
    const blocks: number[] = [];
    return {
      take: (bytes) => {
        const p = this.alloc(bytes);
        blocks.push(p);
        return p;
      },
      release: () => {
        for (const p of blocks) this.release(p);
        blocks.length = 0;
      },
    };
  }

  /** Bytes currently allocated (for tests). */
  allocatedBytes(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }
}

interface Runtime {
  exports: CeExports;
  heap: Heap;
  memory: WasmMemory;
  module: object;
  shared: boolean;
  pool?: KernelPool;
  /** Set when starting worker threads failed: every call then runs on one thread. */
  noPool?: boolean;
}

type State =
  | { kind: 'unloaded' }
  | { kind: 'pending' }
  | { kind: 'ready'; runtime: Runtime }
  | { kind: 'none' };
let state: State = { kind: 'unloaded' };

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** A shared memory where the runtime allows one (SharedArrayBuffer present), else undefined. */
function sharedMemory(api: WasmApi): WasmMemory | undefined {
  if (typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== 'function')
    return undefined;
  try {
    return new api.Memory({ initial: 32, maximum: MAX_PAGES, shared: true });
  } catch {
    return undefined;
  }
}

function instantiate(api: WasmApi, module: object, memory: WasmMemory, shared: boolean): Runtime {
  const instance = new api.Instance(module, { env: { memory } });
  const exports = instance.exports as CeExports;
  return { exports, heap: new Heap(memory, exports.__heap_base.value), memory, module, shared };
}

/**
 * The kernels' runtime, compiling the module on first use; undefined where WebAssembly or SIMD128 is
 * unavailable. `WebAssembly.validate` on the module itself is the feature test (SIMD128 and bulk memory:
 * it fails wherever either is missing). Where synchronous compilation is refused (browsers' main threads
 * refuse modules above a size limit), this compiles asynchronously and the TypeScript path serves until
 * it is ready. @internal
 */
export function kernelRuntime(): Runtime | undefined {
  if (state.kind === 'ready') return state.runtime;
  if (state.kind !== 'unloaded') return undefined;
  const api = wasmApi();
  const shared = api ? sharedMemory(api) : undefined;
  const bytes = decodeBase64(shared ? ceWasmSharedBase64 : ceWasmBase64);
  if (!api || typeof api.validate !== 'function' || !api.validate(bytes)) {
    state = { kind: 'none' };
    return undefined;
  }
  const memory = shared ?? new api.Memory({ initial: 32, maximum: MAX_PAGES });
  try {
    state = { kind: 'ready', runtime: instantiate(api, new api.Module(bytes), memory, shared !== undefined) };
    return state.runtime;
  } catch {
    state = { kind: 'pending' };
    api.compile(bytes).then(
      (module) => {
        state = { kind: 'ready', runtime: instantiate(api, module, memory, shared !== undefined) };
      },
      () => {
        state = { kind: 'none' };
      },
    );
    return undefined;
  }
}

/** Whether the WebAssembly SIMD128 kernels can run here (compiling them if needed). @internal */
export function wasmKernelsAvailable(): boolean {
  return kernelRuntime() !== undefined;
}

/**
 * Workers available beside the calling thread for a call asking for `threads`: 0 where threads are
 * unavailable (no shared memory, no worker threads, a failed start). In Node the pool is started or
 * enlarged here, synchronously; elsewhere only a pool started by {@link startKernelThreads} is used.
 */
function workersFor(rt: Runtime, threads: number): number {
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
  for (let i = 0; !rt && state.kind === 'pending' && i < 1000; i++) {
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

/** Runs tasks: the first on this thread, the others on the pool's workers. */
function runTasks(rt: Runtime, tasks: KernelTask[]): void {
  const local = (t: KernelTask) =>
    (rt.exports[t.fn as (typeof TASK_NAMES)[number]] as (...a: number[]) => void)(...t.args);
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
  if (state.kind !== 'ready') return;
  state.runtime.pool?.stop();
  state.runtime.pool = undefined;
}

type KernelArray = Float32Array | Int32Array;

function kernelArray<T extends KernelArray>(
  length: number,
  Ctor: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  Plain: new (length: number) => T,
  fn: string,
): T {
  // Kernel memory is wasm32's 4 GiB: at most 2³⁰ four-byte elements (fewer in practice).
  checkAllocatable(length, fn, 'length', (MAX_PAGES * PAGE) / 4);
  const rt = kernelRuntime();
  // Without shared memory a view would be detached by the memory's next growth: hand out plain memory.
  if (!rt?.shared) return new Plain(length);
  const ptr = rt.heap.alloc(4 * length);
  return new Ctor(rt.heap.buffer(), ptr, length);
}

/**
 * A Float32Array in the WebAssembly kernels' own memory. Logits (and gradient buffers, `gradInto`) placed
 * here are read and written by the kernels where they lie: no copy in, no copy out, and worker threads
 * (`threads` option) work on them directly. Free it with {@link freeKernelArray} when done; it is not
 * garbage-collected. Where the kernels cannot use shared memory (no SharedArrayBuffer: a browser page that
 * is not cross-origin isolated) or WebAssembly is missing, this is an ordinary zero-filled Float32Array.
 *
 * @example
 * const logits = kernelFloat32Array(4 * 1000); // fill with model output, then crossEntropyLoss({ data: logits, shape: [4, 1000] }, y)
 * logits.length; // 4000
 * freeKernelArray(logits); // undefined
 * @throws {SurprisalError} `INVALID_OPTION` for a length that is not a non-negative integer, `TOO_LARGE` past
 *   the kernels' memory (4 GiB in all).
 */
export function kernelFloat32Array(length: number): Float32Array {
  const a = kernelArray(length, Float32Array, Float32Array, 'kernelFloat32Array');
  if (kernelRuntime()?.heap.addressOf(a) !== undefined) a.fill(0);
  return a;
}

/**
 * An Int32Array in the kernels' memory, for class-index targets read without a copy (see
 * {@link kernelFloat32Array}). Free it with {@link freeKernelArray}.
 *
 * @example
 * const targets = kernelInt32Array(4);
 * targets.length; // 4
 * freeKernelArray(targets); // undefined
 * @throws {SurprisalError} as {@link kernelFloat32Array}.
 */
export function kernelInt32Array(length: number): Int32Array {
  const a = kernelArray(length, Int32Array, Int32Array, 'kernelInt32Array');
  if (kernelRuntime()?.heap.addressOf(a) !== undefined) a.fill(0);
  return a;
}

/**
 * Returns an array from {@link kernelFloat32Array} or {@link kernelInt32Array} to the kernels' memory. The
 * array (and every view on its bytes) must not be used afterwards. Ordinary arrays are ignored.
 *
 * @example
 * freeKernelArray(kernelFloat32Array(16)); // undefined
 * @throws {SurprisalError} `INVALID_OPTION` for something that is not a typed array.
 */
export function freeKernelArray(array: Float32Array | Int32Array): void {
  if (!ArrayBuffer.isView(array)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `freeKernelArray: array must be a typed array from kernelFloat32Array or kernelInt32Array; got ${describe(array)}`,
      { argument: 'array', value: array },
    );
  }
  if (state.kind !== 'ready') return;
  const ptr = state.runtime.heap.addressOf(array);
  if (ptr !== undefined) state.runtime.heap.release(ptr);
}

/** Bytes of kernel memory in use by arrays and scratch (for the tests). @internal */
export function kernelBytesInUse(): number {
  return state.kind === 'ready' ? state.runtime.heap.allocatedBytes() : 0;
}

/**
 * Bytes of logits per thread per dispatch: about 1 MiB, so that the copy in, the kernel's three passes and
 * the copy out all run in cache when the arrays are not in kernel memory (the logits are read from RAM once
 * and the gradient written once), and scratch memory stays small whatever N is.
 */
const BLOCK_BYTES = 1 << 20;

/** Threads worth using for `bytes` of logits: at most one per 1 MiB, so small inputs stay on one thread. */
function threadsFor(rt: Runtime, threads: number, bytes: number): number {
  const t = Math.max(1, Math.min(threads, Math.floor(bytes / BLOCK_BYTES)));
  return 1 + workersFor(rt, t);
}

/** Splits `rows` rows among `t` threads: [first row, count] per thread, counts differing by at most 1. */
function split(rows: number, t: number): [number, number][] {
  const out: [number, number][] = [];
  const base = Math.floor(rows / t);
  const extra = rows % t;
  let r = 0;
  for (let i = 0; i < t; i++) {
    const count = base + (i < extra ? 1 : 0);
    if (count > 0) out.push([r, count]);
    r += count;
  }
  return out;
}

/**
 * Classes per row from which ordinary logits on several threads are pipelined (the workers compute, the
 * calling thread only copies). For shorter rows every thread computes and the caller copies between blocks:
 * measured on 2 threads, interleaved medians (ms), pipelined vs not: C = 10: 3.7 vs 2.3; C = 200: 3.9 vs 2.7;
 * C = 1000: 6.7 vs 6.0; C = 8192: 23.7 vs 23.5; C = 16384: 21.7 vs 23.2; C = 32000: 42.0 vs 45.6.
 */
const PIPELINE_MIN_CLASSES = 16384;

interface PipelinedCall {
  data: Float32Array;
  n: number;
  c: number;
  y: Int32Array;
  yAt: number | undefined;
  ignore: number;
  scale: number;
  scales: Float64Array | undefined;
  grad: Float32Array | undefined;
  gAt: number | undefined;
  losses: Float64Array;
}

/**
 * crossEntropyRowsWasm for ordinary (not kernel-memory) logits on `workers` worker threads, double-buffered:
 * while the workers run block i, this thread copies block i − 1's gradient and losses out and block i + 1's
 * logits in. With a fresh gradient most of this thread's time goes to the page faults of the new array, which
 * now overlap the kernel instead of adding to it.
 */
function crossEntropyPipelined(rt: Runtime, pool: KernelPool, workers: number, call: PipelinedCall): void {
  const { heap } = rt;
  const { data, n, c, y, yAt, ignore, scale, scales, grad, gAt, losses } = call;
  const chunk = Math.min(n, workers * Math.max(1, Math.floor(BLOCK_BYTES / (4 * c))));
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const slots = [0, 1].map(() => {
      const x = take(4 * chunk * c);
      const ys = yAt === undefined ? take(4 * chunk) : 0;
      const l = take(8 * chunk);
      const sc = scales ? take(8 * chunk) : 0;
      const buf = heap.buffer();
      return {
        x,
        ys,
        l,
        sc,
        xv: new Float32Array(buf, x, chunk * c),
        yv: yAt === undefined ? new Int32Array(buf, ys, chunk) : undefined,
        lv: new Float64Array(buf, l, chunk),
        sv: scales ? new Float64Array(buf, sc, chunk) : undefined,
      };
    });
    const blockCount = Math.ceil(n / chunk);
    const rowsOf = (i: number) => Math.min(chunk, n - i * chunk);
    const copyIn = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      slot.xv.set(data.subarray(r0 * c, (r0 + rows) * c));
      slot.yv?.set(y.subarray(r0, r0 + rows));
      if (scales) slot.sv?.set(scales.subarray(r0, r0 + rows));
    };
    const dispatch = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const y0 = yAt === undefined ? slot.ys : yAt + 4 * r0;
      const g0 = !grad ? 0 : gAt !== undefined ? gAt + 4 * r0 * c : slot.x;
      pool.begin(
        split(rowsOf(i), workers).map(([r, count]) => ({
          fn: 'ce_rows',
          args: [
            slot.x + 4 * r * c,
            g0 ? g0 + 4 * r * c : 0,
            y0 + 4 * r,
            slot.l + 8 * r,
            scales ? slot.sc + 8 * r : 0,
            count,
            c,
            ignore,
            scale,
          ],
        })),
      );
    };
    const copyOut = (i: number) => {
      const slot = slots[i % 2];
      const r0 = i * chunk;
      const rows = rowsOf(i);
      if (grad && gAt === undefined) grad.set(slot.xv.subarray(0, rows * c), r0 * c);
      losses.set(slot.lv.subarray(0, rows), r0);
    };
    copyIn(0);
    dispatch(0);
    for (let i = 1; i < blockCount; i++) {
      copyIn(i);
      pool.join();
      dispatch(i);
      copyOut(i - 1);
    }
    pool.join();
    copyOut(blockCount - 1);
  } finally {
    try {
      pool.join(); // a no-op unless something above threw with workers still running
    } finally {
      scratch.release();
    }
  }
}

/**
 * Cross entropy of softmax rows with class-index targets on float32 [n, c] logits, by the wasm kernel.
 * Writes the per-row losses (0 for ignored rows) into `losses` and, when `grad` is given,
 * (softmax − onehot)·scale_i into it (0 for ignored rows), scale_i = `scales[i]` or `scale`.
 * Targets must already be checked (in [0, c) or `ignoreIndex`). Arrays in kernel memory
 * ({@link kernelFloat32Array}) are used where they lie; others are copied a block at a time. The input is
 * never modified (unless `grad` is the input itself). Up to `threads` threads share the rows. @internal
 */
export function crossEntropyRowsWasm(
  rt: Runtime,
  data: Float32Array,
  n: number,
  c: number,
  y: Int32Array,
  ignoreIndex: number,
  scale: number,
  scales: Float64Array | undefined,
  grad: Float32Array | undefined,
  losses: Float64Array,
  threads = 1,
): void {
  const { heap } = rt;
  const t = threadsFor(rt, threads, n * c * 4);
  const xAt = heap.addressOf(data);
  const gAt = grad ? heap.addressOf(grad) : undefined;
  const yAt = heap.addressOf(y);
  // ignoreIndex outside int32 never matches a checked target; any such value works as "none".
  const ignore = ignoreIndex === (ignoreIndex | 0) ? ignoreIndex : -2147483648;
  if (t > 1 && rt.pool && xAt === undefined && c >= PIPELINE_MIN_CLASSES) {
    // Ordinary logits on several threads: the workers compute while this thread copies blocks in and out.
    crossEntropyPipelined(rt, rt.pool, t - 1, {
      data,
      n,
      c,
      y,
      yAt,
      ignore,
      scale,
      scales,
      grad,
      gAt,
      losses,
    });
    return;
  }
  // Zero-copy when the logits and the gradient (if any) are in kernel memory: one dispatch over all rows.
  const direct = xAt !== undefined && (!grad || gAt !== undefined);
  const chunk = direct ? n : Math.min(n, t * Math.max(1, Math.floor(BLOCK_BYTES / (4 * c))));
  const needX = xAt === undefined;
  const needG = grad !== undefined && gAt === undefined && !needX; // else the gradient overwrites the x copy
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const xs = needX ? take(4 * chunk * c) : 0;
    const gs = needG ? take(4 * chunk * c) : 0;
    const ys = yAt === undefined ? take(4 * chunk) : 0;
    const ls = take(8 * chunk);
    const ss = scales ? take(8 * chunk) : 0;
    const buf = heap.buffer();
    const xv = needX ? new Float32Array(buf, xs, chunk * c) : undefined;
    const gv = needG ? new Float32Array(buf, gs, chunk * c) : undefined;
    const yv = yAt === undefined ? new Int32Array(buf, ys, chunk) : undefined;
    const lv = new Float64Array(buf, ls, chunk);
    const sv = scales ? new Float64Array(buf, ss, chunk) : undefined;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      const len = rows * c;
      if (xv) xv.set(data.subarray(r0 * c, r0 * c + len));
      if (yv) yv.set(y.subarray(r0, r0 + rows));
      if (sv && scales) sv.set(scales.subarray(r0, r0 + rows));
      const x0 = xv ? xs : (xAt as number) + 4 * r0 * c;
      const g0 = !grad ? 0 : gAt !== undefined ? gAt + 4 * r0 * c : needG ? gs : xs;
      const y0 = yv ? ys : (yAt as number) + 4 * r0;
      const tasks: KernelTask[] = split(rows, t).map(([r, count]) => ({
        fn: 'ce_rows',
        args: [
          x0 + 4 * r * c,
          g0 ? g0 + 4 * r * c : 0,
          y0 + 4 * r,
          ls + 8 * r,
          sv ? ss + 8 * r : 0,
          count,
          c,
          ignore,
          scale,
        ],
      }));
      runTasks(rt, tasks);
      if (grad && gAt === undefined) {
        const src = gv ?? (xv as Float32Array);
        grad.set(len === src.length ? src : src.subarray(0, len), r0 * c);
      }
      losses.set(rows === lv.length ? lv : lv.subarray(0, rows), r0);
    }
  } finally {
    scratch.release();
  }
}

/** Per-row statistics of two float32 [n, v] logit matrices, from {@link compareRowsWasm}. @internal */
export interface CompareRowStats {
  /** KL(a‖b) per row, clamped at 0; NaN where a row's max is not finite (left to the caller). */
  kl: Float64Array;
  topA: Int32Array;
  topB: Int32Array;
  maxA: Float64Array;
  /** log Σ exp(a − maxA). */
  logSumA: Float64Array;
  maxB: Float64Array;
  logSumB: Float64Array;
}

/** A row-wise kernel: float32 [n, c] inputs in, one number per row out (per output array). */
interface RowJob {
  fn: (typeof TASK_NAMES)[number];
  inputs: Float32Array[];
  outputs: (Float64Array | Int32Array)[];
  /** The export's arguments for `rows` rows whose inputs and outputs start at these addresses. */
  args: (inputs: number[], outputs: number[], rows: number) => number[];
}

/**
 * Runs a row-wise kernel over n rows of c classes: inputs in kernel memory are read where they lie, others
 * are copied a block (about 1 MiB of inputs per thread) at a time; per-row outputs go through scratch and
 * are copied out. Up to `threads` threads share the rows. The inputs are never modified.
 */
function runRows(rt: Runtime, n: number, c: number, threads: number, job: RowJob): void {
  const { heap } = rt;
  const rowBytes = 4 * c * job.inputs.length;
  const t = threadsFor(rt, threads, n * rowBytes);
  const at = job.inputs.map((x) => heap.addressOf(x));
  const direct = at.every((p) => p !== undefined);
  const chunk = direct ? n : Math.min(n, t * Math.max(1, Math.floor(BLOCK_BYTES / rowBytes)));
  const scratch = heap.scratch();
  try {
    const take = scratch.take;
    const inAt = at.map((p) => (p === undefined ? take(4 * chunk * c) : p));
    const outAt = job.outputs.map((o) => take(o.BYTES_PER_ELEMENT * chunk));
    const buf = heap.buffer();
    const copies = at.map((p, j) =>
      p === undefined ? new Float32Array(buf, inAt[j], chunk * c) : undefined,
    );
    const outViews = job.outputs.map((o, j) =>
      o instanceof Float64Array
        ? new Float64Array(buf, outAt[j], chunk)
        : new Int32Array(buf, outAt[j], chunk),
    );
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const rows = Math.min(chunk, n - r0);
      const base = job.inputs.map((x, j) => {
        const copy = copies[j];
        if (!copy) return inAt[j] + 4 * r0 * c;
        copy.set(x.subarray(r0 * c, (r0 + rows) * c));
        return inAt[j];
      });
      const tasks: KernelTask[] = split(rows, t).map(([r, count]) => ({
        fn: job.fn,
        args: job.args(
          base.map((p) => p + 4 * r * c),
          outAt.map((p, j) => p + job.outputs[j].BYTES_PER_ELEMENT * r),
          count,
        ),
      }));
      runTasks(rt, tasks);
      job.outputs.forEach((o, j) => {
        const src = outViews[j];
        o.set(rows === src.length ? src : src.subarray(0, rows), r0);
      });
    }
  } finally {
    scratch.release();
  }
}

/**
 * KL(a‖b), argmaxes, maxima and log-sum-exps per row of two float32 [n, v] logit matrices, by the wasm
 * kernel (kl_rows in ce.c), on up to `threads` threads (see {@link runRows}). Rows whose maxA or maxB is
 * not finite (NaN, ±Infinity) carry no statistics but their maxima: the caller computes them on the
 * TypeScript path. @internal
 */
export function compareRowsWasm(
  rt: Runtime,
  a: Float32Array,
  b: Float32Array,
  n: number,
  v: number,
  threads = 1,
): CompareRowStats {
  const out: CompareRowStats = {
    kl: new Float64Array(n),
    topA: new Int32Array(n),
    topB: new Int32Array(n),
    maxA: new Float64Array(n),
    logSumA: new Float64Array(n),
    maxB: new Float64Array(n),
    logSumB: new Float64Array(n),
  };
  runRows(rt, n, v, threads, {
    fn: 'kl_rows',
    inputs: [a, b],
    outputs: [out.kl, out.maxA, out.logSumA, out.maxB, out.logSumB, out.topA, out.topB],
    args: ([pa, pb], o, rows) => [pa, pb, rows, v, ...o],
  });
  return out;
}

/**
 * Entropy (nats) of softmax of each row of a float32 [n, c] logit matrix, by the wasm kernel
 * (entropy_rows in ce.c), on up to `threads` threads. NaN for rows whose max is not finite (the caller's
 * TypeScript path takes them). @internal
 */
export function entropyRowsWasm(
  rt: Runtime,
  x: Float32Array,
  n: number,
  c: number,
  threads = 1,
): Float64Array {
  const h = new Float64Array(n);
  runRows(rt, n, c, threads, {
    fn: 'entropy_rows',
    inputs: [x],
    outputs: [h],
    args: ([px], [ph], rows) => [px, rows, c, ph],
  });
  return h;
}

/**
 * Σ p·(log p − x) over float32 input x and target t (p = t, or exp(t) with `logTarget`), and the gradient
 * −p·scale into `grad`, by the wasm kernel (kl_div in ce.c), one thread, in blocks of 1 MiB per array
 * (arrays in kernel memory are read where they lie). Block sums are added in float64 (Neumaier). Returns
 * undefined, having written nothing useful, when a target is one the kernel leaves to the float64 path
 * (negative, NaN, +Infinity; above 88 with `logTarget`). @internal
 */
export function klDivWasm(
  rt: Runtime,
  x: Float32Array,
  t: Float32Array,
  logTarget: boolean,
  scale: number,
  grad: Float32Array | undefined,
): number | undefined {
  const { heap } = rt;
  const n = x.length;
  const xAt = heap.addressOf(x);
  const tAt = heap.addressOf(t);
  const block = Math.max(1, Math.min(n, BLOCK_BYTES / 4));
  const scratch = heap.scratch();
  const take = scratch.take;
  try {
    const xs = take(4 * block);
    const ts = tAt === undefined ? take(4 * block) : 0;
    const badAt = take(4);
    const buf = heap.buffer();
    const xv = new Float32Array(buf, xs, block);
    const tv = tAt === undefined ? new Float32Array(buf, ts, block) : undefined;
    const bad = new Int32Array(buf, badAt, 1);
    const total = new Accumulator();
    for (let i0 = 0; i0 < n; i0 += block) {
      const len = Math.min(block, n - i0);
      // The gradient overwrites the block's copy of x (or goes to scratch when x is read in place).
      if (xAt === undefined) xv.set(x.subarray(i0, i0 + len));
      const x0 = xAt === undefined ? xs : xAt + 4 * i0;
      if (tv) tv.set(t.subarray(i0, i0 + len));
      const t0 = tv ? ts : (tAt as number) + 4 * i0;
      total.add(rt.exports.kl_div(x0, t0, grad ? xs : 0, len, logTarget ? 1 : 0, scale, badAt));
      if (bad[0] !== 0) return undefined;
      if (grad) grad.set(len === xv.length ? xv : xv.subarray(0, len), i0);
    }
    return total.value();
  } finally {
    scratch.release();
  }
}

/** What {@link linearCrossEntropyWasm} returns: per-row statistics and, when asked, the gradients. @internal */
export interface LinearCeBlocks {
  /** Row maxima of the logits, Σ exp(z − max) per row, and the target's logit (float64). */
  max: Float64Array;
  sum: Float64Array;
  zy: Float64Array;
  gradHidden?: Float32Array;
  gradWeight?: Float32Array;
  /** Column sums of the gradient blocks (float64). */
  gradBias?: Float64Array;
}

/**
 * The wasm route of linearCrossEntropyLoss: float32 hidden [n, h], weight [v, h], optional float32 bias, in
 * blocks of `block` classes (float32 GEMMs, float64 softmax statistics). Pass 1 folds each block's row max
 * and sum into the running ones; pass 2 (when `scale` is given: the per-row upstream factors, 0 for ignored
 * rows) recomputes the block, turns it into (softmax − onehot)·scale and accumulates ∂/∂hidden += G·W_b and
 * ∂/∂W_b = Gᵀ·hidden. One thread. @internal
 */
export function linearCrossEntropyWasm(
  rt: Runtime,
  hidden: Float32Array,
  weight: Float32Array,
  bias: Float32Array | undefined,
  n: number,
  h: number,
  v: number,
  y: Int32Array,
  block: number,
  scale: Float64Array | undefined,
  threads = 1,
): LinearCeBlocks {
  const { heap } = rt;
  // Each kernel call is split by rows (of hidden, or of the weight block for gemm_tn) over the threads.
  // Threads by work, not bytes: a block is n·block·h multiply-adds per GEMM; at most one thread per 2¹⁸.
  const t =
    1 + workersFor(rt, Math.max(1, Math.min(threads, Math.floor((n * Math.min(block, v) * h) / 2 ** 18))));
  const par = (
    fn: (typeof TASK_NAMES)[number],
    count: number,
    args: (first: number, rows: number) => number[],
  ) =>
    runTasks(
      rt,
      split(count, Math.min(t, count)).map(([first, rows]) => ({ fn, args: args(first, rows) })),
    );
  const scratch = heap.scratch();
  const take = scratch.take;
  const out: LinearCeBlocks = {
    max: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    sum: new Float64Array(n),
    zy: new Float64Array(n),
  };
  try {
    const hIn = heap.addressOf(hidden);
    const hAt = hIn ?? take(4 * n * h);
    const wAt = heap.addressOf(weight);
    const wb = wAt === undefined ? take(4 * block * h) : 0;
    const bIn = bias ? heap.addressOf(bias) : undefined;
    const bAt = bias ? (bIn ?? take(4 * v)) : 0;
    const zAt = take(4 * n * block);
    const f64 = take(8 * n * 4);
    const tAt = take(4 * n);
    const ghAt = scale ? take(4 * n * h) : 0;
    const gwAt = scale ? take(4 * block * h) : 0;
    const buf = heap.buffer();
    if (hIn === undefined) new Float32Array(buf, hAt, n * h).set(hidden);
    if (bias && bIn === undefined) new Float32Array(buf, bAt, v).set(bias);
    const z = new Float32Array(buf, zAt, n * block);
    const bmax = new Float64Array(buf, f64, n);
    const bsum = new Float64Array(buf, f64 + 8 * n, n);
    const fac = new Float64Array(buf, f64 + 16 * n, n);
    const sub = new Float64Array(buf, f64 + 24 * n, n);
    const tl = new Int32Array(buf, tAt, n);
    const wView = wb ? new Float32Array(buf, wb, block * h) : undefined;
    const gh = scale ? new Float32Array(buf, ghAt, n * h) : undefined;
    const gw = scale ? new Float32Array(buf, gwAt, block * h) : undefined;
    gh?.fill(0);
    const logits = (j0: number, len: number): number => {
      let w0 = wAt === undefined ? wb : wAt + 4 * j0 * h;
      if (wView) {
        wView.set(weight.subarray(j0 * h, (j0 + len) * h));
        w0 = wb;
      }
      par('gemm_nt', n, (i, rows) => [
        hAt + 4 * i * h,
        w0,
        zAt + 4 * i * len,
        rows,
        len,
        h,
        len,
        bias ? bAt + 4 * j0 : 0,
      ]);
      return w0;
    };
    const { max, sum, zy } = out;
    for (let j0 = 0; j0 < v; j0 += block) {
      const len = Math.min(block, v - j0);
      logits(j0, len);
      par('row_stats', n, (i, rows) => [zAt + 4 * i * len, rows, len, f64 + 8 * i, f64 + 8 * n + 8 * i]);
      for (let i = 0; i < n; i++) {
        const mb = bmax[i];
        if (mb > max[i]) {
          sum[i] = sum[i] * Math.exp(max[i] - mb) + bsum[i];
          max[i] = mb;
        } else {
          sum[i] += bsum[i] * Math.exp(mb - max[i]);
        }
        const yi = y[i];
        if (yi >= j0 && yi < j0 + len) zy[i] = z[i * len + (yi - j0)];
      }
    }
    if (!scale || !gh || !gw) return out;
    const gW = new Float32Array(v * h);
    const gB = new Float64Array(v);
    bmax.set(max);
    for (let i = 0; i < n; i++) {
      fac[i] = scale[i] / sum[i];
      sub[i] = scale[i];
    }
    for (let j0 = 0; j0 < v; j0 += block) {
      const len = Math.min(block, v - j0);
      const w0 = logits(j0, len);
      for (let i = 0; i < n; i++) tl[i] = y[i] - j0;
      par('softmax_grad_rows', n, (i, rows) => [
        zAt + 4 * i * len,
        rows,
        len,
        f64 + 8 * i,
        f64 + 16 * n + 8 * i,
        tAt + 4 * i,
        f64 + 24 * n + 8 * i,
      ]);
      par('gemm_nn_acc', n, (i, rows) => [zAt + 4 * i * len, w0, ghAt + 4 * i * h, rows, len, h]);
      par('gemm_tn', len, (j, cols) => [zAt + 4 * j, hAt, gwAt + 4 * j * h, n, cols, h, len]);
      gW.set(gw.subarray(0, len * h), j0 * h);
      for (let i = 0; i < n; i++) {
        const row = i * len;
        for (let jj = 0; jj < len; jj++) gB[j0 + jj] += z[row + jj];
      }
    }
    out.gradHidden = gh.slice();
    out.gradWeight = gW;
    out.gradBias = gB;
    return out;
  } finally {
    scratch.release();
  }
}

/** exp(x) of the kernel's vector exp over float32 values (for the accuracy tests). @internal */
export function wasmExp(x: Float32Array): Float32Array {
  const rt = kernelRuntime();
  if (!rt) throw new Error('WebAssembly SIMD128 is unavailable');
  const inAt = rt.heap.alloc(4 * x.length);
  const outAt = rt.heap.alloc(4 * x.length);
  try {
    new Float32Array(rt.heap.buffer(), inAt, x.length).set(x);
    rt.exports.vexp(inAt, outAt, x.length);
    return new Float32Array(rt.heap.buffer(), outAt, x.length).slice();
  } finally {
    rt.heap.release(outAt);
    rt.heap.release(inAt);
  }
}

/** The kernel's float64 log (for the tests). @internal */
export function wasmLog(x: number): number {
  const rt = kernelRuntime();
  if (!rt) throw new Error('WebAssembly SIMD128 is unavailable');
  return rt.exports.log64(x);
}
