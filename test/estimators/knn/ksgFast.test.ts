/**
 * The fast route of KSG mutual information (issue #20) against brute force: the radix sorts against comparison
 * sorts, the flat max-norm tree's k-th distances and the galloping counts against O(N²) scans, and the whole
 * estimate against an O(N²) KSG written from the paper's definitions with the estimators' documented handling of
 * identical rows, summed in the same order, so every comparison is exact (bit for bit). Small integer
 * coordinates make many ties and duplicated rows; x and y have 1 to 4 dimensions. The `threads` option: the
 * built package (workers run dist/estimators/knn/ksgWorker.js; skipped without it) gives the one-thread value
 * bit for bit for any thread count.
 */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../../src/core/sum.js';
import { buildKthTree, kthDistances } from '../../../src/estimators/knn/kth.js';
import { countAround, sortLine } from '../../../src/estimators/knn/marginal.js';
import { identicalRows, type Points } from '../../../src/estimators/knn/points.js';
import { argsort, sortByCoordinate } from '../../../src/estimators/knn/sort.js';
import * as source from '../../../src/index.js';
import { digamma } from '../../../src/special/digamma.js';
import { thrown } from '../../helpers/errors.js';

const distUrl = new URL('../../../dist/index.js', import.meta.url);
const haveDist = existsSync(distUrl);
if (!haveDist) console.warn('ksg threads: dist/ not found (npm test builds it); threaded cases skipped');
const dist = (haveDist ? await import(distUrl.href) : source) as typeof source;

const maxDist = (a: Float64Array, i: number, j: number, d: number) => {
  let m = 0;
  for (let c = 0; c < d; c++) m = Math.max(m, Math.abs(a[i * d + c] - a[j * d + c]));
  return m;
};

/** Rows of small integers (many ties) or of spread values, n × d. */
const rows = (n: number, d: number) =>
  fc.oneof(
    fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n * d, maxLength: n * d }),
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n * d, maxLength: n * d }),
    fc.array(fc.constantFrom(-0, 0, 1.5, -2.25, 1e-300, 3), { minLength: n * d, maxLength: n * d }),
  );

const pointsOf = (values: number[], n: number, d: number): Points => ({
  data: Float64Array.from(values),
  n,
  d,
});

