/**
 * A k-d tree for nearest-neighbour distances and radius counts, the engine of the kNN estimators.
 * @module
 */
import { allocate } from '../core/allocate.js';
import { SurprisalError } from '../core/errors.js';
import { describe, readOptions } from '../core/options.js';

/** The norm distances are measured in: `'max'` (Chebyshev, L∞) or `'euclidean'` (L2). */
export type Norm = 'max' | 'euclidean';

/**
 * Points: a 1-D array (n points in 1 dimension), rows (`number[][]`, n rows of d numbers) or a row-major
 * `{ data, shape: [n, d] }` (`dims` is accepted as an alias of `shape`).
 */
export type PointsInput =
  | ArrayLike<number>
  | ReadonlyArray<ArrayLike<number>>
  | { data: ArrayLike<number>; shape: readonly number[] }
  | { data: ArrayLike<number>; dims: readonly number[] };

/** Points read into row-major float64: n rows of d coordinates. @internal */
export interface Points {
  data: Float64Array;
  n: number;
  d: number;
}

/** The k nearest neighbours of a point, sorted by (distance, index): both arrays have length k. */
export interface Neighbours {
  distances: Float64Array;
  indices: Int32Array;
}

/** Options of {@link kdTree}. */
export interface KdTreeOptions {
  /** Default `'max'`. */
  norm?: Norm;
  /** Most points in a leaf (default 12); affects speed only. */
  leafSize?: number;
}

/** A static index over n points for k-nearest-neighbour and fixed-radius queries; built by {@link kdTree}. */
export interface KdTree {
  /** Number of points n. */
  readonly size: number;
  /** Dimension d. */
  readonly dimension: number;
  readonly norm: Norm;
  /**
   * The k nearest neighbours of stored point i, i itself excluded (its duplicates are not: they come first, at
   * distance 0). Ties are broken by the smaller index, so the answer is a function of the data alone.
   * Writes into `out` when given (arrays of length ≥ k).
   */
  nearest(i: number, k: number, out?: Neighbours): Neighbours;
  /** The k nearest stored points of any point (length d), ties broken by the smaller index. */
  nearestTo(point: ArrayLike<number>, k: number, out?: Neighbours): Neighbours;
  /** Number of stored points j ≠ i with dist(xⱼ, xᵢ) < radius, or ≤ radius when `inclusive`. */
  countWithin(i: number, radius: number, inclusive?: boolean): number;
  /** Number of stored points within radius of any point (< radius, or ≤ when `inclusive`). */
  countWithinOf(point: ArrayLike<number>, radius: number, inclusive?: boolean): number;
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

/** Finds the groups of identical rows (−0 equals 0), by a lexicographic sort: O(n log n · d). @internal */
export function identicalRows(points: Points): Groups {
  const { data, n, d } = points;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (d === 1) order.sort((a, b) => data[a] - data[b] || a - b);
  else {
    order.sort((a, b) => {
      const sa = a * d;
      const sb = b * d;
      for (let j = 0; j < d; j++) {
        const diff = data[sa + j] - data[sb + j];
        if (diff !== 0) return diff;
      }
      return a - b;
    });
  }
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

// ---------------------------------------------------------------------------------------------------------
// Max-heap of (distance, index) pairs: the k best candidates so far, worst on top.

function worse(da: number, ia: number, db: number, ib: number): boolean {
  return da > db || (da === db && ia > ib);
}

class Heap {
  d: Float64Array;
  i: Int32Array;
  size = 0;
  cap = 0;

  constructor(capacity: number) {
    this.d = new Float64Array(Math.max(1, capacity));
    this.i = new Int32Array(Math.max(1, capacity));
  }

  reset(k: number): void {
    if (k > this.d.length) {
      this.d = new Float64Array(k);
      this.i = new Int32Array(k);
    }
    this.size = 0;
    this.cap = k;
  }

  /** Offers a candidate; keeps the `cap` smallest by (distance, index). */
  offer(dist: number, idx: number): void {
    const hd = this.d;
    const hi = this.i;
    if (this.size < this.cap) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(dist, idx, hd[p], hi[p])) break;
        hd[c] = hd[p];
        hi[c] = hi[p];
        c = p;
      }
      hd[c] = dist;
      hi[c] = idx;
      return;
    }
    if (!worse(hd[0], hi[0], dist, idx)) return;
    this.siftDown(dist, idx, this.size);
  }

  private siftDown(dist: number, idx: number, size: number): void {
    const hd = this.d;
    const hi = this.i;
    let c = 0;
    for (;;) {
      let m = 2 * c + 1;
      if (m >= size) break;
      if (m + 1 < size && worse(hd[m + 1], hi[m + 1], hd[m], hi[m])) m++;
      if (!worse(hd[m], hi[m], dist, idx)) break;
      hd[c] = hd[m];
      hi[c] = hi[m];
      c = m;
    }
    hd[c] = dist;
    hi[c] = idx;
  }

  /** Empties the heap into `out` in ascending (distance, index) order. */
  drain(out: Neighbours): void {
    for (let s = this.size; s > 0; s--) {
      out.distances[s - 1] = this.d[0];
      out.indices[s - 1] = this.i[0];
      this.siftDown(this.d[s - 1], this.i[s - 1], s - 1);
    }
    this.size = 0;
  }
}

