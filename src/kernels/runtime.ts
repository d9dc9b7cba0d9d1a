/**
 * Loads the WebAssembly kernels (src/kernels/c/, embedded as base64 in generated/kernelsWasm.ts) on first use:
 * the relaxed-SIMD build (fused multiply–add in the exp) where the engine validates it (Node ≥ 22, current
 * Chromium), else the SIMD128 build. No Node imports: only the `WebAssembly` global, found at run time, so
 * the module loads (and the TypeScript paths work) where WebAssembly or SIMD128 is missing.
 * @module
 */
import {
  kernelsWasmBase64,
  kernelsWasmRelaxedBase64,
  kernelsWasmRelaxedSharedBase64,
  kernelsWasmSharedBase64,
} from './generated/kernelsWasm.js';
import { Heap, MAX_PAGES, type WasmMemory } from './heap.js';
import type { KernelPool } from './pool.js';

/** The module's exports (one file per kernel family in src/kernels/c/). @internal */
interface KernelExports {
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
  ce_rows_claim(
    x: number,
    g: number,
    y: number,
    loss: number,
    scales: number,
    n: number,
    c: number,
    ignoreIndex: number,
    scale: number,
    next: number,
    grain: number,
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

/** The loaded kernels: their exports, memory, allocator and worker pool. @internal */
export interface Runtime {
  exports: KernelExports;
  heap: Heap;
  memory: WasmMemory;
  module: object;
  shared: boolean;
  /** Which build is loaded: relaxed SIMD, or SIMD128 (the fallback). */
  variant: KernelVariant;
  pool?: KernelPool;
  /** Set when starting worker threads failed: every call then runs on one thread. */
  noPool?: boolean;
  /** The instance on an unshared memory beside a shared one ({@link unsharedRuntime}; null: unavailable). */
  unshared?: Runtime | null;
}

/** The two builds of the kernels. @internal */
export type KernelVariant = 'relaxed' | 'simd128';

/** Which builds {@link kernelRuntime} may load, best first. */
let candidates: KernelVariant[] = ['relaxed', 'simd128'];

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

function instantiate(
  api: WasmApi,
  module: object,
  memory: WasmMemory,
  shared: boolean,
  variant: KernelVariant,
): Runtime {
  const instance = new api.Instance(module, { env: { memory } });
  const exports = instance.exports as KernelExports;
  return { exports, heap: new Heap(memory, exports.__heap_base.value), memory, module, shared, variant };
}

function moduleBytes(variant: KernelVariant, shared: boolean): string {
  if (variant === 'relaxed') return shared ? kernelsWasmRelaxedSharedBase64 : kernelsWasmRelaxedBase64;
  return shared ? kernelsWasmSharedBase64 : kernelsWasmBase64;
}

/**
 * The kernels' runtime, compiling the module on first use; undefined where WebAssembly or SIMD128 is
 * unavailable. `WebAssembly.validate` on each module is the feature test: the relaxed-SIMD build where it
 * validates (relaxed SIMD, SIMD128 and bulk memory), else the SIMD128 build (SIMD128 and bulk memory: it
 * fails wherever either is missing). Where synchronous compilation is refused (browsers' main threads
 * refuse modules above a size limit), this compiles asynchronously and the TypeScript path serves until
 * it is ready. @internal
 */
export function kernelRuntime(): Runtime | undefined {
  if (state.kind === 'ready') return state.runtime;
  if (state.kind !== 'unloaded') return undefined;
  const api = wasmApi();
  if (!api || typeof api.validate !== 'function') {
    state = { kind: 'none' };
    return undefined;
  }
  const shared = sharedMemory(api);
  let variant: KernelVariant | undefined;
  let bytes: Uint8Array | undefined;
  for (const v of candidates) {
    const b = decodeBase64(moduleBytes(v, shared !== undefined));
    if (api.validate(b)) {
      variant = v;
      bytes = b;
      break;
    }
  }
  if (!variant || !bytes) {
    state = { kind: 'none' };
    return undefined;
  }
  const chosen = variant;
  const memory = shared ?? new api.Memory({ initial: 32, maximum: MAX_PAGES });
  try {
    state = {
      kind: 'ready',
      runtime: instantiate(api, new api.Module(bytes), memory, shared !== undefined, chosen),
    };
    return state.runtime;
  } catch {
    state = { kind: 'pending' };
    api.compile(bytes).then(
      (module) => {
        state = { kind: 'ready', runtime: instantiate(api, module, memory, shared !== undefined, chosen) };
      },
      () => {
        state = { kind: 'none' };
      },
    );
    return undefined;
  }
}

/**
 * A second instance of the kernels, on an ordinary (unshared) memory of its own, for calls that run on one
 * thread and copy their inputs in: V8 copies an ordinary array into a SharedArrayBuffer at about a quarter
 * of the speed of a copy between ordinary ones (0.30 against 0.074 ns per float64 from cache, measured on
 * Node 20), and such a call needs no shared memory. `rt` itself where its memory is not shared; undefined
 * where the second module cannot be compiled synchronously (the caller then uses `rt`). @internal
 */
export function unsharedRuntime(rt: Runtime): Runtime | undefined {
  if (!rt.shared) return rt;
  if (rt.unshared !== undefined) return rt.unshared ?? undefined;
  rt.unshared = null;
  const api = wasmApi();
  if (!api) return undefined;
  try {
    const bytes = decodeBase64(moduleBytes(rt.variant, false));
    const memory = new api.Memory({ initial: 32, maximum: MAX_PAGES });
    rt.unshared = instantiate(api, new api.Module(bytes), memory, false, rt.variant);
  } catch {
    // a browser's main thread may refuse to compile synchronously: the shared instance serves
  }
  return rt.unshared ?? undefined;
}

/**
 * For tests and benchmarks: drops the loaded kernels (stopping their worker threads; arrays from
 * `kernelFloat32Array` stay valid but are copied like ordinary ones from then on) so that the next call
 * loads `variant`: 'relaxed' or 'simd128' only (the runtime is then unavailable where that build does not
 * validate), or 'auto' (the default: relaxed SIMD where it validates, else SIMD128). @internal
 */
export function reloadKernels(variant: KernelVariant | 'auto' = 'auto'): void {
  if (state.kind === 'ready') state.runtime.pool?.stop();
  candidates = variant === 'auto' ? ['relaxed', 'simd128'] : [variant];
  state = { kind: 'unloaded' };
}

/** The runtime if it is loaded, without loading it (for functions that only act on what exists). @internal */
export function loadedRuntime(): Runtime | undefined {
  return state.kind === 'ready' ? state.runtime : undefined;
}

/** Whether the module is being compiled asynchronously (browsers' main threads). @internal */
export function kernelRuntimePending(): boolean {
  return state.kind === 'pending';
}
