/**
 * Loads the WebAssembly SIMD128 kernels of src/kernels/ce.c (embedded as base64 in ceWasm.ts) and runs them
 * over float32 rows. No Node imports: only the `WebAssembly` global, found at run time, so the module loads
 * (and the TypeScript paths work) where WebAssembly or SIMD128 is missing.
 * @module
 */
import { ceWasmBase64 } from './ceWasm.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface CeExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  ce_rows(
    x: number,
    y: number,
    loss: number,
    scales: number,
    n: number,
    c: number,
    ignoreIndex: number,
    scale: number,
    wantGrad: number,
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
  vexp(x: number, out: number, n: number): void;
  log64(x: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
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

type State =
  | { kind: 'unloaded' }
  | { kind: 'pending' }
  | { kind: 'ready'; exports: CeExports }
  | { kind: 'none' };
let state: State = { kind: 'unloaded' };

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/**
 * The kernel's exports, compiling the module on first use; undefined where WebAssembly or SIMD128 is
 * unavailable. `WebAssembly.validate` on the module itself is the feature test (SIMD128 and bulk memory:
 * it fails wherever either is missing). Where synchronous compilation is refused (browsers' main threads
 * refuse modules above a size limit), this compiles asynchronously and the TypeScript path serves until
 * it is ready. @internal
 */
export function ceKernels(): CeExports | undefined {
  if (state.kind === 'ready') return state.exports;
  if (state.kind !== 'unloaded') return undefined;
  const api = wasmApi();
  const bytes = decodeBase64(ceWasmBase64);
  if (!api || typeof api.validate !== 'function' || !api.validate(bytes)) {
    state = { kind: 'none' };
    return undefined;
  }
  try {
    const instance = new api.Instance(new api.Module(bytes), {});
    state = { kind: 'ready', exports: instance.exports as CeExports };
    return state.exports;
  } catch {
    state = { kind: 'pending' };
    api.instantiate(bytes, {}).then(
      (r) => {
        state = { kind: 'ready', exports: r.instance.exports as CeExports };
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
  return ceKernels() !== undefined;
}

/** Bytes of wasm memory past `__heap_base` for the scratch buffers, growing the memory if needed. */
function reserve(k: CeExports, bytes: number): number {
  const base = (k.__heap_base.value + 15) & ~15;
  const need = base + bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  return base;
}

/**
 * Rows handed to the kernel per call: a block of about 1 MiB of logits, so that the copy in, the kernel's
 * three passes and the copy out all run in cache (the logits are read from RAM once and the gradient written
 * once), and wasm memory stays small whatever N is.
 */
const BLOCK_BYTES = 1 << 20;

/**
 * Cross entropy of softmax rows with class-index targets on float32 [n, c] logits, by the wasm kernel.
 * Writes the per-row losses (0 for ignored rows) into `losses` and, when `grad` is given,
 * (softmax − onehot)·scale_i into it (0 for ignored rows), scale_i = `scales[i]` or `scale`.
 * Targets must already be checked (in [0, c) or `ignoreIndex`). The logits are copied into wasm memory a
 * block at a time; the input is never modified. @internal
 */
export function crossEntropyRowsWasm(
  k: CeExports,
  data: Float32Array,
  n: number,
  c: number,
  y: Int32Array,
  ignoreIndex: number,
  scale: number,
  scales: Float64Array | undefined,
  grad: Float32Array | undefined,
  losses: Float64Array,
): void {
  const rowsPerBlock = Math.max(1, Math.min(n, Math.floor(BLOCK_BYTES / (4 * c))));
  const xBytes = (rowsPerBlock * c * 4 + 15) & ~15;
  const base = reserve(k, xBytes + rowsPerBlock * (4 + 8 + (scales ? 8 : 0)));
  const xPtr = base;
  const yPtr = xPtr + xBytes;
  const lossPtr = (yPtr + rowsPerBlock * 4 + 7) & ~7;
  const scalesPtr = scales ? lossPtr + rowsPerBlock * 8 : 0;
  // Views are made after any growth (growing detaches the old buffer).
  const buf = k.memory.buffer;
  const xv = new Float32Array(buf, xPtr, rowsPerBlock * c);
  const yv = new Int32Array(buf, yPtr, rowsPerBlock);
  const lv = new Float64Array(buf, lossPtr, rowsPerBlock);
  const sv = scales ? new Float64Array(buf, scalesPtr, rowsPerBlock) : undefined;
  // ignoreIndex outside int32 never matches a checked target; any such value works as "none".
  const ignore = ignoreIndex === (ignoreIndex | 0) ? ignoreIndex : -2147483648;
  for (let r0 = 0; r0 < n; r0 += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, n - r0);
    const len = rows * c;
    xv.set(data.subarray(r0 * c, r0 * c + len));
    yv.set(y.subarray(r0, r0 + rows));
    if (sv && scales) sv.set(scales.subarray(r0, r0 + rows));
    k.ce_rows(xPtr, yPtr, lossPtr, scalesPtr, rows, c, ignore, scale, grad ? 1 : 0);
    if (grad) grad.set(len === xv.length ? xv : xv.subarray(0, len), r0 * c);
    losses.set(rows === lv.length ? lv : lv.subarray(0, rows), r0);
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

/**
 * KL(a‖b), argmaxes, maxima and log-sum-exps per row of two float32 [n, v] logit matrices, by the wasm
 * kernel (kl_rows in ce.c). Rows are copied into wasm memory a block (about 1 MiB of both matrices) at a
 * time; the inputs are never modified. Rows whose maxA or maxB is not finite (NaN, ±Infinity) carry
 * no statistics but their maxima: the caller computes them on the TypeScript path. @internal
 */
export function compareRowsWasm(
  k: CeExports,
  a: Float32Array,
  b: Float32Array,
  n: number,
  v: number,
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
  const rowsPerBlock = Math.max(1, Math.min(n, Math.floor(BLOCK_BYTES / (8 * v))));
  const xBytes = (rowsPerBlock * v * 4 + 15) & ~15;
  const base = reserve(k, 2 * xBytes + rowsPerBlock * (5 * 8 + 2 * 4));
  const aPtr = base;
  const bPtr = aPtr + xBytes;
  const f64Ptr = bPtr + xBytes; // 16-aligned
  const i32Ptr = f64Ptr + 5 * 8 * rowsPerBlock;
  const buf = k.memory.buffer;
  const av = new Float32Array(buf, aPtr, rowsPerBlock * v);
  const bv = new Float32Array(buf, bPtr, rowsPerBlock * v);
  const f64 = (j: number) => new Float64Array(buf, f64Ptr + j * 8 * rowsPerBlock, rowsPerBlock);
  const i32 = (j: number) => new Int32Array(buf, i32Ptr + j * 4 * rowsPerBlock, rowsPerBlock);
  const f64Views: [Float64Array, Float64Array][] = [
    [f64(0), out.kl],
    [f64(1), out.maxA],
    [f64(2), out.logSumA],
    [f64(3), out.maxB],
    [f64(4), out.logSumB],
  ];
  const i32Views: [Int32Array, Int32Array][] = [
    [i32(0), out.topA],
    [i32(1), out.topB],
  ];
  const p = (j: number) => f64Ptr + j * 8 * rowsPerBlock;
  for (let r0 = 0; r0 < n; r0 += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, n - r0);
    const len = rows * v;
    av.set(a.subarray(r0 * v, r0 * v + len));
    bv.set(b.subarray(r0 * v, r0 * v + len));
    k.kl_rows(aPtr, bPtr, rows, v, p(0), p(1), p(2), p(3), p(4), i32Ptr, i32Ptr + 4 * rowsPerBlock);
    for (const [src, dst] of f64Views) dst.set(rows === src.length ? src : src.subarray(0, rows), r0);
    for (const [src, dst] of i32Views) dst.set(rows === src.length ? src : src.subarray(0, rows), r0);
  }
  return out;
}

/** exp(x) of the kernel's vector exp over float32 values (for the accuracy tests). @internal */
export function wasmExp(x: Float32Array): Float32Array {
  const k = ceKernels();
  if (!k) throw new Error('WebAssembly SIMD128 is unavailable');
  const base = reserve(k, 8 * x.length + 16);
  const outPtr = base + ((4 * x.length + 15) & ~15);
  new Float32Array(k.memory.buffer, base, x.length).set(x);
  k.vexp(base, outPtr, x.length);
  return new Float32Array(k.memory.buffer, outPtr, x.length).slice();
}

/** The kernel's float64 log (for the tests). @internal */
export function wasmLog(x: number): number {
  const k = ceKernels();
  if (!k) throw new Error('WebAssembly SIMD128 is unavailable');
  return k.log64(x);
}
