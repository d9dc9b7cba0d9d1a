/**
 * A k-d tree for nearest-neighbour distances and radius counts, the engine of the kNN estimators.
 * @module
 */
import { SurprisalError } from '../../core/errors.js';
import { describe, readOptions } from '../../core/options.js';
import { Line } from './line.js';
import { type Points, type PointsInput, readPoints } from './points.js';
import { type KdTree, type Norm, readNorm } from './queries.js';
import { Tree } from './tree.js';

export type { PointsInput } from './points.js';
export type { KdTree, Neighbours, Norm } from './queries.js';

/** Options of {@link kdTree}. */
export interface KdTreeOptions {
  /** Default `'max'`. */
  norm?: Norm;
  /** Most points in a leaf (default 12); affects speed only. */
  leafSize?: number;
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
  const norm = readNorm(options.norm, 'max', 'kdTree');
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
