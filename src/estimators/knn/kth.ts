/**
 * The k-th nearest-neighbour distance in the max norm of every point of a set, the one number per point that
 * KSG needs from the joint space: a flat k-d tree (typed arrays, no per-node objects, no recursion, no
 * closures) searched from each point's own leaf, in tree order.
 * @module
 */
import type { Points } from './points.js';

/** Points in a leaf. */
const LEAF = 16;

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
  /** Per node: its parent (−1 for the root). Children come in pairs (2c + 1, 2c + 2 for some c). */
  parent: Int32Array;
  /** Number of nodes. */
  nodes: number;
}

/** Room for the nodes of a tree over n points. */
function maxNodes(n: number): number {
  return 2 * Math.ceil(n / Math.max(1, LEAF >> 1)) + 1;
}

/** Makes the typed arrays of a computation: on fresh buffers, or carved from one shared arena. @internal */
export interface Alloc {
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
}

/** Fresh (non-shared) arrays. @internal */
export const freshArrays: Alloc = {
  f64: (length) => new Float64Array(length),
  i32: (length) => new Int32Array(length),
};

/** Bytes of a tree's arrays over n points in d dimensions, each rounded up to 8. @internal */
export function kthTreeBytes(n: number, d: number): number {
  const m = maxNodes(n);
  const up = (b: number) => Math.ceil(b / 8) * 8;
  return up(8 * n * d) + 2 * up(4 * n) + 4 * up(4 * m) + up(16 * m * d);
}

/** The arrays of a tree over n points in d dimensions. @internal */
export function kthTreeArrays(n: number, d: number, alloc: Alloc = freshArrays): KthTree {
  const m = maxNodes(n);
  return {
    n,
    d,
    t: alloc.f64(n * d),
    perm: alloc.i32(n),
    start: alloc.i32(m),
    end: alloc.i32(m),
    left: alloc.i32(m),
    box: alloc.f64(2 * m * d),
    leafOf: alloc.i32(n),
    parent: alloc.i32(m),
    nodes: 0,
  };
}

/** The dimension of points given as columns side by side. */
function widthOf(parts: readonly Points[]): number {
  let d = 0;
  for (const p of parts) d += p.d;
  return d;
}

/**
 * Builds the tree of the points whose coordinates are `parts` side by side (the joint space of x and y, say)
 * into `tree` (from {@link kthTreeArrays}); returns it. @internal
 */
export function buildKthTree(
  parts: readonly Points[],
  tree: KthTree = kthTreeArrays(parts[0].n, widthOf(parts)),
): KthTree {
  const { n, d } = tree;
  const { t, perm, start, end, left, box, leafOf, parent } = tree;
  parent[0] = -1;
  let c = 0;
  for (const part of parts) {
    const pd = part.d;
    const src = part.data;
    for (let i = 0; i < n; i++) for (let j = 0; j < pd; j++) t[i * d + c + j] = src[i * pd + j];
    c += pd;
  }
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
    for (let j = 0; j < d; j++) boundsOf(t, d, j, s, e, box, b);
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
    parent[next] = node;
    parent[next + 1] = node;
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

/** The smallest and largest coordinate j of rows s..e, into box[b + j] and box[b + d + j]. */
function boundsOf(
  t: Float64Array,
  d: number,
  j: number,
  s: number,
  e: number,
  box: Float64Array,
  b: number,
): void {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = s * d + j; p < e * d; p += d) {
    const v = t[p];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  box[b + j] = lo;
  box[b + d + j] = hi;
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
  if (tree.d === 2) kthDistances2(tree, k, from, to, out);
  else kthDistancesD(tree, k, from, to, out);
}

/** {@link kthDistances} in any dimension. */
function kthDistancesD(tree: KthTree, k: number, from: number, to: number, out: Float64Array): void {
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
        top = pushChildren(stackNode, stackBound, top, l, ga, gb, worst);
      }
    }
    out[perm[self]] = worst;
  }
}

/** The max-norm distance from q to a node's box (0 inside): a lower bound of the distance to its points. */
/**
 * Pushes the children l and l + 1 (their lower bounds ga, gb) that may hold a point nearer than `worst`, the
 * farther first so that the nearer is searched first; returns the new stack top.
 */