function neighboursOf(k: number, out: Neighbours | undefined): Neighbours {
  if (out && out.distances.length >= k && out.indices.length >= k) return out;
  return { distances: new Float64Array(k), indices: new Int32Array(k) };
}

function checkIndex(i: number, n: number): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `kdTree: point index must be an integer in [0, ${n}); got ${describe(i)}`,
      {
        argument: 'i',
        value: i,
      },
    );
  }
}

/** The query point as float64, checked: length d, no NaN. */
function readQuery(point: ArrayLike<number>, d: number): Float64Array {
  if (point === null || typeof point !== 'object' || point.length !== d) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `kdTree: the query point must be an array of ${d} coordinates; got ${describe(point)}`,
      {
        argument: 'point',
        value: point,
      },
    );
  }
  for (let j = 0; j < d; j++) {
    if (typeof point[j] !== 'number') {
      throw new SurprisalError('NAN', `kdTree: point[${j}] is ${describe(point[j])}, not a number`, {
        argument: 'point',
        index: j,
        value: point[j],
      });
    }
  }
  const q = Float64Array.from(point);
  for (let j = 0; j < d; j++) {
    if (Number.isNaN(q[j])) {
      throw new SurprisalError('NAN', `kdTree: point[${j}] is NaN`, {
        argument: 'point',
        index: j,
        value: q[j],
      });
    }
  }
  return q;
}

/** The radius of a count: a number, not NaN (negative radii count nothing; Infinity counts everything). */
function checkRadius(radius: unknown): void {
  if (typeof radius !== 'number' || Number.isNaN(radius)) {
    throw new SurprisalError('NAN', `kdTree: radius must be a number; got ${describe(radius)}`, {
      argument: 'radius',
      value: radius,
    });
  }
}

/** `out` of a query: undefined, or { distances: Float64Array, indices: Int32Array }. */
function checkOut(out: unknown): void {
  if (out === undefined) return;
  const o = out as Partial<Neighbours> | null;
  if (
    o === null ||
    typeof o !== 'object' ||
    !(o.distances instanceof Float64Array) ||
    !(o.indices instanceof Int32Array)
  ) {
    throw new SurprisalError(
      'SHAPE_MISMATCH',
      `kdTree: out must be { distances: Float64Array, indices: Int32Array }; got ${describe(out)}`,
      { argument: 'out', value: out },
    );
  }
}

