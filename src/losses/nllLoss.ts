import { Accumulator } from '../core/sum.js';
import { gradLike, type TensorInput } from '../core/tensor.js';
import { type ClassTarget, readClassLoss, readIndexTarget } from './classTargets.js';
import { type CrossEntropyLossOptions, readGradInto } from './crossEntropyLoss.js';
import { type LossResult, type Reduction, reduce, upstream } from './reduction.js';

/**
 * Options of {@link nllLoss}: those of {@link crossEntropyLoss} without label smoothing, and without `backend`
 * and `threads` (nllLoss reads one number per position: it has no kernel).
 */
export type NllLossOptions<R extends Reduction = Reduction> = Omit<
  CrossEntropyLossOptions<R>,
  'labelSmoothing' | 'backend' | 'threads'
>;

const NLL_OPTIONS = [
  'reduction',
  'grad',
  'gradOutput',
  'weight',
  'ignoreIndex',
  'emptyMean',
  'gradInto',
] as const;

/**
 * Negative log-likelihood of class-index targets given log-probabilities, as `torch.nn.functional.nll_loss`:
 * ℓᵢ = −w_{yᵢ}·input[i, yᵢ]; ignored positions contribute 0; `'mean'` divides by Σ_{i not ignored} w_{yᵢ}.
 * Gradient: −gᵢ·w_{yᵢ} at [i, yᵢ], 0 elsewhere. Averaged over a data set, this is the empirical cross entropy.
 *
 * @param input - log-probabilities, shape [N, C], [N, C, d1, ...] or [C] (e.g. the output of `logSoftmax`).
 * @param target - class indices over the N·d1·... positions.
 * @example
 * ```ts
 * nllLoss([[Math.log(0.7), Math.log(0.2), Math.log(0.1)]], [1]).loss; // 1.6094379124341003 (= −log 0.2)
 * nllLoss([[-1, -2], [-3, -4]], [0, -100], { reduction: 'sum' }).loss; // 1
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a target outside [0, C) that is not `ignoreIndex`, `NAN` for a
 *   target that is NaN or not a number, `SHAPE_MISMATCH` for targets, weights or `gradInto` of the wrong size,
 *   `INVALID_OPTION` for an unknown option or a bad value of one (reduction, an `ignoreIndex` that is not an
 *   int32 integer, a `gradInto` that partly overlaps the input).
 */
export function nllLoss<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: ClassTarget,
  options?: NllLossOptions<R>,
): LossResult<R> {
  const fn = 'nllLoss';
  const { o, x, layout, reduction, weight, ignoreIndex, emptyMean, wantGrad } = readClassLoss(
    input,
    options,
    fn,
    NLL_OPTIONS,
  );
  const y = readIndexTarget(target, layout, ignoreIndex, fn, x.shape);
  const gradInto = readGradInto(o.gradInto, x.float32, x.data, fn);
  const { n, c: C, s: S, m } = layout;
  const losses = new Float64Array(m);
  const total = new Accumulator();
  const denominator = new Accumulator();
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < S; s++) {
      const i = b * S + s;
      const k = y[i];
      if (k === ignoreIndex) continue;
      const w = weight ? weight[k] : 1;
      losses[i] = -w * x.data[(b * C + k) * S + s];
      total.add(losses[i]);
      denominator.add(w);
    }
  }
  const denom = denominator.value();
  const empty = reduction === 'mean' && denom === 0;
  let value = reduce(losses, total.value(), reduction, denom);
  if (empty && emptyMean === 'zero') value = 0 as typeof value;
  if (!wantGrad) return { loss: value, grad: undefined };
  const up = upstream(o.gradOutput, reduction, m, empty ? 0 : reduction === 'mean' ? 1 / denom : 1, fn);
  // Every input value has been read above: gradInto may be the input itself.
  const grad = gradInto ? { data: gradInto.fill(0), shape: [...x.shape] } : gradLike(x);
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < S; s++) {
      const i = b * S + s;
      const k = y[i];
      if (k === ignoreIndex) continue;
      grad.data[(b * C + k) * S + s] = -up(i) * (weight ? weight[k] : 1);
    }
  }
  return { loss: value, grad };
}
