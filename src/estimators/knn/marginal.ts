/**
 * Radius counts in one dimension for the marginal spaces of KSG: values sorted once, and for each point the
 * edges of its window found by galloping outwards from its own position (O(log m) for m points in the window,
 * touching memory next to the point) instead of two binary searches over the whole array.
 * @module
 */
import type { Points } from './points.js';
import { argsort } from './sort.js';

/** One-dimensional values sorted ascending (ties by index) and the original index of each position. @internal */
export interface SortedLine {
  v: Float64Array;
  perm: Int32Array;
}

/**
 * Sorted lines already made, by the array of values they sort: the ties check sorts a column and the estimator
 * then finds it here. Arrays of points are never written after they are made, so an entry stays valid.
 */
const made = new WeakMap<Float64Array, SortedLine>();

/** Sorts one-dimensional points (or finds them sorted already). @internal */
export function sortLine(points: Points): SortedLine {
  let line = made.get(points.data);
  if (!line) {
    const { order, values } = argsort(points.data);
    line = { v: values, perm: order };
    made.set(points.data, line);
  }
  return line;
}

/**
 * For the sorted positions p in [from, to): writes into `out[perm[p]]` the number of other points j with
 * |vⱼ − v_p| < r (≤ r when `inclusive`), r = `radius[perm[p]]`. The same comparisons as a scan: fl(q − v) is
 * monotone in v, so each edge is where a monotone test flips, found by galloping. @internal
 */
export function countWithinRadii(
  line: SortedLine,
  radius: Float64Array,
  inclusive: boolean,
  from: number,
  to: number,
  out: Int32Array,
): void {
  const { v, perm } = line;
  const n = v.length;
  for (let p = from; p < to; p++) {
    const i = perm[p];
    const r = radius[i];
    const q = v[p];
    // The point itself (distance 0) passes only for r > 0, or r ≥ 0 when inclusive; then no point does.
    if (inclusive ? !(r >= 0) : !(r > 0)) {
      out[i] = 0;
      continue;
    }
    // Left edge: the first a ≤ p with q − v[a] < r (≤ when inclusive); known true at p.
    let yes = p;
    let no = -1;
    for (let step = 1; ; step *= 2) {
      const c = yes - step;
      if (c < 0) break;
      const g = q - v[c];
      if (inclusive ? g <= r : g < r) yes = c;
      else {
        no = c;
        break;
      }
    }
    while (yes - no > 1) {
      const m = (yes + no) >> 1;
      const g = q - v[m];
      if (inclusive ? g <= r : g < r) yes = m;
      else no = m;
    }
    const a = yes;
    // Right edge: the first b > p with v[b] − q ≥ r (> when inclusive), n if none.
    let stop = n;
    let go = p;
    for (let step = 1; ; step *= 2) {
      const c = go + step;
      if (c >= n) break;
      const g = v[c] - q;
      if (inclusive ? g > r : g >= r) {
        stop = c;
        break;
      }
      go = c;
    }
    while (stop - go > 1) {
      const m = (stop + go) >> 1;
      const g = v[m] - q;
      if (inclusive ? g > r : g >= r) stop = m;
      else go = m;
    }
    out[i] = stop - a - 1;
  }
}
