/**
 * Cross entropy of a linear layer's logits, computed block by block over the classes, so that the
 * [N, V] logits are never held (Liger-Kernel's fused linear cross entropy; Apple's Cut Cross-Entropy).
 * @module
 */
import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { readBooleanOption, readIntegerOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import type { FloatTensor } from '../core/tensor.js';
import { readTensor, type TensorInput } from '../core/tensor.js';
import { linearCrossEntropyWasm } from '../kernels/operations/linearCrossEntropy.js';
import { type Backend, isTooLarge, readBackend, readThreads } from '../kernels/options.js';
import { kernelRuntime } from '../kernels/runtime.js';
import { type IndexTarget, readIgnoreIndex, readIndexTarget } from './classTargets.js';
import { type EmptyMean, readEmptyMean, readReduction, readVectorOption } from './reduction.js';

/** Options of {@link linearCrossEntropyLoss}. */
export interface LinearCrossEntropyLossOptions {
  /** The layer's bias b (length V). Default none. */
  bias?: ArrayLike<number>;
  /** `'mean'` (default) over the positions not ignored, or `'sum'`. */
  reduction?: 'mean' | 'sum';
  /** Target value of positions left out of the loss and the gradients: an integer in int32 range. Default −100. */
  ignoreIndex?: number;
  /** Mean over a batch whose every target is ignored: `'nan'` (default, as PyTorch) or `'zero'`. */
  emptyMean?: EmptyMean;
  /** Compute the gradients (default true). Without them one pass over the weight suffices. */
  grad?: boolean;
  /**
   * Classes per block, a positive integer (values above V mean one block of V, on every path). Default: as
   * many as keep the block of logits [N, block] at 1 Mi numbers (8 MiB); on the wasm path, as many as keep a
   * block of the weight in about 256 KiB. Memory beyond the inputs and the gradients is O(N·block), whatever V is.
   */
  blockSize?: number;
  /**
   * `'auto'` (default): Float32Array hidden and weight run on WebAssembly SIMD128 kernels (float32 GEMM
   * blocks, as a float32 `torch.matmul`; float64 softmax statistics), blocks sized so that a block of the
   * weight stays in cache; `'js'` forces the float64 TypeScript path; `'wasm'` insists on the kernels.
   */
  backend?: Backend;
  /** Threads for the wasm kernels (default 1): each GEMM block is split by rows among them. */
  threads?: number;
}

/** Result of {@link linearCrossEntropyLoss}: the loss and its gradients with respect to the layer's inputs. */
export interface LinearCrossEntropyResult {
  loss: number;
  /** ∂loss/∂hidden, [N, H], the float type of `hidden`. */
  gradHidden: FloatTensor | undefined;
  /** ∂loss/∂weight, [V, H], the float type of `weight`. */
  gradWeight: FloatTensor | undefined;
  /** ∂loss/∂bias, [V] (only when a bias is given). */
  gradBias: Float64Array | undefined;
}

/**
 * Cross entropy of the logits z = hidden · weightᵀ + bias against class indices, with its gradients,
 * without materialising z: `F.cross_entropy(hidden @ weight.T + bias, target)` for a language model's
 * output layer, in O(N·block) memory instead of O(N·V).
 *
 * Pass 1 computes z a block of classes at a time and folds each block into every row's running maximum mᵢ
 * and sum sᵢ = Σ_c exp(z_ic − mᵢ) (the online log-sum-exp of Milakov & Gimelshein, 2018, a block at a time),
 * keeping z_{i,yᵢ}; ℓᵢ = (mᵢ − z_{i,yᵢ}) + log sᵢ. Pass 2 recomputes each block, forms
 * g_ic = (exp(z_ic − mᵢ)/sᵢ − [c = yᵢ])·scaleᵢ and accumulates ∂/∂hidden = g·weight, ∂/∂weight = gᵀ·hidden,
 * ∂/∂bias = Σᵢ g. The TypeScript path is float64 throughout (the reference, checked against PyTorch);
 * Float32Array inputs take the wasm kernels, whose float32 GEMMs agree with it as a float32 matmul does
 * (about 1e-6 of the gradients' scale; bench/README.md has the speed).
 *
 * @param hidden - [N, H] (`{ data, shape }` or nested arrays): the layer's inputs.
 * @param weight - [V, H], as `torch.nn.Linear(H, V).weight`.
 * @param target - N class indices in [0, V) or `ignoreIndex`.
 * @example
 * ```ts
 * const r = linearCrossEntropyLoss([[1, 0], [0, 2]], [[1, 0], [0, 1], [1, 1]], [0, 2]);
 * r.loss; // 0.8103092398688823
 * r.gradWeight?.data[0]; // -0.2888406008742409
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for shapes that do not fit [N, H] and [V, H] or a bias not of
 *   length V, `NAN` / `NOT_FINITE` for a NaN / infinite entry of hidden, weight or bias (with its row and
 *   column), `OUT_OF_RANGE` for a target outside [0, V) that is not `ignoreIndex`, `NAN` for a target that is
 *   not a number, `INVALID_OPTION` for an unknown option or a bad value of one (an `ignoreIndex` that is not an
 *   int32 integer, a `blockSize` that is not a positive integer, ...), `TOO_LARGE` for blocks that cannot be
 *   allocated.
 */
export function linearCrossEntropyLoss(
  hidden: TensorInput,
  weight: TensorInput,
  target: IndexTarget,
  options?: LinearCrossEntropyLossOptions,
): LinearCrossEntropyResult {
  const fn = 'linearCrossEntropyLoss';
  const o = readOptions(options, fn, LINEAR_CE_OPTIONS);
  const hx = readTensor(hidden, fn, 'hidden');
  const wx = readTensor(weight, fn, 'weight');
  if (hx.shape.length !== 2 || wx.shape.length !== 2 || hx.shape[1] !== wx.shape[1]) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: hidden [${hx.shape.join(', ')}] and weight [${wx.shape.join(', ')}] must be [N, H] and [V, H]`,
      { argument: 'weight', value: wx.shape },
    );
  }
  const [n, h] = hx.shape;
  const v = wx.shape[0];
  checkFinite(hx.data, h, 'hidden', fn);
  checkFinite(wx.data, h, 'weight', fn);
  const reduction = readReduction(o.reduction, ['mean', 'sum'], fn);
  const emptyMean = readEmptyMean(o.emptyMean, fn);
  const bias = readVectorOption(o.bias, v, 'bias', fn);
  const ignoreIndex = readIgnoreIndex(o.ignoreIndex, fn);
  const wantGrad = readBooleanOption(o.grad, true, 'grad', fn);
  const y = readIndexTarget(target, { n, c: v, s: 1, m: n }, ignoreIndex, fn);
  // A block wider than V is one block of V, on both paths.
  const userBlock =
    o.blockSize === undefined
      ? undefined
      : Math.min(v, readIntegerOption(o.blockSize, 1, 1, Number.MAX_SAFE_INTEGER, 'blockSize', fn));
  const block = userBlock ?? Math.max(1, Math.min(v, Math.floor(2 ** 20 / n)));
  const backend = readBackend(o.backend, fn);
  const threads = readThreads(o.threads, fn);
  if (backend !== 'js') {
    let fast: LinearCrossEntropyResult | undefined;
    try {
      fast = linearCrossEntropyLossWasm(
        hx.data,
        wx.data,
        bias,
        n,
        h,
        v,
        y,
        ignoreIndex,
        reduction,
        emptyMean,
        wantGrad,
        userBlock,
        threads,
      );
    } catch (e) {
      // Blocks past the kernels' 4 GiB memory (refused before any work): 'auto' takes the TypeScript path.
      if (backend === 'wasm' || !isTooLarge(e)) throw e;
    }
    if (fast) return fast;
    if (backend === 'wasm') {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: backend 'wasm' takes Float32Array hidden and weight and needs WebAssembly SIMD128`,
        { argument: 'backend', value: backend },
      );
    }
  }
  const H = hx.data;
  const W = wx.data;
  const z = allocate(Float64Array, n * Math.min(block, v), fn, 'a block of logits');
  /** z for classes [j0, j0 + len) of every row, into z (row-major [n, len]). */
  const logits = (j0: number, len: number) => {
    for (let i = 0; i < n; i++) {
      const hi = i * h;
      for (let jj = 0; jj < len; jj++) {
        const wj = (j0 + jj) * h;
        let acc = bias ? bias[j0 + jj] : 0;
        for (let k = 0; k < h; k++) acc += H[hi + k] * W[wj + k];
        z[i * len + jj] = acc;
      }
    }
  };

  // Pass 1: running max and sum per row (online log-sum-exp over blocks), and the target's logit.
  const m = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const s = new Float64Array(n);
  const zy = new Float64Array(n);
  for (let j0 = 0; j0 < v; j0 += block) {
    const len = Math.min(block, v - j0);
    logits(j0, len);
    for (let i = 0; i < n; i++) {
      let mb = Number.NEGATIVE_INFINITY;
      for (let jj = 0; jj < len; jj++) mb = Math.max(mb, z[i * len + jj]);
      let sb = 0;
      for (let jj = 0; jj < len; jj++) sb += Math.exp(z[i * len + jj] - mb);
      if (mb > m[i]) {
        s[i] = s[i] * Math.exp(m[i] - mb) + sb;
        m[i] = mb;
      } else {
        s[i] += sb * Math.exp(mb - m[i]);
      }
      const yi = y[i];
      if (yi >= j0 && yi < j0 + len) zy[i] = z[i * len + (yi - j0)];
    }
  }
  let count = 0;
  const total = new Accumulator();
  for (let i = 0; i < n; i++) {
    if (y[i] === ignoreIndex) continue;
    count++;
    total.add(m[i] - zy[i] + Math.log(s[i]));
  }
  const empty = reduction === 'mean' && count === 0;
  const loss =
    reduction === 'sum' ? total.value() : empty && emptyMean === 'zero' ? 0 : total.value() / count;
  if (!wantGrad) return { loss, gradHidden: undefined, gradWeight: undefined, gradBias: undefined };

  // Pass 2: the gradients, block by block.
  const scale = reduction === 'sum' ? 1 : empty ? 0 : 1 / count;
  const gH = allocate(Float64Array, n * h, fn, 'gradHidden');
  const gW = wx.float32 ? new Float32Array(v * h) : allocate(Float64Array, v * h, fn, 'gradWeight');
  const gB = bias ? new Float64Array(v) : undefined;
  const rowW = new Float64Array(h);
  for (let j0 = 0; j0 < v; j0 += block) {
    const len = Math.min(block, v - j0);
    logits(j0, len);
    for (let i = 0; i < n; i++) {
      const ignored = y[i] === ignoreIndex;
      for (let jj = 0; jj < len; jj++) {
        const p = Math.exp(z[i * len + jj] - m[i]) / s[i];
        z[i * len + jj] = ignored || scale === 0 ? 0 : (p - (y[i] === j0 + jj ? 1 : 0)) * scale;
      }
    }
    for (let jj = 0; jj < len; jj++) {
      const wj = (j0 + jj) * h;
      rowW.fill(0);
      let gb = 0;
      for (let i = 0; i < n; i++) {
        const g = z[i * len + jj];
        if (g === 0) continue;
        gb += g;
        const hi = i * h;
        for (let k = 0; k < h; k++) {
          rowW[k] += g * H[hi + k];
          gH[hi + k] += g * W[wj + k];
        }
      }
      for (let k = 0; k < h; k++) gW[wj + k] = rowW[k];
      if (gB) gB[j0 + jj] = gb;
    }
  }
  return {
    loss,
    gradHidden: { data: hx.float32 ? Float32Array.from(gH) : gH, shape: [n, h] },
    gradWeight: { data: gW, shape: [v, h] },
    gradBias: gB,
  };
}

