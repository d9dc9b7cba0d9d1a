import { SurprisalError } from '../core/errors.js';
import { readBooleanOption } from '../core/options.js';
import type { TensorInput } from '../core/tensor.js';
import { klDivWasm } from '../kernels/operations/klDiv.js';
import { type Backend, readBackend, wasmRefused } from '../kernels/options.js';
import { kernelRuntime } from '../kernels/runtime.js';
import { finishElementwise, readElementwise } from './elementwise.js';
import { type BaseLossOptions, type LossResult, type LossValue, upstream } from './reduction.js';

/** Reductions of {@link klDivLoss}: PyTorch's, with `'batchmean'` (Σ / N), the one that is a KL divergence. */
export type KlReduction = 'mean' | 'batchmean' | 'sum' | 'none';

const KL_REDUCTIONS: readonly KlReduction[] = ['mean', 'batchmean', 'sum', 'none'];

/** Options of {@link klDivLoss}. */
export interface KlDivLossOptions<R extends KlReduction = KlReduction> extends BaseLossOptions<R> {
  /** The target is given as log-probabilities. Default false. */
  logTarget?: boolean;
  /**
   * `'auto'` (default): Float32Array input and target of the same length, reduced (`'sum'`, `'mean'`,
   * `'batchmean'`) with a scalar `gradOutput`, run on a WebAssembly SIMD128 kernel (float64 logs and sums;
   * with `logTarget`, float32 exps: within 2e-7 of Σ|p·(log p − x)| of the float64 path, the loss itself
   * where its terms do not cancel; gradient entries within 2.5e-7); `'js'` forces the float64
   * TypeScript path; `'wasm'` insists on the kernel and throws `INVALID_OPTION` where it cannot run.
   */
  backend?: Backend;
}

/**
 * KL divergence loss with `torch.nn.functional.kl_div`'s argument order: input = log q, target = p, and the
 * loss is KL(p‖q) summed pointwise: ℓ = p·(log p − input) (or e^t·(t − input) with `logTarget`).
 * `'batchmean'` divides by N = shape[0] and is the mean KL per sample; `'mean'` (PyTorch's default) divides
 * by the number of elements, which is not a KL divergence. Gradient with respect to the input: −p.
 *
 * Where we differ from PyTorch: a target of 0 contributes 0 even where input = −Infinity (PyTorch: NaN),
 * and negative targets are an error (older PyTorch silently gave 0, pytorch#69230).
 *
 * @param input - log-probabilities log q, any shape (usually [N, C]).
 * @param target - probabilities p (or log-probabilities with `logTarget`): the input's shape, or one that
 *   broadcasts with it, as PyTorch (NumPy rules; the loss then has the broadcast shape, `'mean'` divides by its
 *   size and `'batchmean'` by the input's first dimension, as `input.size(0)`; the gradient sums over the
 *   elements that share an input element).
 * @example
 * ```ts
 * klDivLoss([[Math.log(0.9), Math.log(0.1)]], [[0.5, 0.5]], { reduction: 'batchmean' }).loss; // 0.5108256237659907
 * klDivLoss([[-Infinity, 0]], [[0, 1]], { reduction: 'sum' }).loss; // 0
 * ```
 * @throws {SurprisalError} `NEGATIVE_PROBABILITY` for a negative target, `SHAPE_MISMATCH`, `NAN`, `INVALID_OPTION`.
 */
export function klDivLoss<R extends KlReduction = 'mean'>(
  input: TensorInput,
  target: TensorInput,
  options?: KlDivLossOptions<R>,
): LossResult<R> {
  const fn = 'klDivLoss';
  const { o, x, xv, xAt, y, yAt, n, reduction, wantGrad } = readElementwise(input, target, options, fn, {
    keys: ['logTarget', 'backend'],
    reductions: KL_REDUCTIONS,
    target: 'broadcast',
    tensorA: 'target',
  });
  const logTarget = readBooleanOption(o.logTarget, false, 'logTarget', fn);
  // 'batchmean' divides by the input's first size (PyTorch's input.size(0), not the broadcast shape's), and a
  // 0-d input is not divided; 'mean' by the number of loss elements.
  const denominator = reduction === 'batchmean' ? (x.shape.length === 0 ? 1 : x.shape[0]) : n;
  const fast =
    xAt || yAt ? undefined : klDivLossWasm(x.data, x.shape, y, logTarget, reduction, denominator, o, fn);
  if (fast) return fast;
  const losses = new Float64Array(n);
  const dlocal = !wantGrad ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = xv[i];
    const ti = y[i];
    let p: number;
    let lp: number;
    if (logTarget) {
      p = Math.exp(ti);
      lp = ti;
    } else {
      if (ti < 0) {
        throw new SurprisalError(
          'NEGATIVE_PROBABILITY',
          `${fn}: target[${yAt ? yAt[i] : i}] = ${ti} is negative`,
          {
            argument: 'target',
            index: yAt ? yAt[i] : i,
            value: ti,
          },
        );
      }
      p = ti;
      lp = Math.log(ti);
    }
    losses[i] = p === 0 ? 0 : p * (lp - xi);
    if (dlocal) dlocal[i] = -p;
  }
  return finishElementwise(
    losses,
    dlocal,
    x,
    reduction === 'batchmean' ? ('mean' as R) : reduction,
    denominator,
    o.gradOutput,
    fn,
    xAt,
  );
}

/** The wasm route of klDivLoss, or undefined for the float64 path (see the `backend` option). */
function klDivLossWasm<R extends KlReduction>(
  x: ArrayLike<number>,
  shape: readonly number[],
  t: ArrayLike<number>,
  logTarget: boolean,
  reduction: R,
  denominator: number,
  options: KlDivLossOptions<R>,
  fn: string,
): LossResult<R> | undefined {
  const backend = readBackend(options.backend, fn);
  if (backend === 'js') return undefined;
  const eligible =
    x instanceof Float32Array &&
    t instanceof Float32Array &&
    x.length === t.length &&
    reduction !== 'none' &&
    (options.gradOutput === undefined || typeof options.gradOutput === 'number');
  const rt = eligible ? kernelRuntime() : undefined;
  if (!rt || !(x instanceof Float32Array) || !(t instanceof Float32Array)) {
    if (backend === 'wasm') {
      throw wasmRefused(
        fn,
        eligible,
        "Float32Array input and target of one length, a reduction other than 'none' and a scalar gradOutput",
      );
    }
    return undefined;
  }
  const wantGrad = options.grad !== false;
  // The upstream factor exactly as the float64 path forms it (and with its checks).
  const scale = wantGrad
    ? upstream(options.gradOutput, 'sum', x.length, reduction === 'sum' ? 1 : 1 / denominator, fn)(0)
    : 0;
  const grad = wantGrad ? new Float32Array(x.length) : undefined;
  const total = klDivWasm(rt, x, t, logTarget, scale, grad);
  // A target the kernel leaves to the float64 path (negative, +Infinity, ...): that path also reports errors.
  if (total === undefined) return undefined;
  const loss = (reduction === 'sum' ? total : total / denominator) as LossValue<R>;
  return { loss, grad: grad ? { data: grad, shape: [...shape] } : undefined };
}
