/**
 * multinomial(rng, n, weights) by conditional binomials (src/random/multinomial.ts): the distribution (moments,
 * covariances, a chi-square test of the joint pmf), exact sums, seeded reproducibility, O(K) cost for n up to
 * 2⁵³ − 1, weights near 0 and 1, and its errors. (Kept in test/estimators: the bootstrap of the count-based
 * estimators is its user.)
 */
import { describe, expect, it } from 'vitest';
import { multinomial } from '../../src/random/multinomial.js';
import { createRng } from '../../src/random/random.js';
import { thrown } from '../helpers/errors.js';

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

describe('multinomial(rng, n, weights) has the multinomial distribution', () => {
  it('means n·pᵢ, variances n·pᵢ(1 − pᵢ), covariances −n·pᵢpⱼ (within 5 standard errors)', () => {
    const rng = createRng(11);
    const p = [0.05, 0.15, 0.3, 0.5];
    const n = 40;
    const reps = 20000;
    const sum = new Float64Array(4);
    const sq = new Float64Array(16);
    for (let r = 0; r < reps; r++) {
      const x = multinomial(rng, n, p);
      for (let i = 0; i < 4; i++) {
        sum[i] += x[i];
        for (let j = 0; j < 4; j++) sq[i * 4 + j] += x[i] * x[j];
      }
    }
    for (let i = 0; i < 4; i++) {
      const mean = sum[i] / reps;
      const v = n * p[i] * (1 - p[i]);
      expect(Math.abs(mean - n * p[i])).toBeLessThan(5 * Math.sqrt(v / reps));
      for (let j = 0; j < 4; j++) {
        const cov = sq[i * 4 + j] / reps - (sum[i] / reps) * (sum[j] / reps);
        const want = i === j ? v : -n * p[i] * p[j];
        // sd of a sample covariance ≲ √(E[X²Y²]/reps); a loose 10% + 0.1 band is far outside chance here
        expect(Math.abs(cov - want)).toBeLessThan(0.1 * Math.abs(want) + 0.1);
      }
    }
  });

  it('a chi-square test of all outcomes of Multinomial(4, [0.2, 0.3, 0.5]) against the exact pmf', () => {
    const rng = createRng(5);
    const p = [0.2, 0.3, 0.5];
    const n = 4;
    const reps = 30000;
    const seen = new Map<string, number>();
    for (let r = 0; r < reps; r++) {
      const key = multinomial(rng, n, p).join(',');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    let chi2 = 0;
    let cells = 0;
    for (let a = 0; a <= n; a++) {
      for (let b = 0; a + b <= n; b++) {
        const c = n - a - b;
        const logPmf =
          logFactorial(n) -
          logFactorial(a) -
          logFactorial(b) -
          logFactorial(c) +
          a * Math.log(p[0]) +
          b * Math.log(p[1]) +
          c * Math.log(p[2]);
        const expected = reps * Math.exp(logPmf);
        const got = seen.get(`${a},${b},${c}`) ?? 0;
        seen.delete(`${a},${b},${c}`);
        chi2 += (got - expected) ** 2 / expected;
        cells++;
      }
    }
    expect(seen.size).toBe(0); // nothing outside the simplex
    expect(cells).toBe(15);
    // 14 degrees of freedom: P(χ² > 36.1) = 0.001
    expect(chi2).toBeLessThan(36.1);
  });

  it('the counts sum to n exactly and categories of weight 0 get nothing', () => {
    const rng = createRng(3);
    for (const n of [0, 1, 7, 1e6, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      for (const w of [[1], [0, 3, 0, 5, 2, 0], [1e-300, 1, 1e300], [2 ** 52, 1, 1, 2 ** 52]]) {
        const x = multinomial(rng, n, w);
        let s = 0;
        for (let i = 0; i < x.length; i++) {
          expect(Number.isInteger(x[i]) && x[i] >= 0).toBe(true);
          if (w[i] === 0) expect(x[i]).toBe(0);
          s += x[i];
        }
        // exact: every count and every partial sum is a safe integer
        expect(s).toBe(n);
      }
    }
  });

  it('is reproducible from the seed, and differs across seeds', () => {
    const a = multinomial(createRng(42), 1000, [1, 2, 3, 4]);
    const b = multinomial(createRng(42), 1000, [1, 2, 3, 4]);
    const c = multinomial(createRng(43), 1000, [1, 2, 3, 4]);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const out = new Float64Array(4);
    expect(multinomial(createRng(42), 1000, [1, 2, 3, 4], out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(a));
  });

  it('costs O(K), not O(n): 1000 vectors of n = 2^53 − 1 over 100 categories draw O(K) random words each', () => {
    const rng = createRng(1);
    // Count the generator's 32-bit words (every variate is made of them): work, not wall time.
    let words = 0;
    const next = rng.nextUint32.bind(rng);
    rng.nextUint32 = () => {
      words++;
      return next();
    };
    const w = Array.from({ length: 100 }, (_, i) => i + 1);
    for (let r = 0; r < 1000; r++) multinomial(rng, Number.MAX_SAFE_INTEGER, w);
    expect(words).toBeGreaterThan(0);
    expect(words / (1000 * 100)).toBeLessThan(20);
  });

  it('huge n, weights near 0 and 1: proportions within a few standard errors of p', () => {
    const rng = createRng(9);
    const n = Number.MAX_SAFE_INTEGER;
    for (const p of [0.5, 1e-10, 1e-15, 1 - 1e-9]) {
      const x = multinomial(rng, n, [p, 1 - p]);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(x[0] - n * p)).toBeLessThan(6 * sd + 1);
    }
    // counts as weights: [1e15, 1] gives the small category a Poisson(≈ 9) count, its complement drawn exactly
    let small = 0;
    for (let r = 0; r < 2000; r++) small += multinomial(rng, 9e15, [1e15, 1])[1];
    expect(small / 2000).toBeGreaterThan(8.5);
    expect(small / 2000).toBeLessThan(9.5);
  });
});

describe('multinomial errors', () => {
  const rng = createRng(0);
  it('n: not an integer >= 0 → INVALID_PARAMETER, past 2^53 − 1 → TOO_LARGE', () => {
    for (const n of [-1, 1.5, Number.NaN, null, '3', 3n, Number.POSITIVE_INFINITY]) {
      const e = thrown(() => multinomial(rng, n as number, [1, 1]));
      expect(e.code).toBe('INVALID_PARAMETER');
      expect(e.argument).toBe('n');
    }
    expect(thrown(() => multinomial(rng, 2 ** 53, [1, 1])).code).toBe('TOO_LARGE');
    expect(thrown(() => multinomial(rng, 1e300, [1, 1])).code).toBe('TOO_LARGE');
  });

  it('weights: non-arrays, empty, NaN, infinite, negative, non-numbers, all zero', () => {
    for (const w of [null, 5, 'ab', {}, BigInt64Array.of(1n)])
      expect(thrown(() => multinomial(rng, 3, w as never)).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => multinomial(rng, 3, [])).code).toBe('EMPTY');
    expect(thrown(() => multinomial(rng, 3, [1, Number.NaN])).index).toBe(1);
    expect(thrown(() => multinomial(rng, 3, [1, Number.POSITIVE_INFINITY])).code).toBe('NOT_FINITE');
    expect(thrown(() => multinomial(rng, 3, [1, -1])).code).toBe('NEGATIVE_PROBABILITY');
    expect(thrown(() => multinomial(rng, 3, [1, '1'] as never)).code).toBe('NAN');
    expect(thrown(() => multinomial(rng, 3, [0, 0])).code).toBe('NOT_NORMALIZED');
    expect(Array.from(multinomial(rng, 0, [0, 0]))).toEqual([0, 0]);
  });

  it('rng and out are checked', () => {
    expect(thrown(() => multinomial(null as never, 3, [1])).argument).toBe('rng');
    expect(thrown(() => multinomial({ uniform: Math.random } as never, 3, [1])).argument).toBe('rng');
    expect(thrown(() => multinomial(rng, 3, [1, 1], new Float64Array(3))).argument).toBe('out');
  });
});
