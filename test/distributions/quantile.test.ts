/**
 * Discrete quantiles at huge parameters: a bounded number of cdf calls (a Cornish–Fisher start, an
 * exponential bracket and bisection), never the one-integer steps that took ~10⁷ calls for
 * Binomial(10¹⁵, 0.3) and never ended for Poisson(10¹⁶) (k + 1 = k past 2⁵³), and the right answers.
 *
 * The reference quantiles were checked with SciPy 1.10 (`apt-get install python3-scipy`):
 *   /usr/bin/python3 -c "from scipy import stats; print(stats.poisson.logcdf([k - 1, k], mu), stats.binom.logsf([k - 1, k], n, p))"
 * i.e. each k below is the smallest with log F(k) ≥ log q (lower tail and median) or log S(k) ≤ log(1 − q)
 * (upper tail), from SciPy's logcdf / logsf, not from its ppf: `stats.poisson.ppf(0.5, 1e10)` is 9999999996
 * (logcdf(9999999999, 1e10) = −0.6931498 < log ½ there) and `stats.poisson.ppf(1e-300, 1e10)` is off by
 * 1.2·10⁷, because ppf searches on cdf values that round. For Poisson's far upper tail at λ ≥ 10¹⁰, SciPy's
 * gammainc itself is off (log P(X > 10000820964) = −38.61 for λ = 10¹⁰, where the normal tail at
 * z = 8.2095 is −36.74), so those two cases are checked against the Cornish–Fisher expansion
 * λ + √λ z + (z² − 1)/6, whose error is O(λ^{-1/2}).
 */
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Binomial,
  Categorical,
  Geometric,
  ndtri,
  Poisson,
  type UnivariateDistribution,
} from '../../src/index.js';

const TAIL = 1 - 2 ** -53; // the largest p below 1: asks for an upper tail of 1.1e-16

/** Counts the calls of cdf and logSurvival that one quantile makes. */
function counted(d: UnivariateDistribution, p: number): { k: number; calls: number } {
  let calls = 0;
  const cdf = d.cdf.bind(d);
  const logSurvival = d.logSurvival.bind(d);
  const spy = Object.create(d) as UnivariateDistribution;
  spy.cdf = (x: number) => {
    calls++;
    return cdf(x);
  };
  spy.logSurvival = (x: number) => {
    calls++;
    return logSurvival(x);
  };
  const k = spy.quantile(p);
  return { k, calls };
}

describe('discrete quantiles take O(log) cdf calls at any size', () => {
  const cases: [string, UnivariateDistribution][] = [
    ['Poisson(1e16)', new Poisson(1e16)],
    ['Poisson(1e300)', new Poisson(1e300)],
    ['Binomial(1e15, 0.3)', new Binomial(1e15, 0.3)],
    ['Binomial(2^53, 0.5)', new Binomial(2 ** 53, 0.5)],
    ['Binomial(2^53, 1e-12)', new Binomial(2 ** 53, 1e-12)],
    ['Categorical over 10^6 classes', new Categorical(new Float64Array(1e6).fill(1e-6), { normalize: true })],
  ];
  for (const [name, d] of cases) {
    it(`${name}.quantile(q) ends within 200 cdf calls, for q from 1e-300 to 1 − 2^-53`, () => {
      for (const q of [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.7, 0.99, TAIL]) {
        const { k, calls } = counted(d, q);
        expect(Number.isFinite(k), `${name} q=${q}`).toBe(true);
        expect(calls, `${name} q=${q}`).toBeLessThanOrEqual(200);
      }
    });
  }

  it('Poisson(1e16).quantile(0.5) ends (it looped forever on k++ past 2^53)', () => {
    // Median of Poisson(λ) is λ + 1/3 + O(1/λ); near 1e16 the doubles are 2 apart.
    const k = new Poisson(1e16).quantile(0.5);
    expect(Math.abs(k - 1e16)).toBeLessThanOrEqual(2);
  });

  it('Poisson(1e300) quantiles are its normal quantiles (σ = 1e150)', () => {
    for (const q of [0.01, 0.5, 0.99]) {
      expect(new Poisson(1e300).quantile(q)).toBeCloseTo(1e300 + 1e150 * ndtri(q), -285);
    }
  });
});

describe('huge-parameter quantiles against SciPy logcdf / logsf', () => {
  const table: [string, UnivariateDistribution, number, number][] = [
    ['Poisson(1e10)', new Poisson(1e10), 1e-300, 9996295519],
    ['Poisson(1e10)', new Poisson(1e10), 0.5, 1e10],
    ['Poisson(1e12)', new Poisson(1e12), 1e-300, 999962953132],
    ['Poisson(1e12)', new Poisson(1e12), 0.5, 1e12],
    ['Binomial(1e9, 0.3)', new Binomial(1e9, 0.3), 1e-300, 299463228],
    ['Binomial(1e9, 0.3)', new Binomial(1e9, 0.3), 0.01, 299966288],
    ['Binomial(1e9, 0.3)', new Binomial(1e9, 0.3), 0.5, 300000000],
    ['Binomial(1e9, 0.3)', new Binomial(1e9, 0.3), 0.99, 300033712],
    ['Binomial(1e9, 0.3)', new Binomial(1e9, 0.3), TAIL, 300118972],
    ['Binomial(1e12, 1e-6)', new Binomial(1e12, 1e-6), 1e-300, 963182],
    ['Binomial(1e12, 1e-6)', new Binomial(1e12, 1e-6), 0.5, 1000000],
    ['Binomial(1e12, 1e-6)', new Binomial(1e12, 1e-6), TAIL, 1008221],
    ['Binomial(2^53, 1e-12)', new Binomial(2 ** 53, 1e-12), 1e-300, 5728],
    ['Binomial(2^53, 1e-12)', new Binomial(2 ** 53, 1e-12), 0.5, 9007],
    ['Binomial(2^53, 1e-12)', new Binomial(2 ** 53, 1e-12), TAIL, 9797],
  ];
  for (const [name, d, q, want] of table) {
    it(`${name}.quantile(${q}) = ${want}`, () => {
      expect(d.quantile(q)).toBe(want);
    });
  }

  it('Poisson far upper tail at λ = 1e10, 1e12: the Cornish–Fisher value', () => {
    for (const [lambda, want] of [
      [1e10, 10000820965],
      [1e12, 1000008209547],
    ]) {
      const z = ndtri(TAIL);
      const cf = lambda + Math.sqrt(lambda) * z + (z * z - 1) / 6;
      expect(Math.abs(want - cf)).toBeLessThan(2);
      expect(new Poisson(lambda).quantile(TAIL)).toBe(want);
    }
  });
});

describe('edge probabilities', () => {
  it('quantile(0) is the lower end of the support, quantile(1) the upper (Infinity where unbounded)', () => {
    expect(new Poisson(3).quantile(0)).toBe(0);
    expect(new Poisson(3).quantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(new Poisson(0).quantile(1)).toBe(0);
    expect(new Binomial(10, 0.3).quantile(1)).toBe(10);
    expect(new Geometric(0.5).quantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(new Bernoulli(0.3).quantile(1)).toBe(1);
    expect(new Categorical([0.5, 0.5, 0]).quantile(1)).toBe(2);
  });

  it('Geometric at tiny probs: finite, ends at once', () => {
    const g = new Geometric(1e-300);
    const k = g.quantile(0.5);
    expect(k / (Math.LN2 * 1e300)).toBeCloseTo(1, 12);
    expect(new Geometric(Number.MIN_VALUE).quantile(0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});
