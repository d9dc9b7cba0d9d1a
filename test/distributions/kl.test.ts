/**
 * KL between distributions: every closed form against a Monte Carlo estimate from the library's own
 * sampler (within 5 standard errors, 2·10⁵ draws, fixed seeds), KL(p‖p) = 0, KL ≥ 0, infinite support
 * mismatches, and the errors for pairs with no closed form.
 */
import { describe, expect, it } from 'vitest';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  Gumbel,
  hasClosedFormKl,
  kl,
  klMonteCarlo,
  klPairs,
  Laplace,
  LogNormal,
  MultivariateNormal,
  Normal,
  Pareto,
  Poisson,
  StudentT,
  SurprisalError,
  Uniform,
  Weibull,
} from '../../src/index.js';

type D = Parameters<typeof kl>[0];

const pairs: [string, D, D][] = [
  ['Normal‖Normal', new Normal(0.3, 1.2), new Normal(-0.5, 0.8)],
  ['LogNormal‖LogNormal', new LogNormal(0.1, 0.5), new LogNormal(0.4, 0.9)],
  ['Exponential‖Exponential', new Exponential(1.5), new Exponential(0.7)],
  ['Gamma‖Gamma', new Gamma(2.5, 1.3), new Gamma(1.7, 0.6)],
  ['Beta‖Beta', new Beta(2, 3), new Beta(0.8, 1.5)],
  ['Uniform‖Uniform', new Uniform(0.2, 0.7), new Uniform(0, 1.5)],
  ['Laplace‖Laplace', new Laplace(0.5, 1), new Laplace(-0.2, 1.7)],
  ['Cauchy‖Cauchy', new Cauchy(0, 1), new Cauchy(1, 2)],
  ['Gumbel‖Gumbel', new Gumbel(0.2, 1.1), new Gumbel(-0.3, 1.6)],
  ['Pareto‖Pareto', new Pareto(2, 3), new Pareto(1.5, 2)],
  ['Weibull‖Weibull', new Weibull(1.3, 1.8), new Weibull(1, 1.2)],
  ['Bernoulli‖Bernoulli', new Bernoulli(0.3), new Bernoulli(0.6)],
  ['Binomial‖Binomial', new Binomial(10, 0.3), new Binomial(10, 0.45)],
  ['Binomial(n)‖Binomial(m > n)', new Binomial(8, 0.3), new Binomial(12, 0.4)],
  ['Poisson‖Poisson', new Poisson(3.5), new Poisson(5)],
  ['Geometric‖Geometric', new Geometric(0.3), new Geometric(0.5)],
  ['Categorical‖Categorical', new Categorical([0.2, 0.5, 0.3]), new Categorical([0.4, 0.4, 0.2])],
  ['Dirichlet‖Dirichlet', new Dirichlet([2, 3, 1.5]), new Dirichlet([1, 1, 1])],
  [
    'MVN‖MVN',
    new MultivariateNormal(
      [0, 1],
      [
        [2, 0.3],
        [0.3, 1],
      ],
    ),
    new MultivariateNormal(
      [0.5, 0],
      [
        [1, -0.2],
        [-0.2, 1.5],
      ],
    ),
  ],
  ['Bernoulli‖Poisson', new Bernoulli(0.3), new Poisson(0.8)],
  ['Beta‖Exponential', new Beta(2, 3), new Exponential(1.5)],
  ['Beta‖Gamma', new Beta(2, 3), new Gamma(2, 3)],
  ['Beta‖Normal', new Beta(2, 3), new Normal(0.4, 0.3)],
  ['Beta‖Uniform', new Beta(2, 3), new Uniform(-0.5, 1.5)],
  ['Exponential‖Gamma', new Exponential(1.2), new Gamma(1.5, 1)],
  ['Exponential‖Gumbel', new Exponential(1.2), new Gumbel(0.5, 1.5)],
  ['Exponential‖Normal', new Exponential(1.2), new Normal(0.5, 1.5)],
  ['Gamma‖Exponential', new Gamma(2.5, 1.3), new Exponential(0.9)],
  ['Gamma‖Gumbel', new Gamma(2.5, 1.3), new Gumbel(1, 1.5)],
  ['Gamma‖Normal', new Gamma(2.5, 1.3), new Normal(2, 1.5)],
  ['Gumbel‖Normal', new Gumbel(0.2, 1.1), new Normal(0.5, 1.5)],
  ['Laplace‖Normal', new Laplace(0.5, 1), new Normal(0, 1.5)],
  ['Normal‖Gumbel', new Normal(0.3, 1.2), new Gumbel(0, 1.5)],
  ['Normal‖Laplace', new Normal(0.3, 1.2), new Laplace(-0.2, 1.4)],
  ['Pareto‖Exponential', new Pareto(1, 3), new Exponential(0.5)],
  ['Pareto‖Gamma', new Pareto(1, 3), new Gamma(2, 1)],
  ['Pareto‖Normal', new Pareto(1, 4), new Normal(1.5, 1)],
  ['Uniform‖Beta', new Uniform(0.1, 0.8), new Beta(2, 3)],
  ['Uniform‖Exponential', new Uniform(0.1, 2), new Exponential(0.8)],
  ['Uniform‖Gamma', new Uniform(0.1, 2), new Gamma(2, 1.5)],
  ['Uniform‖Gumbel', new Uniform(-1, 2), new Gumbel(0.5, 1.3)],
  ['Uniform‖Normal', new Uniform(-1, 2), new Normal(0.5, 1.3)],
  ['Uniform‖Pareto', new Uniform(1.5, 3), new Pareto(1, 2)],
];

