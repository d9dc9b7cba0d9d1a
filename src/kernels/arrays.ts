/**
 * Typed arrays in the kernels' own memory: the kernels read and write them where they lie, with no copy.
 * @module
 */
import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { MAX_PAGES, PAGE } from './heap.js';
import { kernelRuntime, loadedRuntime } from './runtime.js';

type KernelArray = Float32Array | Float64Array | Int32Array;

function kernelArray<T extends KernelArray>(
  length: number,
  Ctor: (new (
    buffer: ArrayBufferLike,
    byteOffset: number,
    length: number,
  ) => T) & { BYTES_PER_ELEMENT: number },
  fn: string,
): T {
  const size = Ctor.BYTES_PER_ELEMENT;
  // Kernel memory is wasm32's 4 GiB: at most 2³⁰ four-byte (2²⁹ eight-byte) elements (fewer in practice).
  checkAllocatable(length, fn, 'length', (MAX_PAGES * PAGE) / size);
  const rt = kernelRuntime();
  // Without shared memory a view would be detached by the memory's next growth: hand out plain memory.
  if (!rt?.shared) return new Ctor(new ArrayBuffer(size * length), 0, length);
  const ptr = rt.heap.alloc(size * length);
  const a = new Ctor(rt.heap.buffer(), ptr, length);
  a.fill(0);
  return a;
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
  return kernelArray(length, Float32Array, 'kernelFloat32Array');
}

/**
 * A Float64Array in the kernels' memory (see {@link kernelFloat32Array}), for long vectors that the
 * measures (entropy, klDivergence, logSumExp, softmax, ...) read where they lie: no copy in, and their
 * worker threads (`threads` option) share the work from the first element. Free it with
 * {@link freeKernelArray}.
 *
 * @example
 * const p = kernelFloat64Array(1 << 20).fill(2 ** -20); // a distribution, filled in place
 * entropy(p, { threads: 2 }); // 13.862943611198906
 * freeKernelArray(p); // undefined
 * @throws {SurprisalError} as {@link kernelFloat32Array}.
 */
export function kernelFloat64Array(length: number): Float64Array {
  return kernelArray(length, Float64Array, 'kernelFloat64Array');
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
  return kernelArray(length, Int32Array, 'kernelInt32Array');
}

/**
 * Returns an array from {@link kernelFloat32Array}, {@link kernelFloat64Array} or {@link kernelInt32Array}
 * to the kernels' memory. The
 * array (and every view on its bytes) must not be used afterwards. Ordinary arrays are ignored.
 *
 * @example
 * freeKernelArray(kernelFloat32Array(16)); // undefined
 * @throws {SurprisalError} `INVALID_OPTION` for something that is not a typed array.
 */
export function freeKernelArray(array: KernelArray): void {
  if (!ArrayBuffer.isView(array)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `freeKernelArray: array must be a typed array from kernelFloat32Array, kernelFloat64Array or kernelInt32Array; got ${describe(array)}`,
      { argument: 'array', value: array },
    );
  }
  const rt = loadedRuntime();
  if (!rt) return;
  const ptr = rt.heap.addressOf(array);
  if (ptr !== undefined) rt.heap.release(ptr);
}
