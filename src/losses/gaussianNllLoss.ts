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
 * Shapes as PyTorch: input and target broadcast together (NumPy rules; the loss has the broadcast shape, and
 * `'none'` returns it row-major), and var is checked against the input's shape alone.
 *
 * @param input - predicted means x, any shape.
 * @param target - observations y: the input's shape, or one that broadcasts with it (target [1, 3] against
 *   input [2, 3]).
 * @param variance - predicted variances (≥ 0): the input's shape, the input's shape with last dimension 1,
 *   the input's shape without its last dimension (heteroscedastic per row), or one number (homoscedastic,
 *   PyTorch 2's float var); any other shape is refused with PyTorch's "var is of incorrect size".
 * @example
 * ```ts
 * gaussianNllLoss([0, 1], [1, 1], [1, 1]).loss; // 0.25
 * gaussianNllLoss([0], [0], 1, { full: true }).loss; // 0.9189385332046727 (= ½ log 2π)
 * gaussianNllLoss([[0, 1, 2], [1, 2, 3]], [[1, 1, 1]], [[1], [1]], { reduction: 'sum' }).loss; // 3.5 (target broadcast over rows)
 * ```
 * @throws {SurprisalError} `OUT_OF_RANGE` for a negative variance, `SHAPE_MISMATCH` for a target that does not
 *   broadcast with the input or a variance of another size than PyTorch accepts.
 */
export function gaussianNllLoss<R extends Reduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  variance: TensorInput | number,
  options?: GaussianNllLossOptions<R>,
): GaussianNllLossResult<R> {
  const fn = 'gaussianNllLoss';
  const { o, x, xv, xAt, y, shape, n, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['full', 'eps'],
    target: 'broadcast',
  });
  const eps = readNumberOption(o.eps, 1e-6, 0, Number.POSITIVE_INFINITY, 'eps', fn);
  const v =
    typeof variance === 'number'
      ? { data: [variance], shape: [] as number[], float32: false }
      : readTensor(variance, fn, 'var');
  // PyTorch's sizes of var, each against the input's shape (not the target's): the same shape; the input's
  // shape without its last dimension (unsqueezed at the end); or that with a last dimension of 1. A number is
  // one variance for every element (PyTorch 2's float var: var * ones_like(input)).
  const lead = x.shape.slice(0, -1);
  const varShape =
    typeof variance === 'number'
      ? []
      : sameShape(v.shape, x.shape)
        ? v.shape
        : sameShape(v.shape, lead)
          ? [...v.shape, 1]
          : x.shape.length > 0 && sameShape(v.shape.slice(0, -1), lead) && v.shape[v.shape.length - 1] === 1
            ? v.shape
            : undefined;
  if (!varShape) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: var is of incorrect size: var of shape [${v.shape.join(', ')}] for input of shape [${x.shape.join(', ')}] (give the input's shape, its shape without the last dimension, or with a last dimension of 1)`,
      {
        argument: 'var',
        value: v.shape,
      },
    );
  }
  const index = broadcastIndex(varShape, shape) as Int32Array;
  for (let j = 0; j < v.data.length; j++) {
    const vj = v.data[j];
    if (!(vj >= 0)) {
      throw new SurprisalError(
        Number.isNaN(vj) ? 'NAN' : 'OUT_OF_RANGE',
        `${fn}: var has negative entry/entries: var[${j}] = ${vj}; variances must be >= 0`,
        {
          argument: 'var',
          index: j,
          value: vj,
        },
      );
    }
  }
  const constant = readBooleanOption(o.full, false, 'full', fn) ? 0.5 * Math.log(2 * Math.PI) : 0;
  const losses = new Float64Array(n);
  const dlocal = wantGrad ? new Float64Array(n) : undefined;
  const dvar = wantGrad ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const vi = Math.max(v.data[index[i]], eps);
    const d = xv[i] - y[i];
    losses[i] = 0.5 * (Math.log(vi) + (d * d) / vi) + constant;
    if (dlocal && dvar) {
      dlocal[i] = d / vi;
      dvar[i] = 0.5 * (1 / vi - (d * d) / (vi * vi));
    }
  }
  const result = finishElementwise(losses, dlocal, x, reduction, n, o.gradOutput, fn, xAt);
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
