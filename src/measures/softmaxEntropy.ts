/**
 * Entropy of each row of softmax(logits): a language model's predictive entropy per position.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { readOptions } from '../core/options.js';
import { readTensor, type TensorInput } from '../core/tensor.js';
import { type Base, logOfBase } from '../core/units.js';
import { entropyRowsWasm } from '../kernels/operations/entropyRows.js';
import {
  type Backend,
  isTooLarge,
  readBackend,
  readThreads,
  WASM_MIN_CLASSES,
  wasmRefused,
} from '../kernels/options.js';
import { kernelRuntime } from '../kernels/runtime.js';
import { entropyNats } from './entropy.js';

/** Options of {@link softmaxEntropy}. */
export interface SoftmaxEntropyOptions {
  /** Unit: a log base or `'nats'` (default), `'bits'`, `'hartleys'`. */
  base?: Base;
  /**
   * `'auto'` (default): Float32Array logits with C ≥ 8 classes run on the WebAssembly SIMD128 kernel
   * (float32 exps, float64 sums: within 1e-6 relative of the float64 path); `'js'` forces the float64
   * TypeScript path; `'wasm'` forces the kernel and throws `INVALID_OPTION` where it cannot run.
   */
  backend?: Backend;
  /** Threads for the wasm kernel (default 1), as in `crossEntropyLoss`. */
  threads?: number;
}

/**
 * Entropy of softmax along the last axis, one value per row: Hᵢ = −Σ_c pᵢ,c log pᵢ,c with
 * pᵢ = softmax(xᵢ), as `torch.distributions.Categorical(logits=x).entropy()` and
 * `scipy.stats.entropy(softmax(x, axis=-1), axis=-1)`. Computed as log Sᵢ + Σ_c eᵢ,c (mᵢ − xᵢ,c) / Sᵢ with
 * mᵢ = max_c xᵢ,c, eᵢ,c = exp(xᵢ,c − mᵢ), Sᵢ = Σ_c eᵢ,c: two non-negative terms, so a near-certain row keeps
 * its relative accuracy. −Infinity logits are classes of probability 0 (a row needs one finite logit);
 * +Infinity and NaN are errors, as for every measure `{ from: 'logits' }`.
 *
 * @param logits - `{ data, shape }` (or `dims`) with shape [..., C], nested arrays, or one flat row.
 * @returns per-row entropies (the product of the leading dimensions), in `base` units.
 * @example
 * ```ts
 * softmaxEntropy([[0, 0, 0, 0], [10, 0, 0, 0]])[0]; // 1.3862943611198906
 * softmaxEntropy([[0, 0], [0, 0]], { base: 'bits' })[1]; // 1
 * ```
 * @throws {SurprisalError} `NAN` / `NOT_FINITE` for a NaN / +Infinity logit (with its row and column),
 *   `EMPTY` for rows of no class,
 *   `INVALID_OPTION` for an unknown option or a bad base, backend or thread count, `TOO_LARGE` for
 *   `backend: 'wasm'` on rows past the kernels' memory.
 */
export function softmaxEntropy(logits: TensorInput, options?: SoftmaxEntropyOptions): Float64Array {
  const fn = 'softmaxEntropy';
  const o = readOptions(options, fn, ['base', 'backend', 'threads']);
  const x = readTensor(logits, fn, 'logits');
  const k = logOfBase(o.base);
  const backend = readBackend(o.backend, fn);
  const threads = readThreads(o.threads, fn);
  if (x.shape.length === 0) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: logits must have a last axis of classes; got shape []`,
      {
        argument: 'logits',
        value: x.shape,
      },
    );
  }
  const c = x.shape[x.shape.length - 1];
  if (c === 0)
    throw new SurprisalError('EMPTY', `${fn}: logits have no classes (last dimension 0)`, {
      argument: 'logits',
    });
  const data = x.data;
  const n = data.length / c;
  const eligible = data instanceof Float32Array && n > 0;
  const rt =
    backend !== 'js' && eligible && (backend === 'wasm' || c >= WASM_MIN_CLASSES)
      ? kernelRuntime()
      : undefined;
  if (backend === 'wasm' && !rt) throw wasmRefused(fn, eligible, 'Float32Array logits');
  let h: Float64Array | undefined;
  if (rt && data instanceof Float32Array) {
    try {
      h = entropyRowsWasm(rt, data, n, c, threads);
    } catch (e) {
      // Rows too long for the kernels' memory: 'auto' takes the float64 path.
      if (backend === 'wasm' || !isTooLarge(e)) throw e;
    }
  }
  h ??= new Float64Array(n).fill(Number.NaN);
  const row = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    // The float64 path, for every row without the kernel and for the kernel's non-finite rows.
    if (!Number.isNaN(h[i])) continue;
    for (let j = 0; j < c; j++) {
      const v = data[i * c + j];
      if (Number.isNaN(v) || v === Number.POSITIVE_INFINITY) {
        throw new SurprisalError(
          v > 0 ? 'NOT_FINITE' : 'NAN',
          `${fn}: logits[${i}, ${j}] is ${v}${v > 0 ? '; logits must be < Infinity' : ''}`,
          {
            argument: 'logits',
            index: i * c + j,
            value: v,
          },
        );
      }
      row[j] = v;
    }
    h[i] = entropyNats(row, { from: 'logits' }, fn);
  }
  if (k !== 1) for (let i = 0; i < n; i++) h[i] /= k;
  return h;
}
