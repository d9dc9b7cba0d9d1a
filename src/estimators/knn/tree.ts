/**
 * The k-d tree proper, for points in d ≥ 2 dimensions: nodes split at the median of the widest coordinate,
 * searched nearer child first with exact (distance, index) pruning.
 * @module
 */
import { Heap } from './heap.js';
import type { Points } from './points.js';
import {
  checkIndex,
  checkOut,
  checkQueryK,
  checkRadius,
  type KdTree,
  type Neighbours,
  type Norm,
  neighboursOf,
  readQuery,
} from './queries.js';

/** A k-d tree over points in d ≥ 2 dimensions. @internal */
export class Tree implements KdTree {
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
