import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { gradLike, type TensorInput } from '../core/tensor.js';
import type { Backend } from '../kernels/options.js';
import {
  type ClassTarget,
  isProbabilityTarget,
  readClassLoss,
  readIndexTarget,
  readProbabilityTarget,
} from './classTargets.js';
import { crossEntropyLossWasm } from './crossEntropyLossWasm.js';
import {
  type BaseLossOptions,
  type EmptyMean,
  type LossResult,
  type Reduction,
  readNumberOption,
  reduce,
  upstream,
} from './reduction.js';

/** Options of {@link crossEntropyLoss}. */
export interface CrossEntropyLossOptions<R extends Reduction = Reduction> extends BaseLossOptions<R> {
  /** Per-class weights w_c (length C). */
  weight?: ArrayLike<number>;
  /**
   * Class index whose positions are left out of the loss, the gradient and the mean's denominator. Default −100.
   * Any integer in int32 range, a valid class index included (then that class is never scored).
   */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1−ε)·target + ε/C. Default 0. */
  labelSmoothing?: number;
  /** Mean over a batch whose every target is ignored: `'nan'` (default, as PyTorch) or `'zero'` (as Keras). */
  emptyMean?: EmptyMean;
  /**
   * `'auto'` (default): Float32Array [N, C] logits with class-index targets, no weight and no label smoothing,
   * C ≥ 8, run on a WebAssembly SIMD128 kernel (float32 exp, float64 sums; agrees with the float64 path to
   * ~4e-7 relative) where the runtime has SIMD128; everything else on the float64 TypeScript path.
   * `'js'` forces the TypeScript path; `'wasm'` forces the kernel and throws `INVALID_OPTION` where it cannot run.
   */
  backend?: Backend;
  /**
   * Write the gradient into this buffer (the input's float type and number of elements) instead of allocating a
   * new one; it is returned as `grad.data`. Reusing one buffer across training steps avoids the page faults of a
   * fresh allocation, which at [4096, 32000] cost more than the kernel itself (bench/README.md).
   * It may be the input's own data (the same bytes): every position's gradient is written only after that
   * position's softmax has been read, so the logits are overwritten by their gradient on every path. A buffer
   * that overlaps the input's bytes without coinciding with them (or overlaps a probability target) is refused.
   */
  gradInto?: Float32Array | Float64Array;
  /**
   * Threads for the wasm kernel (default 1): rows are shared among the calling thread and `threads − 1`
   * worker threads on the kernels' shared memory, at most one thread per MiB of logits. Workers start on the
   * first such call (tens of ms) and stay for later calls. Results are identical whatever the count. Needs
   * Node ≥ 20.16; elsewhere (browsers) the kernel runs on one thread. Logits and `gradInto` allocated with
   * {@link kernelFloat32Array} are used in place, with no copy.
   */
  threads?: number;
}

/**
 * Cross entropy between softmax(input) along axis 1 and the target, with `torch.nn.functional.cross_entropy`'s
 * semantics, returning the value and its gradient.
 *
 * Class-index target y (a flat integer array over the N·d1·... positions):
 * ℓᵢ = (1−ε)·(−w_{yᵢ} log pᵢ,yᵢ) + (ε/C)·(−Σ_c w_c log pᵢ,c), ignored positions contribute 0, and
 * `'mean'` divides by Σ_{i not ignored} w_{yᵢ}. Gradient: gᵢ·[(1−ε)·w_y·(p_c − [c = y]) + (ε/C)·(p_c·Σw − w_c)].
 *
 * Probability target t (given with the input's shape, `{ data, shape }` or nested arrays):
 * t' = (1−ε)·t + ε/C, ℓᵢ = −Σ_c w_c t'_c log pᵢ,c, `'mean'` divides by the number of positions;
 * gradient gᵢ·(p_c·Σ_k w_k t'_k − w_c t'_c).
 *
 * Where we differ from PyTorch, on purpose: a −Infinity logit on a class whose (smoothed) target is 0
 * contributes 0 to the value and the gradient (PyTorch and tfjs give NaN there); `emptyMean: 'zero'` gives 0
 * for an all-ignored batch. NaN logits propagate to a NaN loss, as in PyTorch.
 *
 * @param input - logits, `{ data, shape }` (or `dims`) with shape [N, C], [N, C, d1, ...] or [C]; or number[][].
 * @param target - class indices (Int32Array, number[], BigInt64Array, ...) or probabilities with the input's shape.
 * @example
 * ```ts
 * const { loss, grad } = crossEntropyLoss([[2, 0, -1], [0, 1, 0]], [0, 2]);
 * loss; // 0.8606453667441684
 * grad.data; // Float64Array [-0.07810263275933027, 0.05709759969229724, 0.021005033067033024, 0.10597077880854272, 0.28805844238291456, -0.3940292211914573]
 * crossEntropyLoss({ data: Float32Array.of(0, 0), shape: [1, 2] }, [1]).loss; // 0.6931471805599453
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a target index outside [0, C) that is not `ignoreIndex`,
 *   `NAN` for a target that is NaN or not a number, `SHAPE_MISMATCH` for targets, weights or `gradInto` of the
 *   wrong size, `NEGATIVE_PROBABILITY` / `NAN` for bad probability targets, `INVALID_OPTION` for an unknown
 *   option or a bad value of one (reduction, smoothing, an `ignoreIndex` that is not an int32 integer, a
 *   `gradInto` that partly overlaps the input), `TOO_LARGE` for `backend: 'wasm'` on rows past the kernels'
 *   memory.
 */