function checkQueryK(k: number, available: number): void {
  if (!Number.isInteger(k) || k < 1 || k > available) {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `kdTree: k must be an integer in [1, ${available}] (the points available); got ${describe(k)}`,
      { argument: 'k', value: k },
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// The k-d tree proper (d ≥ 2).

class Tree implements KdTree {
  readonly size: number;
  readonly dimension: number;
  readonly norm: Norm;
  private readonly euclid: boolean;
  /** Coordinates in tree order (leaves are contiguous). */
  private readonly t: Float64Array;
  /** Tree position → original index, and back. */
  private readonly perm: Int32Array;
  private readonly pos: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Left child (right = left + 1), −1 for a leaf. */
  private readonly left: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** Smallest original index below a node, for exact (distance, index) pruning. */
  private readonly minIdx: Int32Array;
  private readonly heap = new Heap(16);
  // The current query.
  private q: Float64Array;
  private qo = 0;
  private self = -1;
  private r = 0;
  private incl = false;

  constructor(points: Points, norm: Norm, leafSize: number) {
    const { data, n, d } = points;
    this.size = n;
    this.dimension = d;
    this.norm = norm;
    this.euclid = norm === 'euclidean';
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const minLeaf = Math.max(1, Math.floor((leafSize + 1) / 2));
    const maxNodes = 2 * Math.ceil(n / minLeaf) + 1;
    this.start = new Int32Array(maxNodes);
    this.end = new Int32Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.lo = new Float64Array(maxNodes * d);
    this.hi = new Float64Array(maxNodes * d);
    this.minIdx = new Int32Array(maxNodes);
    let next = 1;
    // Iterative build: a stack of (node, start, end).
    const stack: number[] = [0, 0, n];
    while (stack.length > 0) {
      const e = stack.pop() as number;
      const s = stack.pop() as number;
      const node = stack.pop() as number;
      this.start[node] = s;
      this.end[node] = e;
      const lo = this.lo;
      const hi = this.hi;
      const b = node * d;
      let mi = perm[s];
      for (let j = 0; j < d; j++) {
        lo[b + j] = Number.POSITIVE_INFINITY;
        hi[b + j] = Number.NEGATIVE_INFINITY;
      }
      for (let p = s; p < e; p++) {
        const i = perm[p];
        if (i < mi) mi = i;
        for (let j = 0; j < d; j++) {
          const v = data[i * d + j];
          if (v < lo[b + j]) lo[b + j] = v;
          if (v > hi[b + j]) hi[b + j] = v;
        }
      }
      this.minIdx[node] = mi;
      if (e - s <= leafSize) {
        this.left[node] = -1;
        continue;
      }
      let dim = 0;
      let width = -1;
      for (let j = 0; j < d; j++) {
        const w = hi[b + j] - lo[b + j];
        if (w > width) {
          width = w;
          dim = j;
        }
      }
      const mid = (s + e) >> 1;
      // All points identical: split by position anyway, so leaves stay small and index pruning works.
      if (width > 0) select(perm, data, d, dim, s, e - 1, mid);
      this.left[node] = next;
      stack.push(next, s, mid, next + 1, mid, e);
      next += 2;
    }
    this.perm = perm;
    this.pos = new Int32Array(n);
    this.t = new Float64Array(n * d);
    for (let p = 0; p < n; p++) {
      const i = perm[p];
      this.pos[i] = p;
      for (let j = 0; j < d; j++) this.t[p * d + j] = data[i * d + j];
    }
    this.q = this.t;
  }

  /** Distance from the query to the point at tree position p. */
  private dist(p: number): number {
    const d = this.dimension;
    const t = this.t;
    const q = this.q;
    const qo = this.qo;
    const b = p * d;
    if (this.euclid) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const z = t[b + j] - q[qo + j];
        s += z * z;
      }
      return Math.sqrt(s);
    }
    let m = 0;
    for (let j = 0; j < d; j++) {
      const z = Math.abs(t[b + j] - q[qo + j]);
      if (z > m) m = z;
    }
    return m;
  }

  /**
   * A lower bound of the distance from the query to any point of a node's box; computed with the same
   * floating-point operations as {@link Tree.dist} on smaller gaps, so it never exceeds a true distance.
   */
  private lower(node: number): number {
    const d = this.dimension;
    const b = node * d;
    const q = this.q;
    const qo = this.qo;
    let acc = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const l = this.lo[b + j];
      const h = this.hi[b + j];
      const g = v < l ? l - v : v > h ? v - h : 0;
      if (this.euclid) acc += g * g;
      else if (g > acc) acc = g;
    }
    return this.euclid ? Math.sqrt(acc) : acc;
  }

  /** An upper bound of the distance from the query to any point of a node's box (its farthest corner). */
  private upper(node: number): number {
    const d = this.dimension;
    const b = node * d;
    const q = this.q;
    const qo = this.qo;
    let acc = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = Math.abs(v - this.lo[b + j]);
      const c = Math.abs(this.hi[b + j] - v);
      const g = Math.max(a, c);
      if (this.euclid) acc += g * g;
      else if (g > acc) acc = g;
    }
    return this.euclid ? Math.sqrt(acc) : acc;
  }

  private pruned(node: number, bound: number): boolean {
    const h = this.heap;
    if (h.size < h.cap) return false;
    const wd = h.d[0];
    return bound > wd || (bound === wd && this.minIdx[node] >= h.i[0]);
  }

  private searchKnn(node: number): void {
    const l = this.left[node];
    if (l < 0) {
      const h = this.heap;
      const self = this.self;
      for (let p = this.start[node]; p < this.end[node]; p++) {
        const j = this.perm[p];
        if (j === self) continue;
        h.offer(this.dist(p), j);
      }
      return;
    }
    const la = this.lower(l);
    const lb = this.lower(l + 1);
    const first = la <= lb ? l : l + 1;
    const second = first === l ? l + 1 : l;
    if (!this.pruned(first, first === l ? la : lb)) this.searchKnn(first);
    if (!this.pruned(second, second === l ? la : lb)) this.searchKnn(second);
  }

  private searchCount(node: number): number {
    const r = this.r;
    const lo = this.lower(node);
    if (this.incl ? lo > r : lo >= r) return 0;
    const up = this.upper(node);
    if (this.incl ? up <= r : up < r) return this.end[node] - this.start[node];
    const l = this.left[node];
    if (l < 0) {
      let c = 0;
      for (let p = this.start[node]; p < this.end[node]; p++) {
        const z = this.dist(p);
        if (this.incl ? z <= r : z < r) c++;
      }
      return c;
    }
    return this.searchCount(l) + this.searchCount(l + 1);
  }

  nearest(i: number, k: number, out?: Neighbours): Neighbours {
    checkIndex(i, this.size);
    checkQueryK(k, this.size - 1);
    checkOut(out);
    this.q = this.t;
    this.qo = this.pos[i] * this.dimension;
    this.self = i;
    this.heap.reset(k);
    this.searchKnn(0);
    const res = neighboursOf(k, out);
    this.heap.drain(res);
    return res;
  }

  nearestTo(point: ArrayLike<number>, k: number, out?: Neighbours): Neighbours {
    checkQueryK(k, this.size);
    checkOut(out);
    this.q = readQuery(point, this.dimension);
    this.qo = 0;
    this.self = -1;
    this.heap.reset(k);
    this.searchKnn(0);
    const res = neighboursOf(k, out);
    this.heap.drain(res);
    return res;
  }

  countWithin(i: number, radius: number, inclusive = false): number {
    checkIndex(i, this.size);
    checkRadius(radius);
    this.q = this.t;
    this.qo = this.pos[i] * this.dimension;
    this.r = radius;
    this.incl = inclusive;
    const c = this.searchCount(0);
    // The query point itself, at distance 0, was counted when 0 passes the test.
    return inclusive ? (radius >= 0 ? c - 1 : c) : radius > 0 ? c - 1 : c;
  }

  countWithinOf(point: ArrayLike<number>, radius: number, inclusive = false): number {
    checkRadius(radius);
    this.q = readQuery(point, this.dimension);
    this.qo = 0;
    this.r = radius;
    this.incl = inclusive;
    return this.searchCount(0);
  }
}

