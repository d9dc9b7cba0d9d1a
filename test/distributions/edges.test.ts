/**
 * Every family at the edges: extreme parameters (1e±300, 2⁵³ trials, rates of 1e300) and extreme arguments
 * (±Infinity, ±0, 1e-300, ±1e300) give numbers, never NaN, where the answer is known; NaN in gives NaN out
 * (SciPy's convention, documented on UnivariateDistribution); kl(d, d) = 0 and entropy is a number; and
 * hostile arguments (null, strings, bigints, booleans, huge sizes) throw SurprisalError with a code, never
 * a TypeError or RangeError.
 *
 * Not covered on purpose: Beta with a concentration below 1e-10 or above 1e6 against a large other one
 * (betainc's continued fraction overflows or does not converge there: Beta(1e10, 1e-300).logSurvival(0.5)
 * is NaN; SciPy 1.10 gives NaN for betainc(1e300, 1e300, 0.5) too).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  ContinuousBernoulli,
  createRng,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  Gumbel,
  hasClosedFormKl,
  kl,
  klMonteCarlo,
  Laplace,
  LogNormal,
  MultivariateNormal,
  Normal,
  Pareto,
  Poisson,
  StudentT,
  SurprisalError,
  Uniform,
  type UnivariateDistribution,
  Weibull,
} from '../../src/index.js';

const INF = Number.POSITIVE_INFINITY;
const BIG = 1e300;
const TINY = 1e-300;

/** Throws a SurprisalError with this code (and nothing else). */
function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(SurprisalError);
    expect((e as SurprisalError).code).toBe(code);
    return;
  }
  expect.unreachable(`no error; wanted ${code}`);
}

const positiveParam = fc.constantFrom(TINY, 1e-10, 0.5, 1, 3, 1e10, BIG);
const realParam = fc.constantFrom(-BIG, -1, -0, 0, TINY, 1, BIG);
const probParam = fc.constantFrom(0, TINY, 1e-10, 0.3, 0.5, 1 - 1e-16, 1);
const countParam = fc.constantFrom(0, 1, 20, 1e6, 1e15, 2 ** 53);
const rateParam = fc.constantFrom(0, TINY, 1e-10, 3.7, 1e10, 1e16, BIG);
const betaParam = fc.constantFrom(1e-10, 0.5, 1, 3, 1e6);
const logitParam = fc.constantFrom(-INF, -BIG, -800, -40, -1e-12, 0, 1e-12, 3, 40, 800, BIG, INF);

/** Every univariate family over extreme parameters. */
const family: fc.Arbitrary<UnivariateDistribution> = fc.oneof(
  fc.tuple(realParam, positiveParam).map(([a, s]) => new Normal(a, s)),
  fc.tuple(realParam, positiveParam).map(([a, s]) => new LogNormal(a, s)),
  fc.tuple(realParam, positiveParam).map(([a, s]) => new Laplace(a, s)),
  fc.tuple(realParam, positiveParam).map(([a, s]) => new Cauchy(a, s)),
  fc.tuple(realParam, positiveParam).map(([a, s]) => new Gumbel(a, s)),
  fc.tuple(positiveParam, realParam, positiveParam).map(([v, a, s]) => new StudentT(v, a, s)),
  positiveParam.map((r) => new Exponential(r)),
  fc.tuple(positiveParam, positiveParam).map(([a, b]) => new Gamma(a, b)),
  fc.tuple(betaParam, betaParam).map(([a, b]) => new Beta(a, b)),
  fc.tuple(positiveParam, positiveParam).map(([a, b]) => new Weibull(a, b)),
  fc.tuple(positiveParam, positiveParam).map(([a, b]) => new Pareto(a, b)),
  fc
    .constantFrom<[number, number]>([-BIG, BIG], [0, TINY], [-1, 1], [BIG, 1.7e308], [-1.7e308, 1.7e308])
    .map(([l, h]) => new Uniform(l, h)),
  probParam.map((p) => new Bernoulli(p)),
  probParam.filter((p) => p > 0).map((p) => new Geometric(p)),
  fc.tuple(countParam, probParam).map(([n, p]) => new Binomial(n, p)),
  rateParam.map((r) => new Poisson(r)),
  fc.constantFrom([1, 0], [0.5, 0.5], [0, 0, 1]).map((p) => new Categorical(p)),
  logitParam.map((l) => new Bernoulli({ logits: l })),
  logitParam.filter((l) => l > -INF).map((l) => new Geometric({ logits: l })),
  fc.tuple(countParam, logitParam).map(([n, l]) => new Binomial(n, { logits: l })),
  fc
    .constantFrom([0, -INF], [-BIG, 0, BIG], [40, 0, -40], [-800, 0])
    .map((l) => new Categorical({ logits: l })),
  probParam.filter((p) => p > 0 && p < 1).map((p) => new ContinuousBernoulli(p)),
  logitParam.filter((l) => Number.isFinite(l)).map((l) => new ContinuousBernoulli({ logits: l })),
);

