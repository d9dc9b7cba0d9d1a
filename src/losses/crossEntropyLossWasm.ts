/**
 * The WebAssembly SIMD128 route of `crossEntropyLoss`: float32 [N, C] logits, class-index targets, no
 * weight, no label smoothing. Everything else (and every call where the kernel cannot load) stays on the
 * float64 TypeScript reference path. The loss picks the kernel here; src/kernels knows nothing of losses.
 * @module
 */
import { allocate } from '../core/allocate.js';
import { Accumulator } from '../core/sum.js';
import type { FloatTensor } from '../core/tensor.js';
import { crossEntropyRowsWasm } from '../kernels/operations/crossEntropyRows.js';
import {
  type Backend,
  isTooLarge,
  readBackend,
  readThreads,
  WASM_MIN_CLASSES,
  wasmRefused,
} from '../kernels/options.js';
import { kernelRuntime } from '../kernels/runtime.js';
import { type LossResult, type Reduction, reduce, upstream } from './reduction.js';

/** What the route needs from crossEntropyLoss, after every option and target has been checked. @internal */
interface CrossEntropyWasmCall<R extends Reduction> {
  data: ArrayLike<number>;
  shape: readonly number[];
  n: number;
  c: number;
  s: number;
  y: Int32Array | undefined;
  ignoreIndex: number;
  reduction: R;
  weighted: boolean;
  labelSmoothing: number;
  emptyMean: 'nan' | 'zero';
  wantGrad: boolean;
  gradOutput: ArrayLike<number> | number | undefined;
  backend: Backend | undefined;
  /** Threads for the kernel (checked here). */
  threads?: number;
  /** A caller's buffer for the gradient (already checked to be a Float32Array of the input's length). */
  gradInto?: Float32Array | Float64Array;
}

/**
 * Runs the call on the wasm kernel when it applies, returning undefined to send it down the reference path.
 * `backend: 'wasm'` throws `INVALID_OPTION` where the kernel does not apply or cannot run. @internal
 */
export function crossEntropyLossWasm<R extends Reduction>(
  call: CrossEntropyWasmCall<R>,
  fn: string,
): LossResult<R> | undefined {
  const backend = readBackend(call.backend, fn);
  const threads = readThreads(call.threads, fn);
  if (backend === 'js') return undefined;
  const { data, n, c, y } = call;
  const eligible =
    data instanceof Float32Array &&
    call.s === 1 &&
    y !== undefined &&
    !call.weighted &&
    call.labelSmoothing === 0;
  const k = eligible && (backend === 'wasm' || c >= WASM_MIN_CLASSES) ? kernelRuntime() : undefined;
  if (!k || !y || !(data instanceof Float32Array)) {
    if (backend === 'wasm') {
      throw wasmRefused(
        fn,
        eligible,
        'Float32Array [N, C] logits with class-index targets, no weight and no labelSmoothing',
      );
    }
    return undefined;
  }
  const m = n;
  let count = 0;
  for (let i = 0; i < m; i++) if (y[i] !== call.ignoreIndex) count++;
  const { reduction } = call;
  const empty = reduction === 'mean' && count === 0;
  let scale = 0;
  let scales: Float64Array | undefined;
  if (call.wantGrad) {
    // The same checks and scale as the reference path (1/denominator for a mean, 0 for an empty mean).
    const up = upstream(call.gradOutput, reduction, m, empty ? 0 : reduction === 'mean' ? 1 / count : 1, fn);
    if (reduction === 'none' && call.gradOutput !== undefined) {
      scales = new Float64Array(m);
      for (let i = 0; i < m; i++) scales[i] = up(i);
    } else {
      scale = up(0);
    }
  }
  const losses = new Float64Array(m);
  const grad: FloatTensor | undefined = call.wantGrad
    ? {
        data:
          (call.gradInto as Float32Array | undefined) ??
          allocate(Float32Array, data.length, fn, 'the gradient'),
        shape: [...call.shape],
      }
    : undefined;
  try {
    crossEntropyRowsWasm(
      k,
      data,
      n,
      c,
      y,
      call.ignoreIndex,
      scale,
      scales,
      grad?.data as Float32Array | undefined,
      losses,
      threads,
    );
  } catch (e) {
    // Rows too long for the kernels' memory (refused before anything is written): 'auto' falls back.
    if (backend === 'auto' && isTooLarge(e)) return undefined;
    throw e;
  }
  let total = 0;
  if (reduction !== 'none') {
    const acc = new Accumulator();
    for (let i = 0; i < m; i++) acc.add(losses[i]);
    total = acc.value();
  }
  let value = reduce(losses, total, reduction, count);
  if (empty && call.emptyMean === 'zero') value = 0 as typeof value;
  return { loss: value, grad };
}