/** Quickselect (Hoare partition) of perm[s..e] by (coordinate `dim`, index), so perm[m] lands in place. */
function select(
  perm: Int32Array,
  data: Float64Array,
  d: number,
  dim: number,
  s: number,
  e: number,
  m: number,
) {
  let lo = s;
  let hi = e;
  while (hi > lo) {
    const pi = perm[(lo + hi) >> 1];
    const pv = data[pi * d + dim];
    let a = lo;
    let b = hi;
    while (a <= b) {
      for (;;) {
        const x = perm[a];
        const v = data[x * d + dim];
        if (v < pv || (v === pv && x < pi)) a++;
        else break;
      }
      for (;;) {
        const x = perm[b];
        const v = data[x * d + dim];
        if (v > pv || (v === pv && x > pi)) b--;
        else break;
      }
      if (a <= b) {
        const tmp = perm[a];
        perm[a] = perm[b];
        perm[b] = tmp;
        a++;
        b--;
      }
    }
    if (m <= b) hi = b;
    else if (m >= a) lo = a;
    else return;
  }
}

// ---------------------------------------------------------------------------------------------------------
// One dimension: sorted values and binary search.

class Line implements KdTree {
  readonly size: number;
  readonly dimension = 1;
  readonly norm: Norm;
  /** Values sorted ascending (ties by index), their original indices, and each index's position. */
  private readonly v: Float64Array;
  private readonly perm: Int32Array;
  private readonly pos: Int32Array;
  private candD = new Float64Array(16);
  private candI = new Int32Array(16);

