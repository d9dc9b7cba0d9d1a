import type { TensorInput } from '../core/tensor.js';
import { checkProbabilityValues } from './classTargets.js';
import { broadcastTo, finishElementwise, readElementwise } from './elementwise.js';
import type { BaseLossOptions, LossResult, Reduction } from './reduction.js';

/**
 * PyTorch's gradient clamp, 1e−12 rounded to float32 as its kernel uses it (aten/src/ATen/native/Loss.cpp,
 * `EPSILON`); with x = 0 and y = 1 the gradient is −1/fround(1e−12) = −1.000000004e12, as torch returns.
 */
const EPSILON = Math.fround(1e-12);

/** Options of {@link binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions<R extends Reduction = Reduction> extends BaseLossOptions<R> {
  /** Per-element weights that broadcast to the input (a flat array runs along the last axis). */
  weight?: TensorInput | number;
}

/**
 * Binary cross entropy on probabilities, as `torch.nn.functional.binary_cross_entropy`:
 * ℓ = −w·[y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)]; `'mean'` divides by the number of elements.
 * Gradient w·(x − y) / max(x(1 − x), 1e−12). The −100 clamp (PyTorch's) keeps x = 0 or 1 finite; prefer
 * {@link binaryCrossEntropyWithLogits}, which needs no clamp.
 *
 * @param input - probabilities x in [0, 1], any shape.
 * @param target - y in [0, 1], the input's shape (or a flat array of its length). PyTorch does not broadcast
 *   the target here: another shape is refused with its message ("Using a target size ... is deprecated").
 * @example
 * ```ts
 * binaryCrossEntropy([0.9, 0.2], [1, 0]).loss; // 0.164252033486018
 * binaryCrossEntropy([0], [1]).loss;           // 100 (clamped, as PyTorch)
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for input or target outside [0, 1], `NAN`, `SHAPE_MISMATCH`.
 */
export function binaryCrossEntropy<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  options?: BinaryCrossEntropyOptions<R>,
): LossResult<R> {
  const fn = 'binaryCrossEntropy';
  const { o, x, y, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['weight'],
    checkInput: (v) => checkProbabilityValues(v, fn, 'input', 1),
    target: (t, x) =>
      `Using a target size (${t}) that is different to the input size (${x}) is deprecated. Please ensure they have the same size.`,
  });
  checkProbabilityValues(y, fn, 'target', 1);
  const w = o.weight === undefined ? undefined : broadcastTo(o.weight, x.shape, 'weight', fn);
  const n = x.data.length;
  const losses = new Float64Array(n);
  const dlocal = !wantGrad ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x.data[i];
    const yi = y[i];
    const wi = w ? w[i] : 1;
    const a = Math.max(Math.log(xi), -100);
    const b = Math.max(Math.log1p(-xi), -100);
    losses[i] = -wi * (yi * a + (1 - yi) * b);
    if (dlocal) dlocal[i] = (wi * (xi - yi)) / Math.max(xi * (1 - xi), EPSILON);
  }
  return finishElementwise(losses, dlocal, x, reduction, n, o.gradOutput, fn);
}
