/**
 * The max-heap of (distance, index) pairs behind the k-d tree's k-nearest-neighbour search: the k best
 * candidates so far, worst on top.
 * @module
 */
import type { Neighbours } from './queries.js';

/** Whether (da, ia) comes after (db, ib) in (distance, index) order. @internal */
export function worse(da: number, ia: number, db: number, ib: number): boolean {
  return da > db || (da === db && ia > ib);
}

/** The `cap` smallest (distance, index) pairs offered so far. @internal */
export class Heap {
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
