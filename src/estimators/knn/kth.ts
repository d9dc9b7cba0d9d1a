/**
 * The k-th nearest-neighbour distance in the max norm of every point of a set, the one number per point that
 * KSG needs from the joint space: a flat k-d tree (typed arrays, no per-node objects, no recursion, no
 * closures) searched from each point's own leaf, in tree order.
 * @module
 */
import type { Points } from './points.js';

/** Points in a leaf. */
const LEAF = 8;

/**
 * A k-d tree over n points in d ≥ 1 dimensions for k-th neighbour distances in the max norm. Coordinates are
 * stored in tree order (leaves contiguous); `perm` maps a tree position to the original index. Node boxes are
 * the exact minima and maxima of their points, so the lower bound of the distance to a box, computed with the
 * same floating-point operations as a distance on a smaller gap, never exceeds the distance to a point inside:
 * the k-th distances equal a brute-force scan's, bit for bit. Every array can live in shared memory, so that
 * worker threads query one tree. @internal
 */
export interface KthTree {
  n: number;
  d: number;
  /** Coordinates in tree order, row-major (n × d). */
  t: Float64Array;
  /** Tree position → original index. */
  perm: Int32Array;
  /** Per node: first and past-last tree position, left child (right = left + 1; −1 for a leaf). */
  start: Int32Array;
  end: Int32Array;
  left: Int32Array;
  /** Per node: the box, d minima then d maxima. */
  box: Float64Array;
  /** Tree position → its leaf. */
  leafOf: Int32Array;
  /** Number of nodes. */
  nodes: number;
}

/** Room for the nodes of a tree over n points. */
function maxNodes(n: number): number {
  return 2 * Math.ceil(n / Math.max(1, LEAF >> 1)) + 1;
}

/** The arrays of a tree over n points in d dimensions, on `alloc`'s buffers (plain or shared). @internal */
export function kthTreeArrays(
  n: number,
  d: number,
  alloc: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b),
): KthTree {
  const m = maxNodes(n);
  return {
    n,
    d,
    t: new Float64Array(alloc(8 * n * d)),
    perm: new Int32Array(alloc(4 * n)),
    start: new Int32Array(alloc(4 * m)),
    end: new Int32Array(alloc(4 * m)),
    left: new Int32Array(alloc(4 * m)),
    box: new Float64Array(alloc(16 * m * d)),
    leafOf: new Int32Array(alloc(4 * n)),
    nodes: 0,
  };
}

/** Builds the tree of `points` into `tree` (from {@link kthTreeArrays}); returns it. @internal */
export function buildKthTree(points: Points, tree: KthTree = kthTreeArrays(points.n, points.d)): KthTree {
  const { data, n, d } = points;
  const { t, perm, start, end, left, box, leafOf } = tree;
  t.set(data.subarray(0, n * d));
  for (let i = 0; i < n; i++) perm[i] = i;
  let next = 1;
  const stack = new Int32Array(3 * 64);
  let top = 0;
  stack[top++] = 0;
  stack[top++] = 0;
  stack[top++] = n;
  while (top > 0) {
    const e = stack[--top];
    const s = stack[--top];
    const node = stack[--top];
    start[node] = s;
    end[node] = e;
    const b = 2 * node * d;
    for (let j = 0; j < d; j++) {
      box[b + j] = Number.POSITIVE_INFINITY;
      box[b + d + j] = Number.NEGATIVE_INFINITY;
    }
    for (let p = s; p < e; p++) {
      for (let j = 0; j < d; j++) {
        const v = t[p * d + j];
        if (v < box[b + j]) box[b + j] = v;
        if (v > box[b + d + j]) box[b + d + j] = v;
      }
    }
    if (e - s <= LEAF) {
      left[node] = -1;
      for (let p = s; p < e; p++) leafOf[p] = node;
      continue;
    }
    let dim = 0;
    let width = -1;
    for (let j = 0; j < d; j++) {
      const w = box[b + d + j] - box[b + j];
      if (w > width) {
        width = w;
        dim = j;
      }
    }
    const mid = (s + e) >> 1;
    if (width > 0) selectRows(t, perm, d, dim, s, e - 1, mid);
    left[node] = next;
    // Depth ≤ log2(n) + 1, so the stack (3 entries a level) never overflows 64 levels.
    stack[top++] = next;
    stack[top++] = s;
    stack[top++] = mid;
    stack[top++] = next + 1;
    stack[top++] = mid;
    stack[top++] = e;
    next += 2;
  }
  tree.nodes = next;
  return tree;
}