  constructor(points: Points, norm: Norm) {
    const x = points.data;
    const n = points.n;
    this.size = n;
    this.norm = norm;
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    perm.sort((a, b) => x[a] - x[b] || a - b);
    this.perm = perm;
    this.v = new Float64Array(n);
    this.pos = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      this.v[p] = x[perm[p]];
      this.pos[perm[p]] = p;
    }
  }

  /**
   * Positions [lo, hi) of the values within radius of q. fl(q − v) is monotone in v, so both searches test
   * exactly the distances |v − q| that a scan would compute.
   */
  private range(q: number, r: number, inclusive: boolean): [number, number] {
    const v = this.v;
    // lo: the first p with q − v[p] < r (≤ r when inclusive).
    let a = 0;
    let b = v.length;
    while (a < b) {
      const m = (a + b) >> 1;
      const g = q - v[m];
      if (inclusive ? g <= r : g < r) b = m;
      else a = m + 1;
    }
    const lo = a;
    // hi: the first p with v[p] − q ≥ r (> r when inclusive).
    b = v.length;
    while (a < b) {
      const m = (a + b) >> 1;
      const g = v[m] - q;
      if (inclusive ? g > r : g >= r) b = m;
      else a = m + 1;
    }
    return [lo, Math.max(lo, a)];
  }

  private knn(q: number, self: number, k: number, out: Neighbours): void {
    const v = this.v;
    const n = v.length;
    // Walk outwards from q to find the k-th smallest distance D.
    let right: number;
    let left: number;
    if (self >= 0) {
      left = this.pos[self] - 1;
      right = this.pos[self] + 1;
    } else {
      let a = 0;
      let b = n;
      while (a < b) {
        const m = (a + b) >> 1;
        if (v[m] < q) a = m + 1;
        else b = m;
      }
      right = a;
      left = a - 1;
    }
    let kth = 0;
    for (let taken = 0; taken < k; taken++) {
      const dl = left >= 0 ? q - v[left] : Number.POSITIVE_INFINITY;
      const dr = right < n ? v[right] - q : Number.POSITIVE_INFINITY;
      if (dl <= dr) {
        kth = dl;
        left--;
      } else {
        kth = dr;
        right++;
      }
    }
    // Every point within D, sorted by (distance, index); more than k only when there are ties at D.
    const [lo, hi] = this.range(q, kth, true);
    const m = hi - lo;
    if (m > this.candD.length) {
      this.candD = new Float64Array(m);
      this.candI = new Int32Array(m);
    }
    const cd = this.candD;
    const ci = this.candI;
    let c = 0;
    for (let p = lo; p < hi; p++) {
      const j = this.perm[p];
      if (j === self) continue;
      // Insertion into the sorted candidates: m is k (+ ties), small.
      const dist = Math.abs(v[p] - q);
      let s = c++;
      while (s > 0 && worse(cd[s - 1], ci[s - 1], dist, j)) {
        cd[s] = cd[s - 1];
        ci[s] = ci[s - 1];
        s--;
      }
      cd[s] = dist;
      ci[s] = j;
    }
    for (let s = 0; s < k; s++) {
      out.distances[s] = cd[s];
      out.indices[s] = ci[s];
    }
  }

  nearest(i: number, k: number, out?: Neighbours): Neighbours {
    checkIndex(i, this.size);
    checkQueryK(k, this.size - 1);
    checkOut(out);
    const res = neighboursOf(k, out);
    this.knn(this.v[this.pos[i]], i, k, res);
    return res;
  }

  nearestTo(point: ArrayLike<number>, k: number, out?: Neighbours): Neighbours {
    checkQueryK(k, this.size);
    checkOut(out);
    const res = neighboursOf(k, out);
    this.knn(readQuery(point, 1)[0], -1, k, res);
    return res;
  }

  countWithin(i: number, radius: number, inclusive = false): number {
    checkIndex(i, this.size);
    checkRadius(radius);
    const [lo, hi] = this.range(this.v[this.pos[i]], radius, inclusive);
    const c = hi - lo;
    return inclusive ? (radius >= 0 ? c - 1 : c) : radius > 0 ? c - 1 : c;
  }

  countWithinOf(point: ArrayLike<number>, radius: number, inclusive = false): number {
    checkRadius(radius);
    const [lo, hi] = this.range(readQuery(point, 1)[0], radius, inclusive);
    return hi - lo;
  }
}

