/**
 * Hostile input to the estimators (issue #13): bad data, options and sizes give a SurprisalError with a code, the
 * argument and the value (never a TypeError or RangeError); bootstrap work is bounded (multinomial resampling,
 * O(K) per replicate); answers that are known (one category, overflowing counts, huge alphabets) are given; and
 * the estimates are invariant under permutations of the samples and of the count categories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateDifferentialEntropy } from '../../src/estimators/estimateDifferentialEntropy.js';
import { type EntropyMethod, estimateEntropy } from '../../src/estimators/estimateEntropy.js';
import { estimateKlDivergence } from '../../src/estimators/estimateKlDivergence.js';
import {
  estimateConditionalMutualInformation,
  estimateMutualInformation,
} from '../../src/estimators/estimateMutualInformation.js';
import { kdTree } from '../../src/estimators/knn/kdTree.js';
import { createRng } from '../../src/random/random.js';
import { thrown } from '../helpers/errors.js';

const METHODS: EntropyMethod[] = [
  'plugin',
  'miller-madow',
  'jeffreys',
  'laplace',
  'schurmann-grassberger',
  'minimax',
  'chao-shen',
  'shrink',
  'grassberger',
  'nsb',
  'jackknife',
];

const xs = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.1, -2.2];
const ys = [0.1, -0.8, 2.0, 1.4, -0.9, 1.1, 2.2, -1.5];
const zs = [1.0, 0.2, -0.5, 0.8, 1.9, -1.1, 0.4, 0.6];

describe('estimateEntropy: hostile data', () => {
  it('null, undefined, numbers, strings, arrays, {} and both keys are SHAPE_MISMATCH naming data', () => {
    for (const d of [
      null,
      undefined,
      3,
      'abc',
      [1, 2],
      {},
      { counts: [1], samples: [1] },
      Float64Array.of(1),
    ]) {
      const e = thrown(() => estimateEntropy(d as never));
      expect(e.code).toBe('SHAPE_MISMATCH');
      expect(e.argument).toBe('data');
    }
    expect(thrown(() => estimateEntropy({ counts: [1], extra: 1 } as never)).argument).toBe('extra');
    for (const c of [null, 3, 'ab', {}])
      expect(thrown(() => estimateEntropy({ counts: c as never })).code).toBe('SHAPE_MISMATCH');
    for (const c of [null, 3, {}])
      expect(thrown(() => estimateEntropy({ samples: c as never })).code).toBe('SHAPE_MISMATCH');
  });

  it('count entries that are not numbers are named (not "counts[0] = 1 is not an integer")', () => {
    for (const v of ['1', null, true, 1n, {}]) {
      const e = thrown(() => estimateEntropy({ counts: [v, 2] as never }));
      expect(e.code).toBe('NAN');
      expect(e.index).toBe(0);
    }
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    expect(thrown(() => estimateEntropy({ counts: [1, , 2] as never })).message).toContain('hole');
    expect(thrown(() => estimateEntropy({ counts: [1, Number.POSITIVE_INFINITY] })).code).toBe('NOT_FINITE');
  });

  it('samples that are objects, symbols, functions, holes or null are named', () => {
    for (const v of [{}, [1], Symbol('s'), () => 1])
      expect(thrown(() => estimateEntropy({ samples: [1, v, 2] as never })).index).toBe(1);
    expect(thrown(() => estimateEntropy({ samples: [1, null] as never })).code).toBe('NAN');
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    expect(thrown(() => estimateEntropy({ samples: [1, , 2] as never })).message).toContain('hole');
  });
});

describe('estimateEntropy: hostile options', () => {
  const data = { counts: [3, 2, 1] };
  it('unknown keys and non-object options are INVALID_OPTION naming the key', () => {
    const e = thrown(() => estimateEntropy(data, { axis: 1 } as never));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.argument).toBe('axis');
    expect(e.message).toContain('alphabetSize');
    for (const o of [null, 3, 'nsb', [1]])
      expect(thrown(() => estimateEntropy(data, o as never)).code).toBe('INVALID_OPTION');
  });

  it('confidence 0, 1, NaN, 2, true, false are errors (0 and NaN used to drop the interval silently)', () => {
    for (const ci of [0, 1, Number.NaN, 2, true, false, '0.9', null]) {
      for (const method of ['plugin', 'laplace', 'nsb'] as const) {
        const e = thrown(() => estimateEntropy(data, { method, confidence: ci as number }));
        expect(e.code).toBe('INVALID_OPTION');
        expect(e.argument).toBe('confidence');
      }
    }
  });

  it('resamples: 1e12 is TOO_LARGE, 1, 1.5, -1, NaN, "5" are INVALID_OPTION, checked for every method', () => {
    expect(thrown(() => estimateEntropy(data, { method: 'laplace', resamples: 1e12 })).code).toBe(
      'TOO_LARGE',
    );
    expect(thrown(() => estimateEntropy(data, { method: 'plugin', resamples: 1e12 })).code).toBe('TOO_LARGE');
    for (const b of [1, 1.5, -1, Number.NaN, '5', null])
      expect(
        thrown(() => estimateEntropy(data, { method: 'laplace', resamples: b as number })).argument,
      ).toBe('resamples');
  });

  it('resamples: n > 0 bootstraps every method; 0 gives its own standard error, or NaN and no confidence', () => {
    const counts = [9, 4, 2, 1, 0];
    const own = {
      plugin: 'delta',
      'miller-madow': 'delta',
      nsb: 'posterior',
      jackknife: 'jackknife',
    } as const;
    for (const [method, how] of Object.entries(own) as [keyof typeof own, string][]) {
      const byDefault = estimateEntropy({ counts }, { method });
      expect(byDefault.stdErrorMethod).toBe(how);
      expect(estimateEntropy({ counts }, { method, resamples: 0 })).toEqual(byDefault);
      const boot = estimateEntropy({ counts }, { method, resamples: 20, seed: 1, confidence: 0.9 });
      expect(boot.stdErrorMethod).toBe('bootstrap');
      expect(boot.value).toBe(byDefault.value);
      expect(boot.stdError).toBeGreaterThan(0);
      expect(boot.ci?.[0]).toBeLessThan(boot.ci?.[1] as number);
    }
    const none = estimateEntropy({ counts }, { method: 'laplace', resamples: 0 });
    expect(none.stdErrorMethod).toBe('none');
    expect(none.stdError).toBeNaN();
    expect(none.value).toBe(estimateEntropy({ counts }, { method: 'laplace' }).value);
    const e = thrown(() => estimateEntropy({ counts }, { method: 'laplace', resamples: 0, confidence: 0.9 }));
    expect([e.code, e.argument]).toEqual(['INVALID_OPTION', 'confidence']);
  });

  it('method, base, seed and alphabetSize are checked', () => {
    expect(thrown(() => estimateEntropy(data, { method: 'mle' as never })).argument).toBe('method');
    expect(thrown(() => estimateEntropy(data, { base: null as never })).argument).toBe('base');
    expect(thrown(() => estimateEntropy(data, { seed: -1 })).code).toBe('INVALID_OPTION');
    for (const k of [2, 3.5, '4', null, 2 ** 53, Number.POSITIVE_INFINITY])
      expect(thrown(() => estimateEntropy(data, { alphabetSize: k as number })).argument).toBe(
        'alphabetSize',
      );
  });
});

describe('estimateEntropy: bounded work and known answers', () => {
  it('a bootstrap of N = 3e6 draws resamples counts (multinomial), not draws (bounded by the test timeout)', () => {
    const r = estimateEntropy({ counts: [1e6, 1e6, 1e6] }, { method: 'jeffreys' });
    expect(r.stdErrorMethod).toBe('bootstrap');
    // The sd of the plug-in of Multinomial(N, uniform) is O(1/N) here (the first-order term vanishes)
    expect(r.stdError).toBeGreaterThan(0);
    expect(r.stdError).toBeLessThan(1e-5);
  });

  it('counts [2^53, 1] end at once (delta stdError past 2^53 − 1); [2^53 − 2, 1] is bootstrapped in O(K)', () => {
    for (const method of METHODS.filter((m) => m !== 'nsb')) {
      const r = estimateEntropy({ counts: [2 ** 53, 1] }, { method });
      expect(r.stdErrorMethod).toBe('delta');
      expect(Number.isFinite(r.value)).toBe(true);
    }
    expect(thrown(() => estimateEntropy({ counts: [2 ** 53, 1] }, { method: 'nsb' })).code).toBe('TOO_LARGE');
    const r = estimateEntropy({ counts: [2 ** 53 - 2, 1] }, { method: 'laplace', confidence: 0.9 });
    expect(r.stdErrorMethod).toBe('bootstrap');
  });

  it('counts [1e308, 1e308] give log 2 (the total overflowed to Infinity and the plug-in to 0)', () => {
    for (const method of METHODS.filter((m) => m !== 'nsb')) {
      const r = estimateEntropy({ counts: [1e308, 1e308] }, { method });
      expect(Math.abs(r.value - Math.LN2)).toBeLessThan(1e-12);
      expect(r.n).toBe(Number.POSITIVE_INFINITY);
    }
    expect(estimateEntropy({ counts: [1e308, 1e308] }, { base: 2 }).value).toBe(1);
  });

  it('NSB with one category is 0 with stdError 0 (was NaN)', () => {
    const r = estimateEntropy({ counts: [7] }, { method: 'nsb' });
    expect(r.value).toBe(0);
    expect(r.stdError).toBe(0);
    expect(estimateEntropy({ samples: ['a', 'a'] }, { method: 'nsb', confidence: 0.9 }).ci).toEqual([0, 0]);
  });

  it('alphabetSize 2^40 allocates nothing and agrees with padding where padding is possible', () => {
    for (const method of METHODS) {
      const r = estimateEntropy({ counts: [5, 3] }, { method, alphabetSize: 2 ** 40, resamples: 20 });
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.alphabetSize).toBe(2 ** 40);
      const a = estimateEntropy({ counts: [5, 3, 1] }, { method, alphabetSize: 7, seed: 4 });
      const b = estimateEntropy({ counts: [5, 3, 1, 0, 0, 0, 0] }, { method, seed: 4 });
      expect(Math.abs(a.value - b.value)).toBeLessThan(1e-13);
    }
    // the pseudocount estimators approach log K as K grows: Jeffreys' a = 1/2 over 2^40 bins swamps 8 counts
    const j = estimateEntropy({ counts: [5, 3] }, { method: 'jeffreys', alphabetSize: 2 ** 40 }).value;
    expect(j).toBeGreaterThan(0.99 * 40 * Math.LN2);
  });

  it('the jackknife stays accurate for large N (it lost 1e-3 at N = 4e12): ≈ plug-in + (K − 1)/(2N)', () => {
    const counts = [1e12, 1e12, 2e12];
    const plugin = estimateEntropy({ counts }).value;
    const jack = estimateEntropy({ counts }, { method: 'jackknife' }).value;
    expect(Math.abs(jack - plugin - 2 / (2 * 4e12))).toBeLessThan(1e-14);
  });

  it('chao-shen with a tiny coverage-adjusted frequency is finite (1 − pa rounded to 1 made it Infinity)', () => {
    const r = estimateEntropy({ counts: [1, 1e17] }, { method: 'chao-shen', resamples: 10 });
    expect(Number.isFinite(r.value)).toBe(true);
  });
});

describe('estimateMutualInformation, estimateConditionalMutualInformation, estimateKlDivergence, estimateDifferentialEntropy: hostile input', () => {
  const calls: [string, (a: unknown, o?: unknown) => unknown][] = [
    ['estimateMutualInformation x', (a, o) => estimateMutualInformation(a as never, ys, o as never)],
    ['estimateMutualInformation y', (a, o) => estimateMutualInformation(xs, a as never, o as never)],
    [
      'estimateConditionalMutualInformation',
      (a, o) => estimateConditionalMutualInformation(a as never, ys, zs, o as never),
    ],
    ['estimateKlDivergence', (a, o) => estimateKlDivergence(a as never, ys, o as never)],
    ['estimateDifferentialEntropy', (a, o) => estimateDifferentialEntropy(a as never, o as never)],
    ['kdTree', (a, o) => kdTree(a as never, o as never)],
  ];
  const hostileData: unknown[] = [
    null,
    undefined,
    3,
    'abc',
    1n,
    { data: null, shape: [8] },
    { data: 'abcdefgh', shape: [8] },
    { data: xs, shape: [4, 3] },
    { data: xs, shape: [2 ** 40, 2] },
    { data: xs },
    [[1, 2], [3]],
    [xs[0], Number.NaN, ...xs.slice(2)],
    [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
    [null, ...xs.slice(1)],
    { length: 8 },
  ];
  for (const [name, f] of calls) {
    it(`${name}: every hostile sample set throws a SurprisalError`, () => {
      expect(f(xs)).toBeDefined();
      for (const d of hostileData) {
        // bigints are categories of the plug-in KL (here: none shared with ys, so +Infinity), not an error
        if (name === 'estimateKlDivergence' && Array.isArray(d) && typeof d[0] === 'bigint') continue;
        thrown(() => f(d));
      }
    });

    it(`${name}: null options, unknown keys`, () => {
      for (const o of [null, 3, 'ksg', [1]]) expect(thrown(() => f(xs, o)).code).toBe('INVALID_OPTION');
      const e = thrown(() => f(xs, { axis: 1 }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.argument).toBe('axis');
    });

    if (name !== 'kdTree') {
      it(`${name}: k 0, 1.5, NaN, "3", k ≥ n, huge k; resamples 1e12; confidence 0, 1, NaN, 2`, () => {
        // estimateDifferentialEntropy uses k with method 'knn' only (but checks a given k whatever the method)
        const m = name === 'estimateDifferentialEntropy' ? { method: 'knn' } : {};
        for (const k of [0, 1.5, Number.NaN, '3', -1]) expect(thrown(() => f(xs, { k })).argument).toBe('k');
        for (const k of [8, 9, 1e12, 2 ** 53])
          expect(thrown(() => f(xs, { k, ...m })).code).toBe('OUT_OF_RANGE');
        expect(thrown(() => f(xs, { resamples: 1e12 })).code).toBe('TOO_LARGE');
        for (const ci of [0, 1, Number.NaN, 2, true])
          expect(thrown(() => f(xs, { confidence: ci })).argument).toBe('confidence');
        for (const seed of [-1, 1.5, 'a', null]) thrown(() => f(xs, { seed, resamples: 0 }));
      });
    }
  }

  it('estimateMutualInformation: hostile jitter, standardize, clampNegative, resampling, method', () => {
    for (const o of [
      { jitter: true },
      { jitter: { scale: -1 } },
      { jitter: { scale: '1' } },
      { jitter: { sd: 1 } },
      { standardize: 'yes' },
      { clampNegative: 1 },
      { resampling: 'jackknife' },
      { method: 'mine' },
    ]) {
      expect(thrown(() => estimateMutualInformation(xs, ys, o as never)).code).toBe('INVALID_OPTION');
    }
  });

  it('kdTree queries: hostile index, k, point, radius and out', () => {
    const t = kdTree([
      [0, 0],
      [1, 0],
      [0, 3],
    ]);
    for (const [f, arg] of [
      [() => t.nearest(0, 1.5), 'k'],
      [() => t.nearest(0, 1e12), 'k'],
      [() => t.nearest(-1, 1), 'i'],
      [() => t.nearest(0.5, 1), 'i'],
      [() => t.nearestTo(null as never, 1), 'point'],
      [() => t.nearestTo(['a', 0] as never, 1), 'point'],
      [() => t.nearestTo([0, 0], 1, {} as never), 'out'],
      [() => t.nearest(0, 1, { distances: [] } as never), 'out'],
      [() => t.countWithin(0, Number.NaN), 'radius'],
      [() => t.countWithin(0, '1' as never), 'radius'],
      [() => t.countWithinOf([0, 0], null as never), 'radius'],
    ] as [() => unknown, string][]) {
      expect(thrown(f).argument).toBe(arg);
    }
    expect(thrown(() => kdTree(xs, { leafSize: 0 })).argument).toBe('leafSize');
    expect(thrown(() => kdTree(xs, { norm: 'l1' as never })).argument).toBe('norm');
  });
});

/** A random permutation of 0..n−1 from a seed. */
function permutation(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

function normals(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.normal());
}

