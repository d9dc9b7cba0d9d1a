/**
 * Points for the k-NN machinery: reading a 1-D array, rows or `{ data, shape }` into row-major float64 with
 * every value checked, and the row operations the estimators need (resampling, joining columns, grouping
 * identical rows).
 * @module
 */
import { allocate } from '../../core/allocate.js';
import { SurprisalError } from '../../core/errors.js';
import { describe } from '../../core/options.js';
import type { TensorLike } from '../../core/tensor.js';
import { sortByCoordinate } from './sort.js';

/**
 * Points: a 1-D array (n points in 1 dimension), rows (`number[][]`, n rows of d numbers) or a row-major
 * `{ data, shape: [n, d] }` (`dims` is accepted as an alias of `shape`).
 */
export type PointsInput = ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | TensorLike;

/** Points read into row-major float64: n rows of d coordinates. @internal */
export interface Points {
  data: Float64Array;
  n: number;
  d: number;
}

function shapeError(fn: string, name: string, message: string, value?: unknown): SurprisalError {
  return new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name} ${message}`, { argument: name, value });
}

function checkValue(v: number, fn: string, name: string, row: number, col: number, d: number): void {
  if (typeof v !== 'number') {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `${fn}: ${name}[${row}]${d > 1 ? `[${col}]` : ''} is ${v === undefined ? 'undefined (missing)' : describe(v)}, not a number`,
      { argument: name, index: row, value: v },
    );
  }
  if (Number.isNaN(v)) {
    throw new SurprisalError('NAN', `${fn}: ${name}[${row}]${d > 1 ? `[${col}]` : ''} is NaN`, {
      argument: name,
      index: row,
      value: v,
    });
  }
  if (!Number.isFinite(v)) {
    throw new SurprisalError(
      'NOT_FINITE',
      `${fn}: ${name}[${row}]${d > 1 ? `[${col}]` : ''} is ${v}; samples must be finite`,
      { argument: name, index: row, value: v },
    );
  }
}

/**
 * Reads points given as a 1-D array, rows or `{ data, shape: [n, d] }` into row-major float64, checking every
 * value. Errors name the row as `index`.
 * @internal
 */
export function readPoints(x: PointsInput, fn: string, name: string): Points {
  if (x === null || typeof x !== 'object')
    throw shapeError(fn, name, `must be an array of samples; got ${describe(x)}`, x);
  if ('data' in x && !Array.isArray(x) && !ArrayBuffer.isView(x)) {
    const dims = 'shape' in x ? x.shape : (x as { dims: readonly number[] }).dims;
    if (!dims || typeof dims.length !== 'number' || (dims.length !== 1 && dims.length !== 2)) {
      throw shapeError(fn, name, 'needs shape [n] or [n, d]', dims);
    }
    const src: unknown = x.data;
    const len = (src as { length?: unknown } | null)?.length;
    if (
      src === null ||
      typeof src !== 'object' ||
      typeof len !== 'number' ||
      !Number.isInteger(len) ||
      len < 0
    ) {
      throw shapeError(
        fn,
        name,
        `.data must be an array or typed array of numbers; got ${describe(src)}`,
        src,
      );
    }
    const n = dims[0];
    const d = dims.length === 2 ? dims[1] : 1;
    if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) {
      throw shapeError(fn, name, `has an invalid shape [${Array.from(dims).join(', ')}]`, dims);
    }
    if (x.data.length !== n * d) {
      throw shapeError(fn, name, `shape [${n}, ${d}] holds ${n * d} values but data has ${x.data.length}`);
    }
    if (n === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} has no samples`, { argument: name });
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      const v = x.data[i];
      checkValue(v, fn, name, Math.floor(i / d), i % d, d);
      data[i] = v;
    }
    return { data, n, d };
  }
  const rows = x as ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  const n = rows.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 32)
    throw shapeError(fn, name, `must be an array of samples; got ${describe(x)}`, x);
  if (n === 0) throw new SurprisalError('EMPTY', `${fn}: ${name} has no samples`, { argument: name });
  const first = rows[0];
  if (typeof first === 'object' && first !== null && typeof first.length === 'number') {
    const d = first.length;
    if (d === 0) throw new SurprisalError('EMPTY', `${fn}: ${name}[0] is an empty row`, { argument: name });
    if (!Number.isInteger(d) || d < 0)
      throw shapeError(fn, name, `has a first row of length ${describe(d)}`, x);
    const data = allocate(Float64Array, n * d, fn, `${name} (${n} rows of ${d})`);
    for (let i = 0; i < n; i++) {
      const row = rows[i] as ArrayLike<number>;
      if (row === null || typeof row !== 'object' || row.length !== d) {
        const got = row && typeof row === 'object' ? `length ${row.length}` : String(row);
        throw new SurprisalError('SHAPE_MISMATCH', `${fn}: ${name}[${i}] is ${got}; expected ${d} values`, {
          argument: name,
          index: i,
          value: row,
        });
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        checkValue(v, fn, name, i, j, d);
        data[i * d + j] = v;
      }
    }
    return { data, n, d };
  }
  const data = new Float64Array(n);
  const values = rows as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    checkValue(values[i], fn, name, i, 0, 1);
    data[i] = values[i];
  }
  return { data, n, d: 1 };
}

/** Checks k: an integer ≥ 1. @internal */
export function checkK(k: unknown, fn: string): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new SurprisalError('INVALID_OPTION', `${fn}: k must be an integer >= 1; got ${String(k)}`, {
      argument: 'k',
      value: k,
    });
  }
  return k;
}

/** The rows of `points` picked by `rows` (a bootstrap resample). @internal */
export function pickRows(points: Points, rows: Int32Array): Points {
  const { data, d } = points;
  const n = rows.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = rows[i] * d;
    for (let j = 0; j < d; j++) out[i * d + j] = data[s + j];
  }
  return { data: out, n, d };
}

/** Columns side by side: [a | b | …], row by row. @internal */
export function joinColumns(...parts: Points[]): Points {
  const n = parts[0].n;
  let d = 0;
  for (const p of parts) d += p.d;
  const out = new Float64Array(n * d);
  let c = 0;
  for (const p of parts) {
    for (let i = 0; i < n; i++) for (let j = 0; j < p.d; j++) out[i * d + c + j] = p.data[i * p.d + j];
    c += p.d;
  }
  return { data: out, n, d };
}

/** Groups of identical rows: the group of each point, and each group's first (smallest) index and size. @internal */
export interface Groups {
  count: number;
  of: Int32Array;
  first: Int32Array;
  size: Int32Array;
}

/**
 * Finds the groups of identical rows (−0 equals 0), by a lexicographic sort (radix, O(n · d)); groups come in
 * that order. @internal
 */
export function identicalRows(points: Points): Groups {
  const { data, n, d } = points;
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Stable sorts by the last coordinate first, ..., the first last: the lexicographic order, ties by index.
  for (let j = d - 1; j >= 0; j--) order = sortByCoordinate(order, data, d, j).order;
  const of = new Int32Array(n);
  const first: number[] = [];
  const size: number[] = [];
  for (let p = 0; p < n; p++) {
    const i = order[p];
    let same = p > 0;
    if (same) {
      const prev = order[p - 1] * d;
      for (let j = 0; j < d; j++) {
        if (data[prev + j] !== data[i * d + j]) {
          same = false;
          break;
        }
      }
    }
    if (!same) {
      first.push(i);
      size.push(0);
    }
    of[i] = first.length - 1;
    size[size.length - 1]++;
  }
  return { count: first.length, of, first: Int32Array.from(first), size: Int32Array.from(size) };
}
