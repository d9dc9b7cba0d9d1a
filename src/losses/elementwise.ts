/**
 * The shared opening (options, input, paired target, reduction), broadcast options and finish of the
 * elementwise losses (BCE, KL, Gaussian and Poisson NLL).
 * @module
 */
import { checkAllocatable } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { readBooleanOption, readOptions } from '../core/options.js';
import { Accumulator } from '../core/sum.js';
import { gradLike, marginalIndex, type ReadTensor, readTensor, type TensorInput } from '../core/tensor.js';
import {
  type BaseLossOptions,
  type LossResult,
  type LossValue,
  REDUCTIONS,
  readReduction,
  upstream,
} from './reduction.js';

/** The options every loss reads before its own. */
const LOSS_KEYS = ['reduction', 'grad', 'gradOutput'] as const;

/** What the opening of an elementwise loss has read. */
interface Elementwise<O extends BaseLossOptions<string>> {
  /** The options, checked for unknown keys (`{}` for undefined). */
  o: Partial<O>;
  /** The input tensor. */
  x: ReadTensor;
  /** The shape of the loss: the input's, or the broadcast shape of input and target. */
  shape: number[];
  /** The number of loss elements (the product of `shape`). */
  n: number;
  /** The input's value at each loss element (x.data itself when the input is not broadcast). */
  xv: ArrayLike<number>;
  /** For each loss element, its element of the input; undefined when that is the identity. */
  xAt: Int32Array | undefined;
  /** The target's value at each loss element, NaN-free. */
  y: ArrayLike<number>;
  /** For each loss element, its element of the target (for error messages); undefined when that is the identity. */
  yAt: Int32Array | undefined;
  reduction: NonNullable<O['reduction']>;
  /** `grad` (default true). */
  wantGrad: boolean;
}

/** What distinguishes one elementwise loss's opening from another's. */
interface ElementwiseSpec {
  /** The loss's own option keys, after `reduction`, `grad` and `gradOutput`. */
  keys: readonly string[];
  /** The reductions it accepts (default `'mean' | 'sum' | 'none'`). */
  reductions?: readonly string[];
  /** A check of the input's values, run before the target is read. */
  checkInput?: (x: ArrayLike<number>) => void;
  /**
   * How the target pairs with the input, as the PyTorch function does: `'broadcast'` (input and target
   * broadcast together, NumPy rules: kl_div, poisson_nll_loss, gaussian_nll_loss), or PyTorch's refusal of a
   * target of any other shape than the input's, given as its message (binary_cross_entropy and
   * binary_cross_entropy_with_logits).
   */
  target: 'broadcast' | ((targetShape: string, inputShape: string) => string);
  /**
   * Which tensor PyTorch's message calls "a" when input and target do not broadcast (its order of operands:
   * `target * input` in kl_div and poisson_nll_loss, `input - target` in gaussian_nll_loss). Default input.
   */
  tensorA?: 'input' | 'target';
}

/** A shape as PyTorch prints a size: torch.Size([2, 3]). */
function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/**
 * The opening every elementwise loss shares, in this order (so the first bad argument is the one reported):
 * the options (`reduction`, `grad`, `gradOutput` and the loss's own keys), `grad`, the input, `reduction`,
 * the spec's `checkInput`, and the target, paired with the input as the spec says. @internal
 */
