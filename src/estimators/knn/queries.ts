/**
 * What a k-NN query is: the norm, the {@link KdTree} interface, its result ({@link Neighbours}), and the checks
 * of a query's arguments that every implementation shares.
 * @module
 */
import { SurprisalError } from '../../core/errors.js';
import { describe, readChoiceOption } from '../../core/options.js';

/** The norm distances are measured in: `'max'` (Chebyshev, L∞) or `'euclidean'` (L2). */
export type Norm = 'max' | 'euclidean';

/** Reads a `norm` option: 'max' or 'euclidean' (default `def`). @internal */
export function readNorm(value: unknown, def: Norm, fn: string): Norm {
  return readChoiceOption(value, def, ['euclidean', 'max'], 'norm', fn);
}

/** The k nearest neighbours of a point, sorted by (distance, index): both arrays have length k. */
export interface Neighbours {
  distances: Float64Array;
  indices: Int32Array;
}

/** A static index over n points for k-nearest-neighbour and fixed-radius queries; built by `kdTree`. */
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

/** `out` when it is large enough for k neighbours, else new arrays. @internal */
export function neighboursOf(k: number, out: Neighbours | undefined): Neighbours {
  if (out && out.distances.length >= k && out.indices.length >= k) return out;
  return { distances: new Float64Array(k), indices: new Int32Array(k) };
}

/** A stored point's index: an integer in [0, n). @internal */
export function checkIndex(i: number, n: number): void {
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

/** The query point as float64, checked: length d, no NaN. @internal */
export function readQuery(point: ArrayLike<number>, d: number): Float64Array {
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

/** The radius of a count: a number, not NaN (negative radii count nothing; Infinity counts everything). @internal */
export function checkRadius(radius: unknown): void {
  if (typeof radius !== 'number' || Number.isNaN(radius)) {
    throw new SurprisalError('NAN', `kdTree: radius must be a number; got ${describe(radius)}`, {
      argument: 'radius',
      value: radius,
    });
  }
}

/** `out` of a query: undefined, or { distances: Float64Array, indices: Int32Array }. @internal */
export function checkOut(out: unknown): void {
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

/** The neighbour count of a query: an integer in [1, available]. @internal */
export function checkQueryK(k: number, available: number): void {
  if (!Number.isInteger(k) || k < 1 || k > available) {
    throw new SurprisalError(
      'OUT_OF_RANGE',
      `kdTree: k must be an integer in [1, ${available}] (the points available); got ${describe(k)}`,
      { argument: 'k', value: k },
    );
  }
}