/** Builds a tree over points already read. @internal */
export function treeOf(points: Points, norm: Norm = 'max', leafSize = 12): KdTree {
  return points.d === 1 ? new Line(points, norm) : new Tree(points, norm, leafSize);
}

/**
 * A k-d tree (Bentley 1975, "Multidimensional binary search trees used for associative searching", CACM 18(9);
 * the search of Friedman, Bentley & Finkel 1977, ACM TOMS 3(3)) over n points in d dimensions, for the
 * k-nearest-neighbour distances and the radius counts of the kNN estimators (Kozachenko–Leonenko, KSG, ...).
 *
 * Each node splits its points at the median of the coordinate of widest spread; leaves hold ≤ `leafSize` points
 * in contiguous memory. A search visits the nearer child first and skips a node whose bounding box is farther
 * than the current k-th candidate; a count adds whole nodes whose box lies inside the ball. Box bounds are
 * computed with the same floating-point operations as the distances on smaller gaps, so pruning is exact:
 * the answers equal those of a brute-force scan, bit for bit. In one dimension the points are sorted instead,
 * and counts are two binary searches.
 *
 * Distances: `'max'` ‖u − v‖∞ = maxⱼ |uⱼ − vⱼ| (what KSG uses), `'euclidean'` √Σⱼ (uⱼ − vⱼ)². Neighbour lists
 * are ordered by (distance, index), so ties at the k-th distance are resolved by the smaller index.
 * Building costs O(n log n); a query about O(log n + k) for data without heavy ties.
 *
 * @param points - a 1-D array, rows (`number[][]`) or `{ data, shape: [n, d] }`.
 * @example
 * ```ts
 * const tree = kdTree([[0, 0], [1, 0], [0, 3], [2, 2]]);
 * tree.nearest(0, 2).distances; // Float64Array [1, 2]
 * tree.countWithin(0, 2); // 1
 * tree.countWithin(0, 2, true); // 2
 * kdTree([0, 1, 3, 6, 10], { norm: 'euclidean' }).nearestTo([4], 1).indices; // (Int32Array [2])
 * ```
 * @throws {SurprisalError} `EMPTY` for no points, `NAN` / `NOT_FINITE` naming the row, `SHAPE_MISMATCH` for
 *   ragged rows or a shape that does not match the data, `INVALID_OPTION` for an unknown option key, norm or leaf
 *   size; the queries throw `OUT_OF_RANGE` for an index outside [0, n) or k above the points available,
 *   `SHAPE_MISMATCH` / `NAN` for a query point of the wrong length or with NaN or non-numbers, `NAN` for a radius
 *   that is NaN or not a number, `SHAPE_MISMATCH` for an `out` that is not { distances, indices }.
 */
export function kdTree(points: PointsInput, options: KdTreeOptions = {}): KdTree {
  readOptions(options, 'kdTree', ['norm', 'leafSize']);
  const norm = options.norm ?? 'max';
  if (norm !== 'max' && norm !== 'euclidean') {
    throw new SurprisalError(
      'INVALID_OPTION',
      `kdTree: norm must be 'max' or 'euclidean'; got ${describe(norm)}`,
      {
        argument: 'norm',
        value: norm,
      },
    );
  }
  const leafSize = options.leafSize ?? 12;
  if (typeof leafSize !== 'number' || !Number.isInteger(leafSize) || leafSize < 1) {
    throw new SurprisalError(
      'INVALID_OPTION',
      `kdTree: leafSize must be an integer >= 1; got ${describe(leafSize)}`,
      {
        argument: 'leafSize',
        value: leafSize,
      },
    );
  }
  return treeOf(readPoints(points, 'kdTree', 'points'), norm, leafSize);
}