const LINEAR_CE_OPTIONS = [
  'bias',
  'reduction',
  'ignoreIndex',
  'emptyMean',
  'grad',
  'blockSize',
  'backend',
  'threads',
] as const;

/** The wasm route (Float32Array hidden and weight), or undefined for the TypeScript path. */
function linearCrossEntropyLossWasm(
  H: ArrayLike<number>,
  W: ArrayLike<number>,
  bias: ArrayLike<number> | undefined,
  n: number,
  h: number,
  v: number,
  y: Int32Array,
  ignoreIndex: number,
  reduction: 'mean' | 'sum',
  emptyMean: EmptyMean,
  wantGrad: boolean,
  blockSize: number | undefined,
  threads: number,
): LinearCrossEntropyResult | undefined {
  if (!(H instanceof Float32Array) || !(W instanceof Float32Array)) return undefined;
  const rt = kernelRuntime();
  if (!rt) return undefined;
  // A block of the weight in about 256 KiB (it is read n times per pass), logits block at most 4 Mi floats.
  const block =
    blockSize ?? Math.max(1, Math.min(v, Math.max(16, Math.floor(65536 / h)), Math.floor(2 ** 22 / n)));
  let count = 0;
  for (let i = 0; i < n; i++) if (y[i] !== ignoreIndex) count++;
  const empty = reduction === 'mean' && count === 0;
  const unit = reduction === 'sum' ? 1 : empty ? 0 : 1 / count;
  const scale = wantGrad ? Float64Array.from(y, (t) => (t === ignoreIndex ? 0 : unit)) : undefined;
  const b = bias === undefined ? undefined : bias instanceof Float32Array ? bias : Float32Array.from(bias);
  const r = linearCrossEntropyWasm(rt, H, W, b, n, h, v, y, block, scale, threads);
  const total = new Accumulator();
  for (let i = 0; i < n; i++) if (y[i] !== ignoreIndex) total.add(r.max[i] - r.zy[i] + Math.log(r.sum[i]));
  const loss =
    reduction === 'sum' ? total.value() : empty && emptyMean === 'zero' ? 0 : total.value() / count;
  if (!wantGrad || !r.gradHidden || !r.gradWeight) {
    return { loss, gradHidden: undefined, gradWeight: undefined, gradBias: undefined };
  }
  return {
    loss,
    gradHidden: { data: r.gradHidden, shape: [n, h] },
    gradWeight: { data: r.gradWeight, shape: [v, h] },
    gradBias: bias ? r.gradBias : undefined,
  };
}

/** Throws NAN / NOT_FINITE for the first non-finite entry of a row-major [·, cols] matrix, naming [row, col]. */
function checkFinite(data: ArrayLike<number>, cols: number, name: string, fn: string): void {
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x - x === 0) continue; // finite
    const at = `${name}[${Math.floor(i / cols)}, ${i % cols}]`;
    throw new SurprisalError(
      Number.isNaN(x) ? 'NAN' : 'NOT_FINITE',
      `${fn}: ${at} is ${x}; the layer's inputs and weights must be finite`,
      { argument: name, index: i, value: x },
    );
  }
}