export function crossEntropyLoss<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: ClassTarget,
  options?: CrossEntropyLossOptions<R>,
): LossResult<R> {
  const fn = 'crossEntropyLoss';
  const { o, x, layout, reduction, weight, ignoreIndex, emptyMean, wantGrad } = readClassLoss(
    input,
    options,
    fn,
    CROSS_ENTROPY_OPTIONS,
  );
  const eps = readNumberOption(o.labelSmoothing, 0, 0, 1, 'labelSmoothing', fn);
  const { n, c: C, s: S, m } = layout;
  const data = x.data;

  const probTarget = isProbabilityTarget(target, x) ? readProbabilityTarget(target, x, fn) : undefined;
  const y = probTarget ? undefined : readIndexTarget(target, layout, ignoreIndex, fn, x.shape);
  const gradInto = readGradInto(o.gradInto, x.float32, data, fn, probTarget);
  // gradOutput is checked before anything is written (gradInto may be the logits themselves).
  upstream(o.gradOutput, reduction, m, 1, fn);
  // Float32Array [N, C] logits with plain index targets go to the wasm SIMD128 kernel (src/kernels).
  const fast = crossEntropyLossWasm(
    {
      ...layout,
      data,
      shape: x.shape,
      y,
      ignoreIndex,
      reduction,
      weighted: weight !== undefined,
      labelSmoothing: eps,
      emptyMean,
      wantGrad,
      gradOutput: o.gradOutput,
      backend: o.backend,
      threads: o.threads,
      gradInto,
    },
    fn,
  );
  if (fast) return fast;

  const losses = new Float64Array(m);
  const logp = allocate(Float64Array, C, fn, 'a row of classes');
  const prob = allocate(Float64Array, C, fn, 'a row of classes');
  let weightSum = 0;
  if (weight) for (let c = 0; c < C; c++) weightSum += weight[c];
  else weightSum = C;

  // One pass: per-position loss and the gradient of that position's loss (upstream 1), written straight
  // into the result; a second, exp-free pass scales each position by its upstream gradient. A position's
  // gradient overwrites only that position's elements, after its softmax is read: gradInto may be the input.
  const grad = wantGrad ? (gradInto ? { data: gradInto, shape: [...x.shape] } : gradLike(x)) : undefined;
  const g = grad?.data;
  const t = probTarget;
  const total = new Accumulator();
  const denominator = new Accumulator();
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < S; s++) {
      const i = b * S + s;
      const base = b * C * S + s;
      if (y && y[i] === ignoreIndex) {
        if (g) for (let c = 0; c < C; c++) g[base + c * S] = 0;
        continue;
      }
      logSoftmaxAt(data, base, S, C, logp, prob);
      let loss: number;
      if (y) {
        const k = y[i];
        const wy = weight ? weight[k] : 1;
        loss = -wy * logp[k];
        if (eps > 0) {
          let smooth = 0;
          for (let c = 0; c < C; c++) smooth -= (weight ? weight[c] : 1) * logp[c];
          loss = (1 - eps) * loss + (eps / C) * smooth;
        }
        if (g) {
          const a = (1 - eps) * wy;
          const e = eps / C;
          for (let c = 0; c < C; c++) {
            let d = a * (prob[c] - (c === k ? 1 : 0));
            if (eps > 0) d += e * (prob[c] * weightSum - (weight ? weight[c] : 1));
            g[base + c * S] = d;
          }
        }
        denominator.add(wy);
      } else {
        const tt = t as ArrayLike<number>;
        loss = 0;
        let wt = 0;
        for (let c = 0; c < C; c++) {
          const tc = (1 - eps) * tt[base + c * S] + eps / C;
          const wc = weight ? weight[c] : 1;
          wt += wc * tc;
          // 0·log 0 = 0: a class the target gives no mass adds nothing, even at a −Infinity logit.
          if (tc !== 0) loss -= wc * tc * logp[c];
        }
        if (g) {
          for (let c = 0; c < C; c++) {
            const tc = (1 - eps) * tt[base + c * S] + eps / C;
            g[base + c * S] = prob[c] * wt - (weight ? weight[c] : 1) * tc;
          }
        }
      }
      losses[i] = loss;
      total.add(loss);
    }
  }
  const denom = y ? denominator.value() : m;
  const empty = reduction === 'mean' && denom === 0;
  let value = reduce(losses, total.value(), reduction, denom);
  if (empty && emptyMean === 'zero') value = 0 as typeof value;
  if (!grad || !g) return { loss: value, grad: undefined };

  const up = upstream(o.gradOutput, reduction, m, empty ? 0 : reduction === 'mean' ? 1 / denom : 1, fn);
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < S; s++) {
      const i = b * S + s;
      const gi = up(i);
      if (gi === 1) continue;
      const base = b * C * S + s;
      for (let c = 0; c < C; c++) {
        const j = base + c * S;
        g[j] = gi === 0 ? 0 : gi * g[j];
      }
    }
  }
  return { loss: value, grad };
}

