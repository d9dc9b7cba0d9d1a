import { SurprisalError } from '../core/errors.js';
import { readBooleanOption } from '../core/options.js';
import { type FloatTensor, readTensor, type TensorInput } from '../core/tensor.js';
import { broadcastIndex, finishElementwise, readElementwise } from './elementwise.js';
import {
  type BaseLossOptions,
  type LossResult,
  type Reduction,
  readNumberOption,
  upstream,
} from './reduction.js';

/** Options of {@link gaussianNllLoss}. */
export interface GaussianNllLossOptions<R extends Reduction = Reduction> extends BaseLossOptions<R> {
  /** Add the constant ½·log 2π. Default false (as PyTorch). */
  full?: boolean;
  /** Variances are clamped to at least eps. Default 1e−6. */
  eps?: number;
}

/** {@link gaussianNllLoss}'s result: also the gradient with respect to the variance, with its shape. */
export interface GaussianNllLossResult<R extends string = Reduction> extends LossResult<R> {
  gradVar: FloatTensor | undefined;
}

/**
 * Gaussian negative log-likelihood, as `torch.nn.functional.gaussian_nll_loss`:
 * ℓ = ½·(log v + (x − y)²/v) (+ ½·log 2π with `full`), v = max(var, eps); `'mean'` divides by the number of
 * elements. Gradients: ∂ℓ/∂x = (x − y)/v and ∂ℓ/∂var = ½·(1/v − (x − y)²/v²) (the clamp passes the gradient
 * through, as PyTorch's clamp under no_grad does), summed over broadcast elements.
 *
 * @param input - predicted means x, any shape.
 * @param target - observations y, same shape.
 * @param variance - predicted variances (≥ 0): same shape, the input's shape with last dimension 1, the
 *   input's shape without its last dimension, or one number (homoscedastic).
 * @example
 * ```ts
 * gaussianNllLoss([0, 1], [1, 1], [1, 1]).loss; // 0.25
 * gaussianNllLoss([0], [0], 1, { full: true }).loss; // 0.9189385332046727 (= ½ log 2π)
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a negative variance, `SHAPE_MISMATCH` for a variance that does not fit.
 */
export function gaussianNllLoss<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  variance: TensorInput | number,
  options?: GaussianNllLossOptions<R>,
): GaussianNllLossResult<R> {
  const fn = 'gaussianNllLoss';
  const { o, x, y, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['full', 'eps'],
  });
  const eps = readNumberOption(o.eps, 1e-6, 0, Number.POSITIVE_INFINITY, 'eps', fn);
  const v =
    typeof variance === 'number'
      ? { data: [variance], shape: [] as number[], float32: false }
      : readTensor(variance, fn, 'var');
  // PyTorch accepts var with the input's shape minus its last dimension: it is unsqueezed at the end.
  const last = x.shape.length - 1;
  const dropsLast =
    v.shape.length === last && v.shape.every((d, j) => d === x.shape[j]) && x.shape[last] !== 1;
  const index = broadcastIndex(dropsLast ? [...v.shape, 1] : v.shape, x.shape);
  if (!index) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: var of shape [${v.shape.join(', ')}] does not fit input shape [${x.shape.join(', ')}]`,
      {
        argument: 'var',
        value: v.shape,
      },
    );
  }
  for (let j = 0; j < v.data.length; j++) {
    const vj = v.data[j];
    if (!(vj >= 0)) {
      throw new SurprisalError(
        Number.isNaN(vj) ? 'NAN' : 'OUT_OF_RANGE',
        `${fn}: var[${j}] = ${vj}; variances must be >= 0`,
        {
          argument: 'var',
          index: j,
          value: vj,
        },
      );
    }
  }
  const constant = readBooleanOption(o.full, false, 'full', fn) ? 0.5 * Math.log(2 * Math.PI) : 0;
  const n = x.data.length;
  const losses = new Float64Array(n);
  const dlocal = wantGrad ? new Float64Array(n) : undefined;
  const dvar = wantGrad ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const vi = Math.max(v.data[index[i]], eps);
    const d = x.data[i] - y[i];
    losses[i] = 0.5 * (Math.log(vi) + (d * d) / vi) + constant;
    if (dlocal && dvar) {
      dlocal[i] = d / vi;
      dvar[i] = 0.5 * (1 / vi - (d * d) / (vi * vi));
    }
  }
  const result = finishElementwise(losses, dlocal, x, reduction, n, o.gradOutput, fn);
  if (!dvar) return { ...result, gradVar: undefined };
  // Same upstream scaling as the input's gradient, summed over the elements each variance broadcasts to.
  const up = upstream(o.gradOutput, reduction, n, reduction === 'mean' ? 1 / n : 1, fn);
  const gv = new Float64Array(v.data.length);
  for (let i = 0; i < n; i++) {
    const g = up(i);
    if (g !== 0) gv[index[i]] += g * dvar[i];
  }
  const gradVar: FloatTensor = {
    data: v.float32 ? Float32Array.from(gv) : gv,
    shape: typeof variance === 'number' ? [] : [...v.shape],
  };
  return { ...result, gradVar };
}