describe('KSG fast route: pieces against brute force', () => {
  it('sortByCoordinate and argsort order by (value, index), −0 equal to 0, small and radix-sized', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        (n, d, seed, ints) => {
          const rng = source.createRng(seed);
          const data = Float64Array.from({ length: n * d }, () =>
            ints ? Math.floor(rng.uniform() * 7) - 3 || (rng.uniform() < 0.5 ? -0 : 0) : rng.normal() * 1e10,
          );
          const j = seed % d;
          const want = Array.from({ length: n }, (_, i) => i).sort(
            (a, b) => data[a * d + j] - data[b * d + j] || a - b,
          );
          const identity = Int32Array.from({ length: n }, (_, i) => i);
          const got = sortByCoordinate(identity, data, d, j);
          expect(Array.from(got.order)).toEqual(want);
          expect(Array.from(got.values)).toEqual(want.map((i) => data[i * d + j] + 0));
          if (d === 1) expect(Array.from(argsort(data).order)).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('identicalRows groups as a lexicographic comparison sort does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 4 }), (n, d) => {
        const rng = source.createRng(n * 7 + d);
        const data = Float64Array.from({ length: n * d }, () => Math.floor(rng.uniform() * 3));
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
          for (let c = 0; c < d; c++) {
            const diff = data[a * d + c] - data[b * d + c];
            if (diff !== 0) return diff;
          }
          return a - b;
        });
        const firsts: number[] = [];
        for (let p = 0; p < n; p++) {
          const same = p > 0 && maxDist(data, order[p], order[p - 1], d) === 0;
          if (!same) firsts.push(order[p]);
        }
        expect(Array.from(identicalRows({ data, n, d }).first)).toEqual(firsts);
      }),
      { numRuns: 40 },
    );
  });

  it('kthDistances equal the k-th smallest max-norm distance of a scan, in 2 to 8 dimensions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (n, dx, dy, k0) =>
          fc.assert(
            fc.property(rows(n, dx), rows(n, dy), (xs, ys) => {
              const k = Math.min(k0, n - 1);
              const x = pointsOf(xs, n, dx);
              const y = pointsOf(ys, n, dy);
              const d = dx + dy;
              const joint = new Float64Array(n * d);
              for (let i = 0; i < n; i++) {
                for (let c = 0; c < dx; c++) joint[i * d + c] = x.data[i * dx + c];
                for (let c = 0; c < dy; c++) joint[i * d + dx + c] = y.data[i * dy + c];
              }
              const out = new Float64Array(n);
              kthDistances(buildKthTree([x, y]), k, 0, n, out);
              for (let i = 0; i < n; i++) {
                const all: number[] = [];
                for (let j = 0; j < n; j++) if (j !== i) all.push(maxDist(joint, i, j, d));
                all.sort((a, b) => a - b);
                expect(out[i]).toBe(all[k - 1]);
              }
            }),
            { numRuns: 3 },
          ),
      ),
      { numRuns: 40 },
    );
  });

  it('kthDistances on larger sets (deep trees, the bottom-up climb): equal to a scan', () => {
    for (const [n, d, ints, seed] of [
      [1500, 2, false, 1],
      [1500, 2, true, 2],
      [900, 3, true, 3],
      [700, 5, false, 4],
    ] as const) {
      const rng = source.createRng(seed);
      const data = Float64Array.from({ length: n * d }, () =>
        ints ? Math.floor(rng.uniform() * 12) : rng.normal() * (rng.uniform() < 0.1 ? 100 : 1),
      );
      for (const k of [1, 3, 10]) {
        const out = new Float64Array(n);
        kthDistances(buildKthTree([{ data, n, d }]), k, 0, n, out);
        const all = new Float64Array(n - 1);
        for (let i = 0; i < n; i++) {
          let m = 0;
          for (let j = 0; j < n; j++) if (j !== i) all[m++] = maxDist(data, i, j, d);
          all.sort();
          expect(out[i]).toBe(all[k - 1]);
        }
      }
    }
  });

  it('countAround counts the other points strictly (or inclusively) within r, as a scan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(0.01, 1, 1e3),
        (n, seed, scale) => {
          const rng = source.createRng(seed);
          const ints = seed % 2 === 0;
          const data = Float64Array.from({ length: n }, () =>
            ints ? Math.floor(rng.uniform() * 9) - 4 : rng.normal(),
          );
          const line = sortLine({ data, n, d: 1 });
          for (let s = 0; s < n; s++) {
            const i = line.perm[s];
            const u = rng.uniform();
            // 0, the exact distance to another point (ties at the edge), or a random radius.
            const r = u < 0.1 ? 0 : u < 0.4 ? Math.abs(data[(i + 7) % n] - data[i]) : rng.uniform() * scale;
            for (const inclusive of [false, true]) {
              let want = 0;
              for (let j = 0; j < n; j++) {
                const z = Math.abs(data[j] - data[i]);
                if (j !== i && (inclusive ? z <= r : z < r)) want++;
              }
              expect(countAround(line.v, s, r, inclusive)).toBe(want);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * KSG algorithm 1 by brute force (Kraskov et al. 2004, eq. 8) with the estimators' documented handling of
 * identical rows (a group of c ≥ k + 1 identical points uses kᵢ = c and its first positive distance; a set of
 * identical points uses kᵢ = n − 1 and radius 0, counted inclusively), summed by group in the lexicographic
 * order of the rows with the same compensated sum.
 */
function bruteKsg(x: Points, y: Points, k: number): number {
  const n = x.n;
  const d = x.d + y.d;
  const joint = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < x.d; c++) joint[i * d + c] = x.data[i * x.d + c];
    for (let c = 0; c < y.d; c++) joint[i * d + x.d + c] = y.data[i * y.d + c];
  }
  const groups = identicalRows({ data: joint, n, d });
  const acc = new Accumulator();
  for (let g = 0; g < groups.count; g++) {
    const i = groups.first[g];
    const c = groups.size[g];
    const dists: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) dists.push(maxDist(joint, i, j, d));
    dists.sort((a, b) => a - b);
    const ki = c - 1 < k ? k : c < n ? c : n - 1;
    const zero = c === n;
    const r = zero ? 0 : dists[ki - 1];
    const count = (p: Points) => {
      let m = 0;
      for (let j = 0; j < n; j++) {
        const z = maxDist(p.data, i, j, p.d);
        if (j !== i && (zero ? z <= r : z < r)) m++;
      }
      return m;
    };
    acc.add(c * (digamma(ki) - digamma(count(x) + 1) - digamma(count(y) + 1)));
  }
  return digamma(n) + acc.value() / n;
}

describe('estimateMutualInformation ksg: the fast route equals brute force', () => {
  it('bit for bit, with ties and duplicated rows, x and y in 1 to 4 dimensions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 50 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (n, dx, dy, k0) =>
          fc.assert(
            fc.property(rows(n, dx), rows(n, dy), (xs, ys) => {
              const k = Math.min(k0, n - 1);
              const x = pointsOf(xs, n, dx);
              const y = pointsOf(ys, n, dy);
              const input = (p: Points) => (p.d === 1 ? p.data : { data: p.data, shape: [n, p.d] });
              // ties: 'atoms' keeps the ties as they are (the default would spread them).
              const got = source.estimateMutualInformation(input(x), input(y), {
                method: 'ksg',
                k,
                resamples: 0,
                ties: 'atoms',
              });
              // Under 'atoms' a group larger than k uses its own count: brute force covers the rest.
              const groups = identicalRows({
                data: Float64Array.from({ length: n * (dx + dy) }, (_, e) => {
                  const i = Math.floor(e / (dx + dy));
                  const c = e % (dx + dy);
                  return c < dx ? x.data[i * dx + c] : y.data[i * dy + c - dx];
                }),
                n,
                d: dx + dy,
              });
              if (Array.from(groups.size).some((c) => c > k)) return;
              expect(got.value).toBe(bruteKsg(x, y, k));
            }),
            { numRuns: 3 },
          ),
      ),
      { numRuns: 40 },
    );
  });

  it('distinct rows with tied x (the lexicographic order comes from y): equal to brute force', () => {
    const n = 300;
    const rng = source.createRng(5);
    const x = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 10));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const got = source.estimateMutualInformation(x, y, { method: 'ksg', k: 3, resamples: 0, ties: 'atoms' });
    expect(got.value).toBe(bruteKsg({ data: x, n, d: 1 }, { data: y, n, d: 1 }, 3));
  });
});

