/**
 * kdTree against brute force: the k nearest neighbours (ordered by distance, then index) and the radius counts
 * must equal those of a scan over all points, exactly, for both norms, in 1 to 4 dimensions, with and without
 * ties (small integer coordinates make many). Pruning uses box bounds computed with the distances' own
 * floating-point operations, so exact equality is the right test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../../src/core/errors.js';
import { kdTree, type Norm } from '../../../src/estimators/knn/kdTree.js';
import { identicalRows, readPoints } from '../../../src/estimators/knn/points.js';

function dist(a: number[], b: number[], norm: Norm): number {
  if (a.length === 1) return Math.abs(a[0] - b[0]);
  if (norm === 'max') {
    let m = 0;
    for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
    return m;
  }
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

function bruteNearest(rows: number[][], q: number[], self: number, k: number, norm: Norm) {
  const all = rows
    .map((r, j) => ({ d: dist(r, q, norm), j }))
    .filter((c) => c.j !== self)
    .sort((a, b) => a.d - b.d || a.j - b.j)
    .slice(0, k);
  return { distances: all.map((c) => c.d), indices: all.map((c) => c.j) };
}

function bruteCount(rows: number[][], q: number[], self: number, r: number, inclusive: boolean, norm: Norm) {
  let c = 0;
  rows.forEach((row, j) => {
    if (j === self) return;
    const d = dist(row, q, norm);
    if (inclusive ? d <= r : d < r) c++;
  });
  return c;
}

/** Point sets: n in [2, 60], d in [1, 4]; coordinates either small integers (ties) or doubles. */
const pointSets = fc
  .record({
    n: fc.integer({ min: 2, max: 60 }),
    d: fc.integer({ min: 1, max: 4 }),
    ties: fc.boolean(),
    norm: fc.constantFrom<Norm>('max', 'euclidean'),
    leafSize: fc.integer({ min: 1, max: 8 }),
  })
  .chain(({ n, d, ties, norm, leafSize }) =>
    fc.record({
      rows: fc.array(
        fc.array(ties ? fc.integer({ min: -3, max: 3 }) : fc.double({ min: -10, max: 10, noNaN: true }), {
          minLength: d,
          maxLength: d,
        }),
        { minLength: n, maxLength: n },
      ),
      norm: fc.constant(norm),
      leafSize: fc.constant(leafSize),
      k: fc.integer({ min: 1, max: n - 1 }),
      radius: ties ? fc.integer({ min: 0, max: 4 }) : fc.double({ min: 0, max: 8, noNaN: true }),
      query: fc.array(
        ties ? fc.integer({ min: -4, max: 4 }) : fc.double({ min: -12, max: 12, noNaN: true }),
        {
          minLength: d,
          maxLength: d,
        },
      ),
    }),
  );