// Equal within 1e-12, or both NaN (a standard error a method cannot give, e.g. from a single draw, is NaN either way).
const close = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('invariance: permuting samples or categories does not change the estimates', () => {
  const seeds = fc.record({ data: fc.nat(1e6), perm: fc.nat(1e6), n: fc.integer({ min: 12, max: 60 }) });

  it('plug-in entropy and MI of discrete samples, KSG, KSG2, Frenzel–Pompe, kNN entropy, spacing entropy, WKV', () => {
    fc.assert(
      fc.property(seeds, ({ data, perm, n }) => {
        const x = normals(n, data);
        const y = x.map((v, i) => v + normals(n, data + 1)[i]);
        const z = normals(n, data + 2);
        const p = permutation(n, perm);
        const px = p.map((i) => x[i]);
        const py = p.map((i) => y[i]);
        const pz = p.map((i) => z[i]);
        const labels = x.map((v) => (v > 0.5 ? 'a' : v > -0.5 ? 'b' : 'c'));
        const pl = p.map((i) => labels[i]);
        const o = { resamples: 0 };
        expect(estimateEntropy({ samples: pl }).value).toBe(estimateEntropy({ samples: labels }).value);
        for (const method of ['ksg', 'ksg2'] as const) {
          const a = estimateMutualInformation(px, py, { method, ...o }).value;
          expect(close(a, estimateMutualInformation(x, y, { method, ...o }).value)).toBe(true);
        }
        expect(
          close(
            estimateMutualInformation(pl, py, { method: 'ross', ...o }).value,
            estimateMutualInformation(labels, y, { method: 'ross', ...o }).value,
          ),
        ).toBe(true);
        expect(
          close(
            estimateMutualInformation(pl, pl.slice().reverse(), { method: 'plugin' }).value,
            estimateMutualInformation(
              p.map((i) => labels[i]),
              p.map((i) => labels[i]).reverse(),
              { method: 'plugin' },
            ).value,
          ),
        ).toBe(true);
        expect(
          close(
            estimateConditionalMutualInformation(px, py, pz, o).value,
            estimateConditionalMutualInformation(x, y, z, o).value,
          ),
        ).toBe(true);
        for (const method of ['knn', 'vasicek', 'ebrahimi'] as const) {
          expect(
            close(
              estimateDifferentialEntropy(px, { method, ...o }).value,
              estimateDifferentialEntropy(x, { method, ...o }).value,
            ),
          ).toBe(true);
        }
        expect(close(estimateKlDivergence(px, z, o).value, estimateKlDivergence(x, z, o).value)).toBe(true);
        expect(close(estimateKlDivergence(x, pz, o).value, estimateKlDivergence(x, z, o).value)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('permuting count categories changes no count-based estimate (values; NSB and jackknife stdErrors too)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 12 })
          .filter((c) => c.some((v) => v > 0)),
        fc.nat(1e6),
        (counts, seed) => {
          const p = permutation(counts.length, seed);
          const permuted = p.map((i) => counts[i]);
          for (const method of METHODS) {
            const a = estimateEntropy({ counts }, { method, resamples: 0 });
            const b = estimateEntropy({ counts: permuted }, { method, resamples: 0 });
            expect(close(a.value, b.value)).toBe(true);
            if (a.stdErrorMethod !== 'none') expect(close(a.stdError, b.stdError)).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a seeded bootstrap gives identical results for identical seeds (numbers and bigints)', () => {
    for (const method of ['laplace', 'shrink', 'chao-shen', 'grassberger'] as const) {
      for (const seed of [0, 7, 2n ** 63n]) {
        const a = estimateEntropy({ counts: [9, 4, 2, 1, 0] }, { method, seed, confidence: 0.9 });
        const b = estimateEntropy({ counts: [9, 4, 2, 1, 0] }, { method, seed, confidence: 0.9 });
        expect(b).toEqual(a);
      }
    }
    const o = { seed: 3, confidence: 0.8 };
    expect(estimateMutualInformation(xs, ys, o)).toEqual(estimateMutualInformation(xs, ys, o));
    const ok = { ...o, method: 'knn', k: 1 } as const;
    expect(estimateDifferentialEntropy(xs, ok)).toEqual(estimateDifferentialEntropy(xs, ok));
    expect(estimateKlDivergence(xs, ys, o)).toEqual(estimateKlDivergence(xs, ys, o));
  });
});

describe('estimateDifferentialEntropy: options of another method are used or refused, never ignored', () => {
  const x = [0.1, 0.5, 0.9, 1.3, 2.2, 2.9, 3.1, 4.5, 5.0];
  it('k or norm under the default method picks knn', () => {
    expect(estimateDifferentialEntropy(x, { k: 2 }).method).toBe('knn');
    expect(estimateDifferentialEntropy(x, { norm: 'max' }).method).toBe('knn');
    expect(estimateDifferentialEntropy(x).method).toBe('van es');
  });
  it('k with a spacing method, or windowLength with knn, is INVALID_OPTION naming it', () => {
    expect(thrown(() => estimateDifferentialEntropy(x, { method: 'vasicek', k: 2 })).argument).toBe('k');
    expect(thrown(() => estimateDifferentialEntropy(x, { method: 'knn', windowLength: 2 })).argument).toBe(
      'windowLength',
    );
  });
});
