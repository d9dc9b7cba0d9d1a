/**
 * The shared opening (options, input, paired target, reduction), broadcast options and finish of the
 * elementwise losses (BCE, KL, Gaussian and Poisson NLL).
 * @module
 */
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
  /** The target, one value per element of the input, NaN-free. */
  y: ArrayLike<number>;
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
}

/**
 * The opening every elementwise loss shares, in this order (so the first bad argument is the one reported):
 * the options (`reduction`, `grad`, `gradOutput` and the loss's own keys), `grad`, the input, `reduction`,
 * the spec's `checkInput`, and a target with the input's elements ({@link readPairedTarget}). @internal
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
  const y = readPairedTarget(target, x, fn);
  return { o, x, y, reduction, wantGrad };
}

/** Reads a target with the input's number of elements (and shape, when the target has one). */
function readPairedTarget(target: TensorInput, x: ReadTensor, fn: string): ArrayLike<number> {
  const name = 'target';
  const t = readTensor(target, fn, name);
  const flatTarget = t.shape.length === 1 && t.data.length === x.data.length;
  const sameShape = t.shape.length === x.shape.length && t.shape.every((d, i) => d === x.shape[i]);
  if (!flatTarget && !sameShape) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} shape [${t.shape.join(', ')}] differs from input shape [${x.shape.join(', ')}]`,
      { argument: name, value: t.shape },
    );
  }
  for (let i = 0; i < t.data.length; i++) {
    if (Number.isNaN(t.data[i]))
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, {
        argument: name,
        index: i,
        value: t.data[i],
      });
  }
  return t.data;
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
  const index = broadcastIndex(elementwise ? shape : v.shape, shape);
  if (!index) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} of shape [${v.shape.join(', ')}] does not broadcast to the input shape [${shape.join(', ')}]`,
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
 * loss, with the input's float type and shape. `denominator` is what `'mean'` (or `'batchmean'`) divides by.
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
  for (let i = 0; i < dlocal.length; i++) {
    const g = up(i);
    grad.data[i] = g === 0 ? 0 : g * dlocal[i];
  }
  return { loss, grad };
}
