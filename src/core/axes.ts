/**
 * Axes of a row-major tensor as SciPy takes them (`axis=` an integer or a tuple, negative from the end), the
 * layout of a reduction or normalisation along them, and NumPy broadcasting of a second operand.
 * @module
 */
import { checkAllocatable } from './allocate.js';
import { SurprisalError } from './errors.js';
import { describe } from './options.js';
import { readNumberArray } from './sum.js';
import type { NestedArray } from './tensor.js';
import { readTable, type TensorLike } from './tensor.js';

/** An axis or axes, as SciPy's `axis`: an integer (negative counts from the end) or an array of them. */
export type Axis = number | readonly number[];

/** A tensor input of the log-space functions: a flat array (any length, even 0), nested arrays or `{ data, shape }`. */
export type ArrayOrTensor = ArrayLike<number> | TensorLike | NestedArray;

/** An input read into flat data and its shape. @internal */
export interface ShapedData {
  data: ArrayLike<number>;
  shape: number[];
  /** Whether the input was a flat array (shape [n]) rather than nested arrays or `{ data, shape }`. */
  flat: boolean;
}

/**
 * Reads a flat array (empty allowed), nested arrays or `{ data, shape | dims }`.
 * @throws {SurprisalError} as `readTable` / `readNumberArray`.
 * @internal
 */
export function readShaped(x: unknown, fn: string, name: string): ShapedData {
  if (Array.isArray(x) && x.length > 0 && Array.isArray(x[0])) {
    const t = readTable(x as NestedArray, fn, name);
    return { data: t.data, shape: t.shape, flat: false };
  }
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const t = readTable(x as TensorLike, fn, name);
    return { data: t.data, shape: t.shape, flat: false };
  }
  const data = readNumberArray(x, fn, name);
  return { data, shape: [data.length], flat: true };
}

/**
 * The axes named by `axis` for a tensor of `ndim` dimensions, normalised to [0, ndim) and sorted; all axes
 * when `axis` is undefined.
 * @throws {SurprisalError} `INVALID_OPTION` for a non-integer, an axis out of range or a repeated axis.
 * @internal
 */
export function readAxis(axis: unknown, ndim: number, fn: string): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : Array.isArray(axis) ? (axis as unknown[]) : undefined;
  if (list === undefined) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `${fn}: axis must be an integer or an array of integers; got ${describe(axis)}`,
      { argument: 'axis', value: axis },
    );
  }
  const seen = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -ndim || a >= ndim) {
      throw new SurprisalError(
        'INVALID_OPTION',
        `${fn}: axis ${describe(a)} is not an integer in [${-ndim}, ${ndim - 1}] (the input has ${ndim} dimension${ndim === 1 ? '' : 's'})`,
        { argument: 'axis', index: typeof axis === 'number' ? undefined : i, value: a },
      );
    }
    const k = a < 0 ? a + ndim : a;
    if (seen.has(k)) {
      throw new SurprisalError('INVALID_OPTION', `${fn}: axis ${k} is named twice in axis`, {
        argument: 'axis',
        index: i,
        value: a,
      });
    }
    seen.add(k);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Where the slices along `axes` lie in row-major data of `shape`: element r of slice k is at
 * `outer[k] + inner[r]`; slices are numbered row-major over the kept axes (`keptShape`), elements row-major
 * over the reduced ones. @internal
 */
export interface AxisLayout {
  outer: Float64Array;
  inner: Float64Array;
  keptShape: number[];
}

/** The {@link AxisLayout} of `axes` (sorted, distinct) in a tensor of `shape`. @internal */
export function axisLayout(shape: readonly number[], axes: readonly number[]): AxisLayout {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const reduced = new Set(axes);
  const kept = shape.map((_, d) => d).filter((d) => !reduced.has(d));
  return {
    outer: offsets(shape, strides, kept),
    inner: offsets(shape, strides, axes),
    keptShape: kept.map((d) => shape[d]),
  };
}

/** Offsets of every index over the dimensions `dims` (row-major in them). */
function offsets(
  shape: readonly number[],
  strides: readonly number[],
  dims: readonly number[],
): Float64Array {
  let n = 1;
  for (const d of dims) n *= shape[d];
  const out = new Float64Array(n);
  const counter = new Array<number>(dims.length).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let j = dims.length - 1; j >= 0; j--) {
      const d = dims[j];
      counter[j]++;
      off += strides[d];
      if (counter[j] < shape[d]) break;
      off -= strides[d] * shape[d];
      counter[j] = 0;
    }
  }
  return out;
}

/**
 * The NumPy broadcast of two shapes (aligned on the last axis; a dimension of 1 stretches), or undefined
 * when they do not broadcast. @internal
 */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * `data` of `shape` expanded to `target` (which `shape` broadcasts to), as a new Float64Array; `data` itself
 * when the shapes hold the same number of values (then they are equal up to leading 1s).
 * @throws {SurprisalError} `TOO_LARGE` when the broadcast has more values than one array may hold.
 * @internal
 */
export function broadcastTo(
  data: ArrayLike<number>,
  shape: readonly number[],
  target: readonly number[],
  fn: string,
  argument: string,
): ArrayLike<number> {
  let size = 1;
  for (const d of target) size *= d;
  if (size === data.length) return data;
  checkAllocatable(size, fn, `the broadcast of ${argument}`);
  const n = target.length;
  // Stride of each target dimension in `data` (0 where `shape` has 1 or lacks the dimension).
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const t = n - shape.length + i;
    strides[t] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  const out = new Float64Array(size);
  const counter = new Array<number>(n).fill(0);
  let off = 0;
  for (let i = 0; i < size; i++) {
    out[i] = data[off];
    for (let d = n - 1; d >= 0; d--) {
      counter[d]++;
      off += strides[d];
      if (counter[d] < target[d]) break;
      off -= strides[d] * target[d];
      counter[d] = 0;
    }
  }
  return out;
}

const EMPTY_SCRATCH = new Float64Array(0);

/**
 * Applies `row` (a normalisation such as softmax) to every slice of `x` along `axis` (all axes when undefined),
 * writing into `out` (same length and layout as x's data). `row(src, dst, scratch)` reads src[0..n) and writes
 * dst[0..n); scratch is a Float64Array of at least n values (empty when `needsScratch` is false).
 * @throws {SurprisalError} `INVALID_OPTION` for a bad axis.
 * @internal
 */
export function alongAxes(
  x: ShapedData,
  axis: unknown,
  fn: string,
  out: Float32Array | Float64Array,
  row: (src: ArrayLike<number>, dst: Float32Array | Float64Array, scratch: Float64Array) => void,
  needsScratch = true,
): void {
  const axes = readAxis(axis, x.shape.length, fn);
  if (axes.length === x.shape.length) {
    row(x.data, out, needsScratch ? new Float64Array(x.data.length) : EMPTY_SCRATCH);
    return;
  }
  const { outer, inner } = axisLayout(x.shape, axes);
  const n = inner.length;
  const src = new Float64Array(n);
  const dst = new Float64Array(n);
  const scratch = needsScratch ? new Float64Array(n) : EMPTY_SCRATCH;
  for (let k = 0; k < outer.length; k++) {
    const base = outer[k];
    for (let r = 0; r < n; r++) src[r] = x.data[base + inner[r]];
    row(src, dst, scratch);
    for (let r = 0; r < n; r++) out[base + inner[r]] = dst[r];
  }
}
