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
 * The number of other points j with |vⱼ − v_p| < r (≤ r when `inclusive`) around sorted position p of the
 * sorted values v. The same comparisons as a scan: fl(q − v) is monotone in v, so each edge of the window is
 * where a monotone test flips, found by galloping outwards from p. @internal
 */
export function countAround(v: Float64Array, p: number, r: number, inclusive: boolean): number {
  const n = v.length;
  const q = v[p];
  // The point itself (distance 0) passes only for r > 0, or r ≥ 0 when inclusive; otherwise no point does.
  if (inclusive ? !(r >= 0) : !(r > 0)) return 0;
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
  return stop - yes - 1;
}