/** Swaps rows a and b of the tree (coordinates and index). */
function swapRows(t: Float64Array, perm: Int32Array, d: number, a: number, b: number): void {
  const x = perm[a];
  perm[a] = perm[b];
  perm[b] = x;
  for (let j = 0; j < d; j++) {
    const v = t[a * d + j];
    t[a * d + j] = t[b * d + j];
    t[b * d + j] = v;
  }
}

/** Quickselect (Hoare partition) of rows s..e by coordinate `dim`, so that row m lands in its sorted place. */
function selectRows(
  t: Float64Array,
  perm: Int32Array,
  d: number,
  dim: number,
  s: number,
  e: number,
  m: number,
) {
  let lo = s;
  let hi = e;
  while (hi > lo) {
    const pv = t[((lo + hi) >> 1) * d + dim];
    let a = lo;
    let b = hi;
    while (a <= b) {
      while (t[a * d + dim] < pv) a++;
      while (t[b * d + dim] > pv) b--;
      if (a <= b) {
        swapRows(t, perm, d, a, b);
        a++;
        b--;
      }
    }
    if (m <= b) hi = b;
    else if (m >= a) lo = a;
    else return;
  }
}

/**
 * Writes into `out[perm[p]]` the k-th smallest max-norm distance from the point at tree position p to the
 * other points (its duplicates included, at distance 0), for the tree positions p in [from, to). Needs
 * 1 ≤ k ≤ n − 1. @internal
 */
export function kthDistances(tree: KthTree, k: number, from: number, to: number, out: Float64Array): void {
  const { t, perm, start, end, left, box, leafOf, d } = tree;
  const best = new Float64Array(k + 1);
  const stackNode = new Int32Array(128);
  const stackBound = new Float64Array(128);
  const q = new Float64Array(d);
  for (let self = from; self < to; self++) {
    for (let j = 0; j < d; j++) q[j] = t[self * d + j];
    // The k best distances so far, ascending; `worst` is the k-th (∞ until k are found).
    let count = 0;
    let worst = Number.POSITIVE_INFINITY;
    const own = leafOf[self];
    for (let pass = 0; pass < 2; pass++) {
      // Pass 0 scans the query's own leaf; pass 1 walks the tree from the root, skipping that leaf.
      let top = 0;
      stackNode[top] = pass === 0 ? own : 0;
      stackBound[top++] = 0;
      while (top > 0) {
        const node = stackNode[--top];
        if (stackBound[top] >= worst) continue;
        const l = left[node];
        if (l < 0) {
          if (pass === 1 && node === own) continue;
          for (let p = start[node]; p < end[node]; p++) {
            if (p === self) continue;
            let dist = 0;
            for (let j = 0; j < d; j++) {
              const z = Math.abs(t[p * d + j] - q[j]);
              if (z > dist) dist = z;
            }
            if (dist >= worst) continue;
            // Insertion into the sorted k best.
            let s = count < k ? count++ : k - 1;
            while (s > 0 && best[s - 1] > dist) {
              best[s] = best[s - 1];
              s--;
            }
            best[s] = dist;
            if (count === k) worst = best[k - 1];
          }
          continue;
        }
        const ga = lowerBound(box, l, d, q);
        const gb = lowerBound(box, l + 1, d, q);
        // The farther child goes on the stack first, so the nearer is searched first.
        if (ga <= gb) {
          if (gb < worst) {
            stackNode[top] = l + 1;
            stackBound[top++] = gb;
          }
          if (ga < worst) {
            stackNode[top] = l;
            stackBound[top++] = ga;
          }
        } else {
          if (ga < worst) {
            stackNode[top] = l;
            stackBound[top++] = ga;
          }
          if (gb < worst) {
            stackNode[top] = l + 1;
            stackBound[top++] = gb;
          }
        }
      }
    }
    out[perm[self]] = worst;
  }
}

/** The max-norm distance from q to a node's box (0 inside): a lower bound of the distance to its points. */
function lowerBound(box: Float64Array, node: number, d: number, q: Float64Array): number {
  const b = 2 * node * d;
  let g = 0;
  for (let j = 0; j < d; j++) {
    const v = q[j];
    const lo = box[b + j];
    const hi = box[b + d + j];
    const z = v < lo ? lo - v : v > hi ? v - hi : 0;
    if (z > g) g = z;
  }
  return g;
}