describe('kdTree(points) agrees with brute force', () => {
  it('nearest(i, k): the k nearest other points, by (distance, index)', () => {
    fc.assert(
      fc.property(pointSets, ({ rows, norm, leafSize, k }) => {
        const tree = kdTree(rows, { norm, leafSize });
        for (let i = 0; i < rows.length; i++) {
          const got = tree.nearest(i, k);
          const want = bruteNearest(rows, rows[i], i, k, norm);
          expect(Array.from(got.distances)).toEqual(want.distances);
          expect(Array.from(got.indices)).toEqual(want.indices);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('nearestTo(point, k) for points not in the set', () => {
    fc.assert(
      fc.property(pointSets, ({ rows, norm, leafSize, k, query }) => {
        const got = kdTree(rows, { norm, leafSize }).nearestTo(query, k);
        const want = bruteNearest(rows, query, -1, k, norm);
        expect(Array.from(got.distances)).toEqual(want.distances);
        expect(Array.from(got.indices)).toEqual(want.indices);
      }),
      { numRuns: 150 },
    );
  });

  it('countWithin(i, r) and countWithin(i, r, true): strict and inclusive counts, self excluded', () => {
    fc.assert(
      fc.property(pointSets, ({ rows, norm, leafSize, radius }) => {
        const tree = kdTree(rows, { norm, leafSize });
        for (let i = 0; i < rows.length; i++) {
          expect(tree.countWithin(i, radius)).toBe(bruteCount(rows, rows[i], i, radius, false, norm));
          expect(tree.countWithin(i, radius, true)).toBe(bruteCount(rows, rows[i], i, radius, true, norm));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('countWithinOf(point, r) counts every stored point', () => {
    fc.assert(
      fc.property(pointSets, ({ rows, norm, leafSize, radius, query }) => {
        const tree = kdTree(rows, { norm, leafSize });
        expect(tree.countWithinOf(query, radius)).toBe(bruteCount(rows, query, -1, radius, false, norm));
        expect(tree.countWithinOf(query, radius, true)).toBe(bruteCount(rows, query, -1, radius, true, norm));
      }),
      { numRuns: 150 },
    );
  });
});

describe('kdTree(points) on special inputs', () => {
  it('kdTree(constant points): every distance 0, the smallest indices first', () => {
    const rows = Array.from({ length: 500 }, () => [1, 2]);
    const tree = kdTree(rows);
    const nb = tree.nearest(7, 3);
    expect(Array.from(nb.distances)).toEqual([0, 0, 0]);
    expect(Array.from(nb.indices)).toEqual([0, 1, 2]);
    expect(tree.countWithin(7, 0)).toBe(0);
    expect(tree.countWithin(7, 0, true)).toBe(499);
  });

  it('kdTree accepts a 1-D array, rows, { data, shape } and { data, dims } alike', () => {
    const xs = [0, 1, 3, 6, 10];
    const a = kdTree(xs).nearest(2, 2);
    const b = kdTree(xs.map((v) => [v])).nearest(2, 2);
    const c = kdTree({ data: Float64Array.from(xs), shape: [5, 1] }).nearest(2, 2);
    const d = kdTree({ data: xs, dims: [5] }).nearest(2, 2);
    for (const r of [b, c, d]) expect(r).toEqual(a);
    expect(Array.from(a.indices)).toEqual([1, 0]);
  });

  it('nearest(i, k, out) writes into the arrays given', () => {
    const out = { distances: new Float64Array(2), indices: new Int32Array(2) };
    const got = kdTree([
      [0, 0],
      [1, 1],
      [3, 3],
    ]).nearest(0, 2, out);
    expect(got).toBe(out);
    expect(Array.from(out.distances)).toEqual([1, 3]);
  });

  it('kdTree on 20000 random 2-D points matches brute force on a sample of queries', () => {
    let s = 12345;
    const rnd = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const rows = Array.from({ length: 20000 }, () => [rnd(), rnd()]);
    const tree = kdTree(rows);
    for (let i = 0; i < 20000; i += 997) {
      const got = tree.nearest(i, 5);
      expect(Array.from(got.indices)).toEqual(bruteNearest(rows, rows[i], i, 5, 'max').indices);
      const r = got.distances[4];
      expect(tree.countWithin(i, r)).toBe(4);
      expect(tree.countWithin(i, r, true)).toBe(bruteCount(rows, rows[i], i, r, true, 'max'));
    }
  });

  it('identicalRows groups equal rows (−0 equals 0) in order of their smallest index', () => {
    const g = identicalRows(
      readPoints(
        [
          [1, 0],
          [2, 2],
          [1, -0],
          [2, 2],
          [0, 5],
        ],
        't',
        'x',
      ),
    );
    expect(g.count).toBe(3);
    expect(Array.from(g.of)).toEqual([1, 2, 1, 2, 0]);
    expect(Array.from(g.first)).toEqual([4, 0, 1]);
    expect(Array.from(g.size)).toEqual([1, 2, 2]);
  });
});

describe('kdTree(points) rejects bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      return (e as SurprisalError).code;
    }
    return 'no error';
  };
  it('throws EMPTY, NAN (with the row), NOT_FINITE, SHAPE_MISMATCH, INVALID_OPTION and OUT_OF_RANGE', () => {
    expect(code(() => kdTree([]))).toBe('EMPTY');
    expect(
      code(() =>
        kdTree([
          [1, 2],
          [3, Number.NaN],
        ]),
      ),
    ).toBe('NAN');
    try {
      kdTree([0, 1, Number.NaN]);
    } catch (e) {
      expect((e as SurprisalError).index).toBe(2);
    }
    expect(code(() => kdTree([0, Number.POSITIVE_INFINITY]))).toBe('NOT_FINITE');
    expect(code(() => kdTree([[1, 2], [3]]))).toBe('SHAPE_MISMATCH');
    expect(code(() => kdTree({ data: [1, 2, 3], shape: [2, 2] }))).toBe('SHAPE_MISMATCH');
    expect(code(() => kdTree([1, 2], { norm: 'l1' as Norm }))).toBe('INVALID_OPTION');
    expect(code(() => kdTree([1, 2], { leafSize: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => kdTree([1, 2, 3]).nearest(0, 3))).toBe('OUT_OF_RANGE');
    expect(code(() => kdTree([[1, 2]]).nearestTo([0, 0], 2))).toBe('OUT_OF_RANGE');
  });
});

describe('kdTree queries check their arguments', () => {
  it('an index outside [0, n) → OUT_OF_RANGE; a query point of the wrong length → SHAPE_MISMATCH; NaN → NAN', () => {
    for (const t of [
      kdTree([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
      kdTree([0, 1, 2]),
    ]) {
      expect(() => t.nearest(3, 1)).toThrow(/index/);
      expect(() => t.countWithin(-1, 1)).toThrow(/index/);
      expect(() => t.nearestTo([0, 0, 0], 1)).toThrow(SurprisalError);
      expect(() => t.countWithinOf([Number.NaN, 0].slice(0, t.dimension), 1)).toThrow(/NaN/);
    }
  });
});
