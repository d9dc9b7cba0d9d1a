/**
 * Layout of class-axis inputs ([N, C, d1, ...], class axis 1; [C] unbatched) and their targets.
 * @module
 */
import { SurprisalError } from '../core/errors.js';
import { describe, readBooleanOption, readIntegerOption, readOptions } from '../core/options.js';
import {
  type NestedArray,
  type ReadTensor,
  readTensor,
  type TensorInput,
  type TensorLike,
} from '../core/tensor.js';
import {
  type BaseLossOptions,
  type EmptyMean,
  REDUCTIONS,
  readEmptyMean,
  readReduction,
  readVectorOption,
} from './reduction.js';

/** N batches, C classes, S positions per batch (the product of d1, ...): element (n, c, s) is at (n·C + c)·S + s. */
interface ClassLayout {
  n: number;
  c: number;
  s: number;
  /** Number of positions, N·S. */
  m: number;
}

/** The class layout of an input shape. */
function classLayout(shape: readonly number[], fn: string): ClassLayout {
  if (shape.length === 1) return { n: 1, c: shape[0], s: 1, m: 1 };
  const s = shape.slice(2).reduce((a, b) => a * b, 1);
  if (shape.length < 1 || shape[1] === 0) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: input must be [C], [N, C] or [N, C, d1, ...]; got [${shape.join(', ')}]`,
      {
        argument: 'input',
        value: shape,
      },
    );
  }
  return { n: shape[0], c: shape[1], s, m: shape[0] * s };
}

/** Smallest and largest `ignoreIndex`: targets are held as int32. */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads `ignoreIndex` (default −100): an integer in int32 range, the range of the targets as every path holds
 * them, so that a value is never wrapped or truncated into a class index.
 * @throws {SurprisalError} `INVALID_OPTION` otherwise.
 * @internal
 */
export function readIgnoreIndex(value: unknown, fn: string): number {
  return readIntegerOption(value, -100, INT32_MIN, INT32_MAX, 'ignoreIndex', fn);
}

/** The options {@link readClassLoss} reads. */
interface ClassLossOptions extends BaseLossOptions<string> {
  weight?: ArrayLike<number>;
  ignoreIndex?: number;
  emptyMean?: EmptyMean;
}

/**
 * The opening crossEntropyLoss and nllLoss share, in this order: the options (checked against `keys`), the
 * input and its class layout, `reduction`, `weight` (one per class), `ignoreIndex`, `emptyMean` and `grad`.
 * @internal
 */
export function readClassLoss<O extends ClassLossOptions>(
  input: TensorInput,
  options: O | undefined,
  fn: string,
  keys: readonly string[],
) {
  const o = readOptions(options, fn, keys);
  const x = readTensor(input, fn, 'input');
  const layout = classLayout(x.shape, fn);
  const reduction = readReduction(o.reduction, REDUCTIONS, fn) as NonNullable<O['reduction']>;
  const weight = readVectorOption(o.weight, layout.c, 'weight', fn);
  const ignoreIndex = readIgnoreIndex(o.ignoreIndex, fn);
  const emptyMean = readEmptyMean(o.emptyMean, fn);
  const wantGrad = readBooleanOption(o.grad, true, 'grad', fn);
  return { o, x, layout, reduction, weight, ignoreIndex, emptyMean, wantGrad };
}

/** Class-index targets: an integer array, typed array (Int32Array, BigInt64Array, ...) or number[] over positions. */
export type IndexTarget = ArrayLike<number> | ArrayLike<bigint>;

/** A target is either class indices (a flat array) or probabilities with the input's shape. */
export type ClassTarget = IndexTarget | TensorLike | NestedArray;

/** True when the target holds probabilities: given with a shape (tensor or nested arrays) equal to the input's. @internal */
export function isProbabilityTarget(target: ClassTarget, input: ReadTensor): boolean {
  if (target === null || typeof target !== 'object') return false;
  if (Array.isArray(target)) return target.length > 0 && Array.isArray(target[0]);
  if (ArrayBuffer.isView(target)) return false;
  if ('data' in target) {
    const shape: unknown = 'shape' in target ? target.shape : (target as { dims?: unknown }).dims;
    if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) return false;
    const dims = shape as ArrayLike<unknown>;
    if (dims.length !== input.shape.length) return false;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i];
      if ((typeof d === 'bigint' ? Number(d) : d) !== input.shape[i]) return false;
    }
    return true;
  }
  return false;
}

/**
 * Reads class indices, one per position, checking each is an integer in [0, C) or the ignore index.
 * @internal
 */
export function readIndexTarget(
  target: ClassTarget,
  layout: ClassLayout,
  ignoreIndex: number,
  fn: string,
  inputShape?: readonly number[],
): Int32Array {
  let flat: ArrayLike<number | bigint>;
  if (
    target !== null &&
    typeof target === 'object' &&
    !Array.isArray(target) &&
    !ArrayBuffer.isView(target) &&
    'data' in target
  ) {
    flat = target.data;
    if (inputShape) checkTargetShape(shapeOf(target), inputShape, fn);
  } else {
    flat = target as ArrayLike<number | bigint>;
  }
  if (flat === null || typeof flat !== 'object' || !Number.isSafeInteger(flat.length)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: target must be an array of class indices; got ${describe(flat)}`,
      {
        argument: 'target',
        value: target,
      },
    );
  }
  if (flat.length !== layout.m) {
    const hint =
      flat !== target && flat.length === layout.m * layout.c
        ? " (probabilities need the input's shape: { data, shape })"
        : '';
    // A flat array is a 1-d tensor to PyTorch: for a [C] or [N, C] input, its refusal with PyTorch's message.
    if (inputShape && inputShape.length <= 2) checkTargetShape([flat.length], inputShape, fn, hint);
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: target has ${flat.length} class indices but the input has ${layout.m} positions (N·d1·...)${hint}`,
      { argument: 'target', value: flat.length },
    );
  }
  const out = new Int32Array(layout.m);
  // Int32Array targets (the common case for token ids): integers already, one range check each.
  let i0 = 0;
  if (flat instanceof Int32Array) {
    const c = layout.c;
    for (; i0 < layout.m; i0++) {
      const v = flat[i0];
      if (v !== ignoreIndex && (v < 0 || v >= c)) break; // reported by the general loop below
    }
    out.set(i0 === layout.m ? flat : flat.subarray(0, i0));
  }
  for (let i = i0; i < layout.m; i++) {
    const raw: unknown = flat[i];
    // Numbers, and bigints (BigInt64Array targets, exact as integers); anything else is not a class index.
    if (typeof raw !== 'number' && typeof raw !== 'bigint') {
      throw new SurprisalError(
        'NAN',
        `${fn}: target[${i}] is not a number (${describe(raw)}); class indices are integers`,
        { argument: 'target', index: i, value: raw },
      );
    }
    const v = Number(raw);
    if (v === ignoreIndex) {
      out[i] = v;
      continue;
    }
    if (!Number.isInteger(v) || v < 0 || v >= layout.c) {
      throw new SurprisalError(
        Number.isNaN(v) ? 'NAN' : 'OUT_OF_RANGE',
        `${fn}: target[${i}] = ${String(raw)} is not a class index in [0, ${layout.c})${Number.isNaN(ignoreIndex) ? '' : ` nor ignoreIndex (${ignoreIndex})`}`,
        { argument: 'target', index: i, value: raw },
      );
    }
    out[i] = v;
  }
  return out;
}

/** Reads probability targets with the input's shape, rejecting NaN and negative entries. @internal */
export function readProbabilityTarget(target: ClassTarget, input: ReadTensor, fn: string): ArrayLike<number> {
  const t = readTensor(target as TensorInput, fn, 'target');
  if (t.data.length !== input.data.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: target shape [${t.shape}] differs from input shape [${input.shape}]`,
      {
        argument: 'target',
        value: t.shape,
      },
    );
  }
  checkProbabilityValues(t.data, fn, 'target', Number.POSITIVE_INFINITY);
  return t.data;
}