function pushChildren(
  stackNode: Int32Array,
  stackBound: Float64Array,
  top: number,
  l: number,
  ga: number,
  gb: number,
  worst: number,
): number {
  const nearFirst = ga <= gb;
  const far = nearFirst ? l + 1 : l;
  const farBound = nearFirst ? gb : ga;
  const near = nearFirst ? l : l + 1;
  const nearBound = nearFirst ? ga : gb;
  if (farBound < worst) {
    stackNode[top] = far;
    stackBound[top++] = farBound;
  }
  if (nearBound < worst) {
    stackNode[top] = near;
    stackBound[top++] = nearBound;
  }
  return top;
}

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

/**
 * {@link kthDistances} in two dimensions, searched bottom-up: the query's own leaf first, then, climbing
 * towards the root, the sibling subtree of each node on the way (top-down, nearer child first, skipping boxes
 * no nearer than the k-th distance so far), stopping as soon as the ball of that radius lies inside the node's
 * box: every point outside the node is then beyond a split no nearer than the k-th distance.
 */
function kthDistances2(tree: KthTree, k: number, from: number, to: number, out: Float64Array): void {
  const { t, perm, start, end, left, box, leafOf, parent } = tree;
  const best = new Float64Array(k + 1);
  const stackNode = new Int32Array(128);
  const stackBound = new Float64Array(128);
  for (let self = from; self < to; self++) {
    const qx = t[2 * self];
    const qy = t[2 * self + 1];
    let count = 0;
    let worst = Number.POSITIVE_INFINITY;
    let node = leafOf[self];
    let top = 0;
    stackNode[top] = node;
    stackBound[top++] = 0;
    for (;;) {
      while (top > 0) {
        const at = stackNode[--top];
        if (stackBound[top] >= worst) continue;
        const l = left[at];
        if (l < 0) {
          const e = end[at];
          for (let p = start[at]; p < e; p++) {
            if (p === self) continue;
            const zx = Math.abs(t[2 * p] - qx);
            const zy = Math.abs(t[2 * p + 1] - qy);
            const dist = Math.max(zx, zy);
            if (dist >= worst) continue;
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
        // Boxes: [xlo, ylo, xhi, yhi] per node.
        const a = 4 * l;
        const ax = qx < box[a] ? box[a] - qx : qx > box[a + 2] ? qx - box[a + 2] : 0;
        const ay = qy < box[a + 1] ? box[a + 1] - qy : qy > box[a + 3] ? qy - box[a + 3] : 0;
        const ga = Math.max(ax, ay);
        const b = a + 4;
        const bx = qx < box[b] ? box[b] - qx : qx > box[b + 2] ? qx - box[b + 2] : 0;
        const by = qy < box[b + 1] ? box[b + 1] - qy : qy > box[b + 3] ? qy - box[b + 3] : 0;
        const gb = Math.max(bx, by);
        top = pushChildren(stackNode, stackBound, top, l, ga, gb, worst);
      }
      // Climb: done at the root, or when no point outside this node can be nearer than the k-th so far
      // (q lies in the box, so fl(q − lo) and fl(hi − q) bound the distance to any point beyond a side).
      if (node === 0) break;
      const c = 4 * node;
      if (
        qx - box[c] >= worst &&
        box[c + 2] - qx >= worst &&
        qy - box[c + 1] >= worst &&
        box[c + 3] - qy >= worst
      )
        break;
      const sib = node & 1 ? node + 1 : node - 1;
      const g = 4 * sib;
      const sx = qx < box[g] ? box[g] - qx : qx > box[g + 2] ? qx - box[g + 2] : 0;
      const sy = qy < box[g + 1] ? box[g + 1] - qy : qy > box[g + 3] ? qy - box[g + 3] : 0;
      const gs = Math.max(sx, sy);
      if (gs < worst) {
        stackNode[top] = sib;
        stackBound[top++] = gs;
      }
      node = parent[node];
    }
    out[perm[self]] = worst;
  }
}