export function readElementwise<O extends BaseLossOptions<string>>(
  input: TensorInput,
  target: TensorInput,
  options: O | undefined,
  fn: string,
  spec: ElementwiseSpec,
): Elementwise<O> {
  const o = readOptions(options, fn, [...LOSS_KEYS, ...spec.keys]);
  const wantGrad = readBooleanOption(o.grad, true, 'grad', fn);
  const x = readTensor(input, fn, 'input');
  const reduction = readReduction(o.reduction, spec.reductions ?? REDUCTIONS, fn) as NonNullable<
    O['reduction']
  >;
  spec.checkInput?.(x.data);
  const t = readTensor(target, fn, 'target');
  for (let i = 0; i < t.data.length; i++) {
    if (Number.isNaN(t.data[i]))
      throw new SurprisalError('NAN', `${fn}: target[${i}] is NaN`, {
        argument: 'target',
        index: i,
        value: t.data[i],
      });
  }
  const same = sameShape(t.shape, x.shape);
  // A flat target with one value per element of a multi-axis input is taken elementwise (it could not
  // broadcast otherwise): a convenience for flat arrays that have no shape of their own.
  const flat = !same && t.shape.length === 1 && t.data.length === x.data.length;
  const base = { o, x, reduction, wantGrad };
  if (same || flat) {
    return {
      ...base,
      shape: [...x.shape],
      n: x.data.length,
      xv: x.data,
      xAt: undefined,
      y: t.data,
      yAt: undefined,
    };
  }
  if (spec.target !== 'broadcast') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${spec.target(torchSize(t.shape), torchSize(x.shape))}`,
      {
        argument: 'target',
        value: t.shape,
      },
    );
  }
  const shape =
    spec.tensorA === 'target'
      ? broadcastShape(t.shape, x.shape, fn, 'target', true)
      : broadcastShape(x.shape, t.shape, fn, 'target');
  const n = checkAllocatable(
    shape.reduce((a, b) => a * b, 1),
    fn,
    'target',
  );
  const xAt = sameShape(shape, x.shape) ? undefined : (broadcastIndex(x.shape, shape) as Int32Array);
  const tAt = broadcastIndex(t.shape, shape) as Int32Array;
  const xv = xAt ? Float64Array.from(xAt, (j) => x.data[j]) : x.data;
  const y = Float64Array.from(tAt, (j) => t.data[j]);
  return { ...base, shape, n, xv, xAt, y, yAt: tAt };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The shape two tensors broadcast to (NumPy rules, aligned on the last axis), or a `SHAPE_MISMATCH` with
 * PyTorch's message naming the first axis from the end where they differ and neither is 1. @internal
 */
export function broadcastShape(
  a: readonly number[],
  b: readonly number[],
  fn: string,
  name: string,
  nameIsA = false,
): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} (${name} of shape [${(nameIsA ? a : b).join(', ')}] against [${(nameIsA ? b : a).join(', ')}])`,
        { argument: name, value: nameIsA ? a : b },
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each element of a tensor of `shape`, the flat index into a tensor of `from` that broadcasts to it
 * (NumPy rules, aligned on the last axis), or undefined when `from` does not broadcast. @internal
 */
export function broadcastIndex(from: readonly number[], shape: readonly number[]): Int32Array | undefined {
  const offset = shape.length - from.length;
  if (offset < 0 || !from.every((d, j) => d === 1 || d === shape[j + offset])) return undefined;
  const kept: number[] = [];
  from.forEach((d, j) => {
    if (d !== 1) kept.push(j + offset);
  });
  return marginalIndex(shape, kept);
}

/**
 * Expands a value that broadcasts to `shape` (a flat array is 1-D, so it runs along the last axis) to one
 * value per element, rejecting NaN. @internal
 */
export function broadcastTo(
  value: TensorInput | number,
  shape: readonly number[],
  name: string,
  fn: string,
  valueIsA = false,
): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (typeof value === 'number') {
    if (Number.isNaN(value))
      throw new SurprisalError('NAN', `${fn}: ${name} is NaN`, { argument: name, value });
    return new Float64Array(size).fill(value);
  }
  const v = readTensor(value, fn, name);
  // A flat array with one value per element is taken elementwise (it could not broadcast otherwise).
  const elementwise = v.shape.length === 1 && v.data.length === size && shape.length > 1;
  const from = elementwise ? shape : v.shape;
  // PyTorch's texts: a size that differs at an axis, or a value that would make the loss larger than the input.
  const wide = valueIsA ? broadcastShape(from, shape, fn, name, true) : broadcastShape(shape, from, fn, name);
  const index = broadcastIndex(from, shape);
  if (!index) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: output with shape [${shape.join(', ')}] doesn't match the broadcast shape [${wide.join(', ')}] (${name} of shape [${v.shape.join(', ')}])`,
      { argument: name, value: v.shape },
    );
  }
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const w = v.data[index[i]];
    if (Number.isNaN(w))
      throw new SurprisalError('NAN', `${fn}: ${name}[${index[i]}] is NaN`, {
        argument: name,
        index: index[i],
        value: w,
      });
    out[i] = w;
  }
  return out;
}

/**
 * Reduces per-element losses and turns per-element derivatives dℓᵢ/dxᵢ into the gradient of the reduced
 * loss, with the input's float type and shape; where the input was broadcast (`xAt`), the derivatives of the
 * loss elements that share an input element are summed into it. `denominator` is what `'mean'` (or
 * `'batchmean'`) divides by.
 * @internal
 */
export function finishElementwise<R extends string>(
  losses: Float64Array,
  dlocal: Float64Array | undefined,
  x: ReadTensor,
  reduction: R,
  denominator: number,
  gradOutput: ArrayLike<number> | number | undefined,
  fn: string,
  xAt?: Int32Array,
): LossResult<R> {
  const total = new Accumulator();
  if (reduction !== 'none') for (let i = 0; i < losses.length; i++) total.add(losses[i]);
  const loss = (
    reduction === 'none' ? losses : reduction === 'sum' ? total.value() : total.value() / denominator
  ) as LossValue<R>;
  if (!dlocal) return { loss, grad: undefined };
  const grad = gradLike(x);
  const up = upstream(
    gradOutput,
    reduction === 'none' ? 'none' : 'sum',
    losses.length,
    reduction === 'sum' ? 1 : 1 / denominator,
    fn,
  );
  if (xAt) {
    const sum = new Float64Array(grad.data.length);
    for (let i = 0; i < dlocal.length; i++) {
      const g = up(i);
      if (g !== 0) sum[xAt[i]] += g * dlocal[i];
    }
    grad.data.set(sum);
    return { loss, grad };
  }
  for (let i = 0; i < dlocal.length; i++) {
    const g = up(i);
    grad.data[i] = g === 0 ? 0 : g * dlocal[i];
  }
  return { loss, grad };
}