/** Rejects NaN, negative entries, and entries above `max`, naming the index. @internal */
export function checkProbabilityValues(x: ArrayLike<number>, fn: string, name: string, max: number): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v >= 0 && v <= max && typeof v === 'number') continue;
    if (typeof v !== 'number') {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is not a number (${describe(v)})`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    if (Number.isNaN(v))
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is NaN`, { argument: name, index: i, value: v });
    if (v < 0) {
      throw new SurprisalError('NEGATIVE_PROBABILITY', `${fn}: ${name}[${i}] = ${v} is negative`, {
        argument: name,
        index: i,
        value: v,
      });
    }
    throw new SurprisalError('OUT_OF_RANGE', `${fn}: ${name}[${i}] = ${v} is above ${max}`, {
      argument: name,
      index: i,
      value: v,
    });
  }
}

/** The declared shape of a `{ data, shape | dims }` target (bigint dims allowed), or undefined when it has none. */
function shapeOf(target: TensorLike): number[] | undefined {
  const dims: unknown = 'shape' in target ? target.shape : (target as { dims?: unknown }).dims;
  if (!Array.isArray(dims) && !ArrayBuffer.isView(dims)) return undefined;
  return Array.from(dims as ArrayLike<unknown>, (d) => (typeof d === 'bigint' ? Number(d) : (d as number)));
}

/**
 * PyTorch's checks of a class-index target's shape against the input's (nll_loss_nd, nll_loss, nll_loss2d), in
 * its order and with its messages: the batch sizes agree; a [C] or [N, C] input takes a 0-d or 1-d target of
 * its batch; a [N, C, H, W] input a [N, H, W] target; any other [N, C, d1, ...] input a [N, d1, ...] target.
 * A flat array has no shape of its own and is checked by its count alone (a convenience).
 */
function checkTargetShape(t: number[] | undefined, x: readonly number[], fn: string, hint = ''): void {
  if (!t || x.length === 0) return;
  const fail = (message: string): never => {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${message}${hint}`, { argument: 'target', value: t });
  };
  const list = (s: readonly number[]) => `[${s.join(', ')}]`;
  if (x.length !== 1 && x[0] !== (t[0] ?? 0)) {
    fail(`Expected input batch_size (${x[0]}) to match target batch_size (${t[0] ?? 0}).`);
  }
  if (x.length <= 2) {
    if (t.length > 1) fail('0D or 1D target tensor expected, multi-target not supported');
    if (x.length === 1 && t.length !== 0) fail(`size mismatch (got input: ${list(x)}, target: ${list(t)})`);
    return;
  }
  const want = [x[0], ...x.slice(2)];
  if (x.length === 4) {
    if (t.length !== 3) {
      fail(
        `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${t.length}`,
      );
    }
    // PyTorch's text, its spacing and missing parenthesis included.
    if (t.some((d, i) => d !== want[i])) fail(`size mismatch (got input: ${list(x)} , target: ${list(t)}`);
    return;
  }
  if (t.length !== want.length || t.some((d, i) => d !== want[i])) {
    fail(`Expected target size ${list(want)}, got ${list(t)}`);
  }
}