describe('estimateMutualInformation ksg: threads', () => {
  it('threads outside [1, 256] or not an integer: INVALID_OPTION naming threads', () => {
    for (const threads of [0, 1.5, 257, Number.NaN, '2', null]) {
      const e = thrown(() =>
        source.estimateMutualInformation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], {
          method: 'ksg',
          k: 1,
          threads: threads as number,
        }),
      );
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('threads');
    }
  });

  it('from the sources (no workers): any thread count gives the one-thread value', () => {
    const rng = source.createRng(3);
    const x = Float64Array.from({ length: 2000 }, () => rng.normal());
    const y = Float64Array.from(x, (v) => v + rng.normal());
    const one = source.estimateMutualInformation(x, y, { method: 'ksg', resamples: 0 }).value;
    expect(source.estimateMutualInformation(x, y, { method: 'ksg', resamples: 0, threads: 4 }).value).toBe(
      one,
    );
  });

  it.skipIf(!haveDist)('the built package: threads 1 to 8 give the one-thread value bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 3000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, threads, k0, seed) => {
          const rng = source.createRng(seed);
          const x = Float64Array.from({ length: n }, () => rng.normal());
          const y = Float64Array.from(x, (v) => (seed % 3 === 0 ? Math.round(v * 4) : v + rng.normal()));
          const k = Math.min(k0, n - 1);
          const opts = { method: 'ksg' as const, k, resamples: 0 };
          const one = dist.estimateMutualInformation(x, y, opts);
          const many = dist.estimateMutualInformation(x, y, { ...opts, threads });
          expect(many.value).toBe(one.value);
          expect(one.value).toBe(source.estimateMutualInformation(x, y, opts).value);
        },
      ),
      { numRuns: 25 },
    );
  });
});