describe('kl(p, q) closed forms agree with Monte Carlo', () => {
  pairs.forEach(([name, p, q], i) => {
    it(`${name}`, () => {
      const exact = kl(p, q);
      const mc = klMonteCarlo(p, q, { samples: 200000, seed: 1000 + i });
      expect(Number.isFinite(exact)).toBe(true);
      expect(exact).toBeGreaterThanOrEqual(0);
      expect(Math.abs(exact - mc.value)).toBeLessThanOrEqual(5 * mc.stdError + 1e-12);
    });
  });

  it('kl(p, p) = 0 for every family', () => {
    for (const [, p] of pairs) expect(Math.abs(kl(p, p))).toBeLessThan(1e-12);
  });
});

describe('kl(p, q) edge cases', () => {
  it('is +Infinity where p has mass outside the support of q', () => {
    expect(kl(new Normal(0, 1), new Uniform(-1, 1))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Uniform(0, 2), new Uniform(0, 1))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Normal(0, 1), new Exponential(1))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Pareto(1, 2), new Pareto(2, 2))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Binomial(10, 0.5), new Binomial(5, 0.5))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Poisson(2), new Bernoulli(0.5))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Pareto(1, 0.5), new Exponential(1))).toBe(Number.POSITIVE_INFINITY);
    expect(kl(new Uniform(-0.1, 0.5), new Beta(2, 2))).toBe(Number.POSITIVE_INFINITY);
  });

  it('Uniform(0, 1)‖Beta(1, 1) is 0, not NaN (pytorch#144279); supports touching 0 and 1 are finite', () => {
    expect(kl(new Uniform(0, 1), new Beta(1, 1))).toBe(0);
    expect(kl(new Uniform(0, 1), new Beta(2, 2))).toBeCloseTo(2 - Math.log(6), 12);
    expect(Number.isFinite(kl(new Uniform(0, 1), new Gamma(2, 1)))).toBe(true);
  });

  it('a pair with no closed form throws NOT_IMPLEMENTED naming it, or estimates when asked', () => {
    const p = new StudentT(3, 0, 1);
    const q = new Normal(0, 1);
    expect(hasClosedFormKl(p, q)).toBe(false);
    try {
      kl(p, q);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      expect((e as SurprisalError).code).toBe('NOT_IMPLEMENTED');
      expect((e as SurprisalError).message).toContain('StudentT‖Normal');
    }
    const est = kl(p, q, { monteCarlo: { samples: 50000, seed: 7 } });
    expect(est.method).toBe('monte-carlo');
    expect(est.stdError).toBeGreaterThan(0);
    const exact = kl(new Normal(0, 1), new Normal(1, 1), { monteCarlo: { samples: 10, seed: 1 } });
    expect(exact).toEqual({ value: 0.5, stdError: 0, method: 'closed-form', samples: 0 });
  });

  it('the same seed gives the same Monte Carlo estimate', () => {
    const a = klMonteCarlo(new Gamma(2, 1), new Weibull(2, 1.5), { samples: 1000, seed: 3 });
    const b = klMonteCarlo(new Gamma(2, 1), new Weibull(2, 1.5), { samples: 1000, seed: 3 });
    expect(a).toEqual(b);
  });

  it('registers every pair listed in the docs', () => {
    expect(klPairs().length).toBeGreaterThanOrEqual(pairs.length);
  });
});
