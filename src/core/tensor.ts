/**
 * Tensors as `{ data, shape }` (or onnxruntime / transformers.js style `{ data, dims }`), and nested arrays.
 * @module
 */
import { SurprisalError } from './errors.js';
import { describe } from './options.js';

/** A dense row-major tensor: flat data and its shape. `dims` is accepted as an alias of `shape`. */
export type TensorLike =
  | { data: ArrayLike<number>; shape: readonly number[] }
  | { data: ArrayLike<number>; dims: readonly number[] };

/** A nested array of numbers: number[][], number[][][], ... */
export interface NestedArray extends ReadonlyArray<number | NestedArray> {}

/** A joint distribution table: nested arrays (first index = first variable) or a row-major tensor. */
export type TableInput = NestedArray | TensorLike;

/** A table read into flat row-major data and a shape. */
interface Table {
  data: ArrayLike<number>;
  shape: number[];
}

function shapeOfNested(x: NestedArray): number[] {
  const shape: number[] = [];
  let level: unknown = x;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flattenNested(x: NestedArray, shape: number[], fn: string, name: string): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  let offset = 0;
  const walk = (node: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) {
        throw new SurprisalError(
          'SHAPE_MISMATCH',
          `${fn}: ${name}[${path.join('][')}] is nested deeper than the rest`,
          {
            argument: name,
            value: path,
          },
        );
      }
      if (typeof node !== 'number') {
        throw new SurprisalError(
          'NAN',
          `${fn}: ${name}[${path.join('][')}] is not a number (${describe(node)})`,
          { argument: name, index: offset, value: node },
        );
      }
      out[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `length ${node.length}` : describe(node);
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}${path.length ? `[${path.join('][')}]` : ''} is ${got}; expected length ${shape[depth]} (ragged table)`,
        { argument: name, value: path },
      );
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, [...path, i]);
  };
  walk(x, 0, []);
  return out;
}

/**
 * Reads a table given as nested arrays or `{ data, shape | dims }` into flat data and a shape.
 * @internal
 */
export function readTable(x: TableInput, fn: string, name: string): Table {
  if (Array.isArray(x)) {
    const shape = shapeOfNested(x);
    if (shape.includes(0)) {
      throw new SurprisalError('EMPTY', `${fn}: ${name} is empty (shape [${shape.join(', ')}])`, {
        argument: name,
      });
    }
    return { data: flattenNested(x, shape, fn, name), shape };
  }
  if (x === null || typeof x !== 'object' || !('data' in x)) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be nested arrays or { data, shape }; got ${describe(x)}`,
      {
        argument: name,
        value: x,
      },
    );
  }
  const data = (x as { data: unknown }).data;
  checkNumbers(data, fn, `${name}.data`, name);
  const dims = 'shape' in x ? x.shape : (x as { dims: readonly number[] }).dims;
  if (!Array.isArray(dims) && !ArrayBuffer.isView(dims)) {
    throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} has data but no shape (or dims)`, {
      argument: name,
    });
  }
  const shape = readShape(dims as ArrayLike<unknown>, fn, name);
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  if (size !== data.length) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name}.shape [${shape.join(', ')}] holds ${size} values but data has ${data.length}`,
      { argument: name, value: data.length },
    );
  }
  if (size === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${name} is empty (shape [${shape.join(', ')}])`, {
      argument: name,
    });
  }
  return { data, shape };
}

/** Reads a shape (or dims): non-negative integers (bigints from an onnxruntime BigInt64Array allowed). */
function readShape(dims: ArrayLike<unknown>, fn: string, name: string): number[] {
  const shape = new Array<number>(dims.length);
  for (let i = 0; i < dims.length; i++) {
    const raw = dims[i];
    const d = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new SurprisalError(
        'SHAPE_MISMATCH',
        `${fn}: ${name}.shape[${i}] = ${describe(raw)} is not a non-negative integer`,
        { argument: name, index: i, value: raw },
      );
    }
    shape[i] = d;
  }
  return shape;
}

/**
 * Checks that `data` is an array or typed array of numbers: numeric typed arrays pass at once; BigInt typed
 * arrays, non-arrays and plain arrays holding anything but numbers (strings, null, booleans, bigints, holes)
 * are refused, naming the first bad index. NaN and ±Infinity are numbers: the caller decides about them.
 * @throws {SurprisalError} `SHAPE_MISMATCH` for something that is not an array, `NAN` for a non-number entry.
 */
function checkNumbers(
  data: unknown,
  fn: string,
  name: string,
  argument = name,
): asserts data is ArrayLike<number> {
  if (ArrayBuffer.isView(data)) {
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      throw new SurprisalError(
        'NAN',
        `${fn}: ${name} is a ${data.constructor.name}; give numbers (a Float64Array, Float32Array, ...)`,
        { argument, value: data },
      );
    }
    if (data instanceof DataView) {
      throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} is a DataView, not an array of numbers`, {
        argument,
      });
    }
    return;
  }
  if (
    data === null ||
    typeof data !== 'object' ||
    typeof (data as ArrayLike<unknown>).length !== 'number' ||
    !Number.isSafeInteger((data as ArrayLike<unknown>).length) ||
    (data as ArrayLike<unknown>).length < 0
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be an array or typed array of numbers; got ${describe(data)}`,
      { argument, value: data },
    );
  }
  const a = data as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number') {
      throw new SurprisalError('NAN', `${fn}: ${name}[${i}] is not a number (${describe(v)})`, {
        argument,
        index: i,
        value: v,
      });
    }
  }
}

/**
 * For every flat index of a tensor of `shape`, the flat index into the marginal over `axes` (kept axes,
 * in order). @internal
 */
export function marginalIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const kept = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let j = axes.length - 1; j >= 0; j--) {
    kept[axes[j]] = s;
    s *= shape[axes[j]];
  }
  const out = new Int32Array(size);
  const counter = new Array<number>(shape.length).fill(0);
  let m = 0;
  for (let i = 0; i < size; i++) {
    out[i] = m;
    // Odometer increment over the full shape, updating the marginal index incrementally.
    for (let d = shape.length - 1; d >= 0; d--) {
      counter[d]++;
      m += kept[d];
      if (counter[d] < shape[d]) break;
      m -= kept[d] * shape[d];
      counter[d] = 0;
    }
  }
  return out;
}

/** A float tensor as the losses return it: the input's float type, row-major, with its shape. */
export interface FloatTensor<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  data: T;
  shape: number[];
}

/** What the losses accept as a batch: `{ data, shape | dims }`, nested arrays, or a flat array (shape [n]). */
export type TensorInput = TensorLike | NestedArray | ArrayLike<number>;

/** A batch read for a loss: flat data, its shape, and whether results should be Float32Array. @internal */
export interface ReadTensor extends Table {
  float32: boolean;
}

/** Reads a loss input: `{ data, shape | dims }`, nested arrays, or a flat array or typed array. @internal */
export function readTensor(x: TensorInput, fn: string, name: string): ReadTensor {
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const t = readTable(x as TensorLike, fn, name);
    return { ...t, float32: (x as TensorLike).data instanceof Float32Array };
  }
  if (Array.isArray(x) && x.length > 0 && Array.isArray(x[0])) {
    return { ...readTable(x as NestedArray, fn, name), float32: false };
  }
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name} must be { data, shape }, nested arrays or an array; got ${describe(x)}`,
      {
        argument: name,
        value: x,
      },
    );
  }
  const flat = x as ArrayLike<number>;
  checkNumbers(flat, fn, name);
  if (flat.length === 0) {
    throw new SurprisalError('EMPTY', `${fn}: ${name} is empty`, { argument: name });
  }
  return { data: flat, shape: [flat.length], float32: flat instanceof Float32Array };
}

/** A zeroed gradient tensor with the float type and shape of a read input. @internal */
export function gradLike(x: ReadTensor): FloatTensor {
  const n = x.data.length;
  return { data: x.float32 ? new Float32Array(n) : new Float64Array(n), shape: [...x.shape] };
}
