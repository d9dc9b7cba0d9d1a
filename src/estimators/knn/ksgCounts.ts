/**
 * The per-point work of KSG algorithm 1 for one-dimensional x and y: each point's k-th neighbour distance in the
 * joint space (max norm) and the counts of the points strictly within it in each marginal. The points are
 * independent, so any range of them can run on any thread: the calling thread and the workers of
 * ksgThreads.ts run this same function on their share of one set of arrays, and the counts are integers, so the
 * result cannot depend on the split.
 * @module
 */
import {
  type Alloc,
  buildKthTree,
  freshArrays,
  type KthTree,
  kthDistances,
  kthTreeArrays,
  kthTreeBytes,
} from './kth.js';
import { countAround, type SortedLine } from './marginal.js';
import type { Points } from './points.js';

/** The arrays of one KSG computation (plain, or all on one SharedArrayBuffer for the workers). @internal */
export interface KsgWork {
  k: number;
  /** The joint points' tree. */
  tree: KthTree;
  /** x sorted, and each point's position in it; the same for y. */
  vx: Float64Array;
  posx: Int32Array;
  vy: Float64Array;
  posy: Int32Array;
  /** Each point's k-th neighbour distance, and its counts nₓ and n_y. */
  radius: Float64Array;
  nx: Int32Array;
  ny: Int32Array;
}

/** Bytes of a {@link KsgWork} over n points, for an arena. @internal */
export function ksgWorkBytes(n: number): number {
  return kthTreeBytes(n, 2) + 3 * 8 * n + 4 * Math.ceil((4 * n) / 8) * 8;
}

/**
 * Sets up the work for x and y (one dimension each, sorted as `lx` and `ly`): builds the joint tree and the
 * positions. With `alloc` carving a shared arena, the sorted values are copied into it; else they are used as
 * they are. @internal
 */
export function ksgWork(
  x: Points,
  y: Points,
  lx: SortedLine,
  ly: SortedLine,
  k: number,
  alloc: Alloc = freshArrays,
): KsgWork {
  const n = x.n;
  const tree = buildKthTree([x, y], kthTreeArrays(n, 2, alloc));
  const copy = (v: Float64Array) => {
    if (alloc === freshArrays) return v;
    const out = alloc.f64(n);
    out.set(v);
    return out;
  };
  const positions = (perm: Int32Array) => {
    const pos = alloc.i32(n);
    for (let p = 0; p < n; p++) pos[perm[p]] = p;
    return pos;
  };
  return {
    k,
    tree,
    vx: copy(lx.v),
    posx: positions(lx.perm),
    vy: copy(ly.v),
    posy: positions(ly.perm),
    radius: alloc.f64(n),
    nx: alloc.i32(n),
    ny: alloc.i32(n),
  };
}

/** Fills radius, nx and ny for the points at tree positions [from, to). @internal */
export function ksgCounts(w: KsgWork, from: number, to: number): void {
  kthDistances(w.tree, w.k, from, to, w.radius);
  const { perm } = w.tree;
  const { radius, vx, vy, posx, posy, nx, ny } = w;
  for (let p = from; p < to; p++) {
    const i = perm[p];
    const r = radius[i];
    nx[i] = countAround(vx, posx[i], r, false);
    ny[i] = countAround(vy, posy[i], r, false);
  }
}
