/**
 * The WebAssembly SIMD128 route of `compareLogits`: per-row statistics (KL, argmaxes, maxima, log-sum-exps)
 * of two float32 [N, V] logit matrices. Everything else stays on the TypeScript path.
 * @module
 */
import {
  type Backend,
  isTooLarge,
  readBackend,
  readThreads,
  WASM_MIN_CLASSES,
  wasmRefused,
} from './crossEntropyFast.js';
import { type CompareRowStats, compareRowsWasm, kernelRuntime } from './wasmKernels.js';

/**
 * The kernel's row statistics when the call takes the wasm route (both inputs Float32Array, V ≥ 8 for
 * `'auto'`, the module loadable synchronously), else undefined. `backend: 'wasm'` throws `INVALID_OPTION`
 * where the kernel does not apply or cannot run. @internal
 */
export function compareLogitsFast(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  v: number,
  backendOption: Backend | undefined,
  fn: string,
  threadsOption?: number,
): CompareRowStats | undefined {
  const backend = readBackend(backendOption, fn);
  const threads = readThreads(threadsOption, fn);
  if (backend === 'js') return undefined;
  const eligible = a instanceof Float32Array && b instanceof Float32Array && n > 0 && v > 0;
  const k = eligible && (backend === 'wasm' || v >= WASM_MIN_CLASSES) ? kernelRuntime() : undefined;
  if (!k || !(a instanceof Float32Array) || !(b instanceof Float32Array)) {
    if (backend === 'wasm') throw wasmRefused(fn, eligible, 'Float32Array logits for both base and other');
    return undefined;
  }
  try {
    return compareRowsWasm(k, a, b, n, v, threads);
  } catch (e) {
    // Rows too long for the kernels' memory: 'auto' takes the TypeScript path.
    if (backend === 'auto' && isTooLarge(e)) return undefined;
    throw e;
  }
}