/**
 * Log-softmax of the C logits at base, base + stride, ...: fills logp and prob (= exp(logp)), one exp per logit.
 * @internal
 */
function logSoftmaxAt(
  data: ArrayLike<number>,
  base: number,
  stride: number,
  C: number,
  logp: Float64Array,
  prob: Float64Array,
): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) {
    const v = data[base + c * stride];
    if (v > max || Number.isNaN(v)) max = v;
  }
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(data[base + c * stride] - max);
    prob[c] = e;
    sum += e;
  }
  // (x − max) − log Σ, not x − (max + log Σ): keeps log Σ's precision when |max| is large.
  const logSum = Math.log(sum);
  for (let c = 0; c < C; c++) {
    logp[c] = data[base + c * stride] - max - logSum;
    prob[c] /= sum;
  }
}

/** The options {@link crossEntropyLoss} knows. @internal */
const CROSS_ENTROPY_OPTIONS = [
  'reduction',
  'grad',
  'gradOutput',
  'weight',
  'ignoreIndex',
  'labelSmoothing',
  'emptyMean',
  'backend',
  'gradInto',
  'threads',
] as const;

/** Whether two arrays share bytes: the same buffer and intersecting byte ranges. */
function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/**
 * Checks a caller's gradient buffer: the input's float type and number of elements, and either the input's
 * own bytes (an in-place gradient) or bytes apart from the input's and the probability target's.
 * @internal
 */
export function readGradInto(
  into: unknown,
  float32: boolean,
  input: ArrayLike<number>,
  fn: string,
  target?: ArrayLike<number>,
): Float32Array | Float64Array | undefined {
  if (into === undefined) return undefined;
  const length = input.length;
  const ok =
    (float32 ? into instanceof Float32Array : into instanceof Float64Array) &&
    (into as Float32Array | Float64Array).length === length;
  if (!ok) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: gradInto must be a ${float32 ? 'Float32Array' : 'Float64Array'} of ${length} elements (the input's type and size); got ${describe(into)}${ArrayBuffer.isView(into) ? ` of ${(into as Float32Array).length}` : ''}`,
      { argument: 'gradInto', value: (into as { length?: unknown } | null)?.length },
    );
  }
  const g = into as Float32Array | Float64Array;
  if (ArrayBuffer.isView(input) && overlaps(g, input)) {
    const same = g.byteOffset === input.byteOffset && g.byteLength === input.byteLength;
    if (!same) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: gradInto overlaps the input's bytes without coinciding with them (byte offset ${g.byteOffset} vs ${input.byteOffset}); pass the input's own array for an in-place gradient, or a separate buffer`,
        { argument: 'gradInto', value: g.byteOffset },
      );
    }
  }
  if (target !== undefined && ArrayBuffer.isView(target) && overlaps(g, target)) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: gradInto overlaps the target's bytes; the target is read while the gradient is written`,
      { argument: 'gradInto', value: g.byteOffset },
    );
  }
  return g;
}
