import { SurprisalError } from '../core/errors.js';
import { readBooleanOption } from '../core/options.js';
import type { TensorInput } from '../core/tensor.js';
import { finishElementwise, readElementwise } from './elementwise.js';
import { type BaseLossOptions, type LossResult, type Reduction, readNumberOption } from './reduction.js';

/** Options of {@link poissonNllLoss}. */
export interface PoissonNllLossOptions<R extends Reduction = Reduction> extends BaseLossOptions<R> {
  /** The input is log λ (default true); otherwise it is λ. */
  logInput?: boolean;
  /** Add Stirling's approximation of log y!, y·log y − y + ½·log(2πy), for targets y > 1. Default false. */
  full?: boolean;
  /** Added to λ before the log when `logInput` is false. Default 1e−8. */
  eps?: number;
}

/**
 * Poisson negative log-likelihood, as `torch.nn.functional.poisson_nll_loss`: ℓ = e^x − y·x for log-rate
 * input x, or ℓ = λ − y·log(λ + eps) for rate input λ; `'mean'` divides by the number of elements.
 * Gradient e^x − y (or 1 − y/(λ + eps)).
 *
 * @param input - log-rates (or rates with `logInput: false`), any shape.
 * @param target - counts y ≥ 0: the input's shape, or one that broadcasts with it, as PyTorch (NumPy rules; the
 *   loss then has the broadcast shape and `'mean'` divides by its size).
 * @example
 * ```ts
 * poissonNllLoss([0], [2]).loss; // 1 (e^0 − 2·0)
 * poissonNllLoss([2], [2], { logInput: false }).loss; // 0.6137056288801095
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a negative target, `SHAPE_MISMATCH`, `NAN`.
 */
export function poissonNllLoss<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  options?: PoissonNllLossOptions<R>,
): LossResult<R> {
  const fn = 'poissonNllLoss';
  const { o, x, xv, xAt, y, yAt, n, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['logInput', 'full', 'eps'],
    target: 'broadcast',
    tensorA: 'target',
  });
  const full = readBooleanOption(o.full, false, 'full', fn);
  const eps = readNumberOption(o.eps, 1e-8, 0, Number.POSITIVE_INFINITY, 'eps', fn);
  const logInput = readBooleanOption(o.logInput, true, 'logInput', fn);
  const losses = new Float64Array(n);
  const dlocal = !wantGrad ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = xv[i];
    const yi = y[i];
    if (yi < 0) {
      throw new SurprisalError(
        'OUT_OF_RANGE',
        `${fn}: target[${yAt ? yAt[i] : i}] = ${yi} is negative; counts must be >= 0`,
        {
          argument: 'target',
          index: yAt ? yAt[i] : i,
          value: yi,
        },
      );
    }
    let l: number;
    if (logInput) {
      const e = Math.exp(xi);
      l = e - (yi === 0 ? 0 : yi * xi);
      if (dlocal) dlocal[i] = e - yi;
    } else {
      l = xi - (yi === 0 ? 0 : yi * Math.log(xi + eps));
      if (dlocal) dlocal[i] = 1 - yi / (xi + eps);
    }
    if (full && yi > 1) l += yi * Math.log(yi) - yi + 0.5 * Math.log(2 * Math.PI * yi);
    losses[i] = l;
  }
  return finishElementwise(losses, dlocal, x, reduction, n, o.gradOutput, fn, xAt);
}