const point = fc.constantFrom(-INF, -BIG, -1, -0, 0, TINY, 0.5, 1, 2, 1e10, BIG, INF);
const prob = fc.constantFrom(0, TINY, 1e-10, 0.3, 0.5, 0.7, 1 - 2 ** -53, 1);
const label = (d: UnivariateDistribution) => `${d.family}(${d.params.join(', ')})`;

describe('no NaN for non-NaN input, at extreme parameters and arguments', () => {
  it('logProb, cdf, logSurvival at ±Infinity, ±0, 1e-300, ±1e300', () => {
    fc.assert(
      fc.property(family, point, (d, x) => {
        for (const m of ['logProb', 'cdf', 'logSurvival'] as const) {
          expect(d[m](x), `${label(d)}.${m}(${x})`).not.toBeNaN();
        }
        const c = d.cdf(x);
        expect(c >= 0 && c <= 1, `${label(d)}.cdf(${x}) = ${c}`).toBe(true);
        expect(d.logSurvival(x) <= 0, `${label(d)}.logSurvival(${x})`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the limits at ±Infinity: cdf 0 and 1, logSurvival 0 and −Infinity, logProb −Infinity', () => {
    fc.assert(
      fc.property(family, (d) => {
        expect(d.cdf(-INF) === 0, label(d)).toBe(true); // +0 or −0
        expect(d.logSurvival(-INF) === 0, label(d)).toBe(true);
        expect(d.cdf(INF) === 1, label(d)).toBe(true);
        expect(d.logSurvival(INF), label(d)).toBe(-INF);
        expect(d.logProb(INF), label(d)).toBe(-INF);
        expect(d.logProb(-INF), label(d)).toBe(-INF);
      }),
      { numRuns: 500 },
    );
  });

  it('NaN in gives NaN out (SciPy), for every pointwise method', () => {
    fc.assert(
      fc.property(family, (d) => {
        for (const m of ['logProb', 'cdf', 'logSurvival'] as const) expect(d[m](Number.NaN)).toBeNaN();
      }),
      { numRuns: 200 },
    );
  });

  it('quantile(p) is a number in the support for p in [0, 1], and NaN or outside throws OUT_OF_RANGE', () => {
    fc.assert(
      fc.property(family, prob, (d, p) => {
        const x = d.quantile(p);
        expect(x, `${label(d)}.quantile(${p})`).not.toBeNaN();
        if (d.discrete) expect(x === INF || Number.isInteger(x), `${label(d)}.quantile(${p})`).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expectCode(() => new Normal(0, 1).quantile(Number.NaN), 'OUT_OF_RANGE');
    expectCode(() => new Poisson(1).quantile(1.5), 'OUT_OF_RANGE');
  });

  it('entropy() is a number (≥ 0 for the discrete families), kl(d, d) = 0', () => {
    fc.assert(
      fc.property(family, (d) => {
        const h = d.entropy();
        expect(h, `${label(d)}.entropy()`).not.toBeNaN();
        if (d.discrete) expect(h, `${label(d)}.entropy()`).toBeGreaterThanOrEqual(0);
        if (hasClosedFormKl(d, d)) expect(kl(d, d), `kl(${label(d)}, itself)`).toBe(0);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the cases of issue #13', () => {
  it('StudentT(3, 0, 1).cdf(1e-200) = 1/2 and logSurvival = log 1/2 (the tail form gave NaN)', () => {
    const t = new StudentT(3, 0, 1);
    expect(t.cdf(1e-200)).toBe(0.5);
    expect(t.logSurvival(1e-200)).toBe(-Math.LN2);
    expect(t.cdf(-1e-200)).toBe(0.5);
    expect(new StudentT(3, 0, 1e300).cdf(1)).toBe(0.5);
    // Near 0 the central form keeps the digits that 1/2 + t·p(0) has (p(0) = 2/(π√3) for ν = 3).
    expect(t.cdf(1e-10)).toBeCloseTo(0.5 + 1e-10 * (2 / (Math.PI * Math.sqrt(3))), 16);
    expect(t.cdf(1e-10)).toBeGreaterThan(0.5);
  });

  it('StudentT(1).logSurvival(1e300) is the Cauchy tail −log(π·1e300), not −Infinity', () => {
    expect(new StudentT(1, 0, 1).logSurvival(1e300)).toBeCloseTo(-Math.log(Math.PI) - 300 * Math.LN10, 10);
  });

  it('logProb at infinities: Gumbel(−∞), Gamma(+∞), Weibull(+∞) are −Infinity; Poisson.logSurvival(∞) too', () => {
    expect(new Gumbel(0, 1).logProb(-INF)).toBe(-INF);
    expect(new Gumbel(1e300, 1e-300).logProb(0)).toBe(-INF);
    expect(new Gamma(2, 1).logProb(INF)).toBe(-INF);
    expect(new Weibull(1, 2).logProb(INF)).toBe(-INF);
    expect(new Weibull(1e-300, 1e300).logProb(1)).toBe(-INF);
    expect(new Poisson(3).logSurvival(INF)).toBe(-INF);
    expect(new Poisson(3).cdf(INF)).toBe(1);
  });

  it('Weibull in logs: x/λ under- or overflowing does not make 0·∞', () => {
    // Weibull(1e300, 1) is Exponential(1e-300): log p(x) = −log 1e300 − x/1e300.
    expect(new Weibull(1e300, 1).logProb(1e-300)).toBeCloseTo(-300 * Math.LN10, 10);
    expect(new Weibull(2, 1.5).logSurvival(4)).toBe(-(2 ** 1.5));
  });

  it('kl of point masses is 0: Binomial(0, 0)‖Binomial(0, 1), Poisson(0)‖Binomial(0, 1)', () => {
    expect(kl(new Binomial(0, 0), new Binomial(0, 1))).toBe(0);
    expect(kl(new Poisson(0), new Binomial(0, 1))).toBe(0);
    expect(kl(new Poisson(0), new Binomial(3, 1))).toBe(INF);
    expect(kl(new Poisson(0), new Bernoulli(1))).toBe(INF);
    expect(kl(new Poisson(0), new Binomial(4, 0.5))).toBeCloseTo(4 * Math.LN2, 14);
  });

  it('kl(Weibull(1000, 110), itself) = 0 (1000^110 overflowed); Cauchy, Gumbel, Uniform at 1e±300', () => {
    expect(kl(new Weibull(1000, 110), new Weibull(1000, 110))).toBe(0);
    expect(kl(new Cauchy(0, 1e300), new Cauchy(0, 1e300))).toBe(0);
    expect(kl(new Gumbel(1e300, 1e-300), new Gumbel(1e300, 1e-300))).toBe(0);
    expect(kl(new Uniform(-1.7e308, 1.7e308), new Uniform(-1.7e308, 1.7e308))).toBe(0);
    // Different parameters: the rewritten forms equal the published ones where those do not overflow.
    const [lp, kp, lq, kq] = [1.3, 1.8, 1, 1.2];
    const bauckhage =
      Math.log(kp / lp ** kp) -
      Math.log(kq / lq ** kq) +
      (kp - kq) * (Math.log(lp) - 0.5772156649015329 / kp) +
      (lp / lq) ** kq * Math.exp(lgamma(kq / kp + 1)) -
      1;
    expect(kl(new Weibull(lp, kp), new Weibull(lq, kq))).toBeCloseTo(bauckhage, 11);
    const cauchy = Math.log(((1 + 2) ** 2 + 1.5 ** 2) / (4 * 1 * 2));
    expect(kl(new Cauchy(0.5, 1), new Cauchy(-1, 2))).toBeCloseTo(cauchy, 14);
  });

  it('Binomial entropy uses the variance, not n: Binomial(1e15, 1e-13) ≈ Poisson(100), never negative', () => {
    expect(new Binomial(1e15, 1e-13).entropy()).toBeCloseTo(new Poisson(100).entropy(), 8);
    expect(new Binomial(1e15, 1e-300).entropy()).toBeGreaterThanOrEqual(0);
    // The saddle-point log mass: Binomial(1e15, 1e-13) at k = 100 ≈ Poisson(100) at 100 (to O(p)).
    expect(new Binomial(1e15, 1e-13).logProb(100)).toBeCloseTo(new Poisson(100).logProb(100), 9);
  });

  it('Poisson(1e16).logProb at the mean is −½ log(2πλ) − 1/(12λ), not the cancellation of 3.7e17-sized terms', () => {
    expect(new Poisson(1e16).logProb(1e16)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 1e16), 12);
  });

  it('Geometric(1e-300) entropy is 1 − log p to first order (the subnormal products lost every digit)', () => {
    expect(new Geometric(1e-300).entropy()).toBeCloseTo(1 + 300 * Math.LN10, 10);
    expect(new Geometric(1).entropy()).toBe(0);
  });
});

/** log Γ by Stirling with enough terms for x ≥ 1 (test-only, independent of src/special). */
function lgamma(x: number): number {
  let acc = 0;
  while (x < 10) {
    acc -= Math.log(x);
    x += 1;
  }
  const z = 1 / (x * x);
  return (
    acc +
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z / 1680))) / x
  );
}

describe('hostile arguments throw SurprisalError', () => {
  const n = new Normal(0, 1);
  const rng = createRng(1);

  it('kl and klMonteCarlo with null, {} or a number for a distribution: INVALID_PARAMETER', () => {
    for (const bad of [null, undefined, {}, 3, 'Normal', { family: 'Normal' }]) {
      expectCode(() => kl(bad as never, n), 'INVALID_PARAMETER');
      expectCode(() => kl(n, bad as never), 'INVALID_PARAMETER');
      expectCode(() => klMonteCarlo(bad as never, n, { samples: 10, seed: 1 }), 'INVALID_PARAMETER');
      expectCode(() => hasClosedFormKl(n, bad as never), 'INVALID_PARAMETER');
    }
  });

  it('klMonteCarlo samples: 1e12 is TOO_LARGE; 0, −1, 1.5, NaN, "10", 10n are INVALID_OPTION', () => {
    expectCode(() => klMonteCarlo(n, n, { samples: 1e12, seed: 1 }), 'TOO_LARGE');
    expectCode(() => kl(new StudentT(3), n, { monteCarlo: { samples: 1e12, seed: 1 } }), 'TOO_LARGE');
    for (const s of [0, 1, -1, 1.5, Number.NaN, '10', 10n, null]) {
      expectCode(() => klMonteCarlo(n, n, { samples: s as never, seed: 1 }), 'INVALID_OPTION');
    }
  });

  it('klMonteCarlo and kl check the seed under their own names; 5 and 5n agree', () => {
    for (const seed of [1.5, -1, Number.NaN, '1', 2n ** 64n]) {
      expectCode(
        () => klMonteCarlo(n, new StudentT(3), { samples: 10, seed: seed as never }),
        'INVALID_OPTION',
      );
      expect(() => klMonteCarlo(n, new StudentT(3), { samples: 10, seed: seed as never })).toThrow(
        /^klMonteCarlo: seed/,
      );
      expect(() => kl(new StudentT(3), n, { monteCarlo: { samples: 10, seed: seed as never } })).toThrow(
        /^kl: seed/,
      );
    }
    expect(klMonteCarlo(n, new StudentT(3), { samples: 10, seed: 5n }).value).toBe(
      klMonteCarlo(n, new StudentT(3), { samples: 10, seed: 5 }).value,
    );
  });

  it('options: null, unknown keys, a non-boolean force are INVALID_OPTION', () => {
    expectCode(() => kl(n, n, null as never), 'INVALID_OPTION');
    expectCode(() => kl(n, n, { montecarlo: {} } as never), 'INVALID_OPTION');
    expectCode(() => kl(n, n, { monteCarlo: null } as never), 'INVALID_OPTION');
    expectCode(
      () => kl(n, n, { monteCarlo: { samples: 10, seed: 1, force: 'yes' } } as never),
      'INVALID_OPTION',
    );
    expectCode(() => kl(n, n, { monteCarlo: { samples: 10, seed: 1, draws: 5 } } as never), 'INVALID_OPTION');
    expectCode(() => klMonteCarlo(n, n, null as never), 'INVALID_OPTION');
    expectCode(() => klMonteCarlo(n, n, { samples: 10, seed: 1, force: true } as never), 'INVALID_OPTION');
    expectCode(() => new Categorical([0.5, 0.5], null as never), 'INVALID_OPTION');
    expectCode(() => new Categorical([0.5, 0.5], { normalise: true } as never), 'INVALID_OPTION');
    expect(kl(n, n, { monteCarlo: { samples: 10, seed: 1 } }).value).toBe(0);
  });

  it('sample(rng, n): rng not from createRng is INVALID_OPTION; n −1, 1.5 INVALID_OPTION; 1e12 TOO_LARGE', () => {
    const all = [
      n,
      new Poisson(2),
      new Categorical([0.5, 0.5]),
      new Uniform(0, 1),
      new Exponential(1),
      new Dirichlet([1, 2]),
      new MultivariateNormal([0], [[1]]),
    ];
    for (const d of all) {
      expectCode(() => d.sample(null as never), 'INVALID_OPTION');
      expectCode(() => d.sample({} as never), 'INVALID_OPTION');
      expectCode(() => d.sample(rng, -1), 'INVALID_OPTION');
      expectCode(() => d.sample(rng, 1.5), 'INVALID_OPTION');
      expectCode(() => d.sample(rng, '3' as never), 'INVALID_OPTION');
      expectCode(() => d.sample(rng, 1e12), 'TOO_LARGE');
      expect(d.sample(rng, 0)).toBeDefined();
    }
    expectCode(
      () =>
        new MultivariateNormal(
          [0, 0],
          [
            [1, 0],
            [0, 1],
          ],
        ).sample(rng, 2 ** 31 + 1),
      'TOO_LARGE',
    );
  });

  it('constructors given null, strings, bigints, booleans, NaN, arrays: INVALID_PARAMETER', () => {
    for (const bad of [null, undefined, '1', 1n, true, Number.NaN, [1], {}]) {
      expectCode(() => new Normal(bad as never, 1), 'INVALID_PARAMETER');
      expectCode(() => new Poisson(bad as never), 'INVALID_PARAMETER');
      expectCode(() => new Binomial(bad as never, 0.5), 'INVALID_PARAMETER');
      expectCode(() => new Gamma(1, bad as never), 'INVALID_PARAMETER');
      expectCode(() => new Bernoulli(bad as never), 'INVALID_PARAMETER');
    }
    expectCode(() => new Dirichlet(null as never), 'INVALID_PARAMETER');
    expectCode(() => new Dirichlet('ab' as never), 'INVALID_PARAMETER');
    expectCode(() => new Dirichlet([1, '2'] as never), 'INVALID_PARAMETER');
    expectCode(() => new Dirichlet({ length: 1e12 } as never), 'TOO_LARGE');
    expectCode(() => new MultivariateNormal(null as never, [[1]]), 'INVALID_PARAMETER');
    expectCode(() => new MultivariateNormal([0], null as never), 'INVALID_PARAMETER');
    expectCode(
      () =>
        new MultivariateNormal([null, 0] as never, [
          [1, 0],
          [0, 1],
        ]),
      'INVALID_PARAMETER',
    );
    expectCode(
      () =>
        new MultivariateNormal(['0', 0] as never, [
          [1, 0],
          [0, 1],
        ]),
      'INVALID_PARAMETER',
    );
    expectCode(
      () =>
        new MultivariateNormal([0, 0], [
          [1, '0'],
          [0, 1],
        ] as never),
      'INVALID_PARAMETER',
    );
    expectCode(() => new MultivariateNormal([0, 0], [[1, 0], [0]]), 'SHAPE_MISMATCH');
    expectCode(() => new MultivariateNormal([0, 0], [[1, 0], null] as never), 'SHAPE_MISMATCH');
    // A 70000-dimensional covariance made of one shared row: refused before a 39 GB allocation.
    const row = new Float64Array(70000);
    expectCode(() => new MultivariateNormal(row, new Array(70000).fill(row)), 'TOO_LARGE');
    expectCode(() => new Categorical(null as never), 'SHAPE_MISMATCH');
    expectCode(() => new Categorical([0.5, '0.5'] as never), 'NAN');
  });

  it('methods given a non-number throw NAN (a string is not coerced)', () => {
    for (const bad of ['1', null, 1n, true, undefined, [1]]) {
      for (const d of [n, new Poisson(2), new Categorical([0.5, 0.5]), new StudentT(3)]) {
        expectCode(() => d.logProb(bad as never), 'NAN');
        expectCode(() => d.cdf(bad as never), 'NAN');
        expectCode(() => d.logSurvival(bad as never), 'NAN');
        expectCode(() => d.quantile(bad as never), 'OUT_OF_RANGE');
      }
    }
    expectCode(() => new Dirichlet([1, 1]).logProb(null as never), 'SHAPE_MISMATCH');
    expectCode(() => new Dirichlet([1, 1]).logProb(['0.5', 0.5] as never), 'NAN');
    expectCode(() => new MultivariateNormal([0], [[1]]).logProb([null] as never), 'NAN');
    expectCode(() => new MultivariateNormal([0], [[1]]).logProb([0, 0]), 'SHAPE_MISMATCH');
  });
});
