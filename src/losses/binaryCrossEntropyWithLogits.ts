import type { TensorInput } from '../core/tensor.js';
import { broadcastTo, finishElementwise, readElementwise } from './elementwise.js';
import type { BaseLossOptions, LossResult, Reduction } from './reduction.js';

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BinaryCrossEntropyWithLogitsOptions<R extends Reduction = Reduction>
  extends BaseLossOptions<R> {
  /** Per-element weights that broadcast to the input. */
  weight?: TensorInput | number;
  /** Weight of positive examples, broadcast along the last axis (one per class). */
  posWeight?: TensorInput | number;
}

/** log(1 + e^x) without overflow or loss of precision. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** a·b with 0·(±Infinity) = 0. */
function mul0(a: number, b: number): number {
  return a === 0 ? 0 : a * b;
}

/**
 * Binary cross entropy on logits, as `torch.nn.functional.binary_cross_entropy_with_logits`:
 * ℓ = w·[(1 − y)·x + L·log(1 + e^−x)] with L = 1 + (pw − 1)·y, i.e. −w·[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))];
 * `'mean'` divides by the number of elements. Gradient w·(L·σ(x) − pw·y), which is σ(x) − y without weights.
 *
 * Finite and exact at x = ±Infinity: 0 when the label agrees with the infinite logit, +Infinity when it
 * does not (tfjs returns NaN there, tensorflow#75256).
 *
 * @param input - logits x, any shape.
 * @param target - y in [0, 1] (soft labels allowed), the input's shape (or a flat array of its length). PyTorch
 *   does not broadcast the target here: another shape is refused with its message ("Target size ... must be the
 *   same as input size ..."); weight and posWeight broadcast to the input.
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits([2, -1], [1, 0]).loss; // 0.22009484928059775
 * binaryCrossEntropyWithLogits([Infinity], [1]).loss; // 0
 * binaryCrossEntropyWithLogits([0], [1], { posWeight: 3 }).loss; // 2.0794415416798357 (= 3·log 2)
 * ```
 * @throws {SurprisalError} `SHAPE_MISMATCH` for a target, weight or posWeight that does not fit, `NAN` in targets or weights.
 */
export function binaryCrossEntropyWithLogits<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  options?: BinaryCrossEntropyWithLogitsOptions<R>,
): LossResult<R> {
  const fn = 'binaryCrossEntropyWithLogits';
  const { o, x, y, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['weight', 'posWeight'],
    target: (t, x) => `Target size (${t}) must be the same as input size (${x})`,
  });
  const w = o.weight === undefined ? undefined : broadcastTo(o.weight, x.shape, 'weight', fn);
  const pw = o.posWeight === undefined ? undefined : broadcastTo(o.posWeight, x.shape, 'posWeight', fn, true);
  const n = x.data.length;
  const losses = new Float64Array(n);
  const dlocal = !wantGrad ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x.data[i];
    const yi = y[i];
    const wi = w ? w[i] : 1;
    const p = pw ? pw[i] : 1;
    const L = 1 + (p - 1) * yi;
    // Two algebraically equal forms, each free of ∞ − ∞ on its side of 0.
    const l = xi >= 0 ? mul0(1 - yi, xi) + mul0(L, softplus(-xi)) : mul0(L, softplus(xi)) - mul0(p * yi, xi);
    losses[i] = mul0(wi, l);
    if (dlocal) {
      const sigma = xi >= 0 ? 1 / (1 + Math.exp(-xi)) : Math.exp(xi) / (1 + Math.exp(xi));
      dlocal[i] = wi * (L * sigma - p * yi);
    }
  }
  return finishElementwise(losses, dlocal, x, reduction, n, o.gradOutput, fn);
}
