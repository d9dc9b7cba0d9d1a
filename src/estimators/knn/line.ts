/**
 * The k-NN index of points in one dimension: values sorted once, neighbours found by walking outwards and
 * counts by two binary searches.
 * @module
 */
import { worse } from './heap.js';
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
import { argsort } from './sort.js';

/** The index of points in one dimension: sorted values and binary search. @internal */
export class Line implements KdTree {
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
    const perm = argsort(x).order;
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
