/**
 * Laws every family must satisfy, checked from its own methods: quantile inverts cdf, logSurvival matches
 * log(1 − cdf) where that is accurate, sample moments match mean and variance (within 6 standard errors,
 * fixed seeds), entropy = E[−log p(X)] by Monte Carlo, and invalid parameters throw at construction.
 */
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

const continuous: UnivariateDistribution[] = [
  new Normal(0.5, 2),
  new LogNormal(0.2, 0.6),
  new Exponential(1.7),
  new Gamma(0.6, 2),
  new Gamma(7.5, 0.5),
  new Beta(0.5, 0.5),
  new Beta(2, 5),
  new Uniform(-1, 3),
  new Laplace(1, 0.5),
  new Cauchy(0, 2),
  new StudentT(3, 1, 2),
  new StudentT(30, 0, 1),
  new Gumbel(1, 2),
  new Pareto(1, 4.5),
  new Weibull(2, 1.5),
  new ContinuousBernoulli(0.3),
  new ContinuousBernoulli({ logits: 7 }),
  new ContinuousBernoulli({ logits: 1e-6 }),
];

const discrete: UnivariateDistribution[] = [
  new Bernoulli(0.3),
  new Binomial(20, 0.35),
  new Geometric(0.2),
  new Poisson(3.7),
  new Poisson(250),
  new Categorical([0.1, 0.6, 0.3]),
  new Bernoulli({ logits: 2.5 }),
  new Binomial(20, { logits: -0.4 }),
  new Geometric({ logits: -1.2 }),
  new Categorical({ logits: [1, -2, 0.5, Number.NEGATIVE_INFINITY] }),
];

const label = (d: UnivariateDistribution) => `${d.family}(${d.params.join(', ')})`;

describe('continuous families', () => {
  for (const d of continuous) {
    it(`${label(d)}: quantile(cdf(x)) = x and cdf(quantile(p)) = p`, () => {
      for (const p of [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6]) {
        const x = d.quantile(p);
        expect(Math.abs(d.cdf(x) - p)).toBeLessThan(1e-9 * Math.max(1, p / 1e-3));
        expect(Math.abs(d.quantile(d.cdf(x)) - x)).toBeLessThan(1e-7 * Math.max(1, Math.abs(x)));
      }
    });

    it(`${label(d)}: logSurvival(x) = log(1 − cdf(x)) in the body; density integrates to the cdf`, () => {
      for (const p of [0.05, 0.3, 0.6, 0.9]) {
        const x = d.quantile(p);
        expect(d.logSurvival(x)).toBeCloseTo(Math.log1p(-d.cdf(x)), 10);
      }
      // Simpson's rule for ∫ p from q(0.3) to q(0.7) equals cdf difference.
      const a = d.quantile(0.3);
      const b = d.quantile(0.7);
      const n = 2000;
      const h = (b - a) / n;
      let s = Math.exp(d.logProb(a)) + Math.exp(d.logProb(b));
      for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(d.logProb(a + i * h));
      expect((s * h) / 3).toBeCloseTo(0.4, 8);
    });

    it(`${label(d)}: sample moments and entropy = E[−log p(X)]`, () => {
      const n = 200000;
      const xs = d.sample(createRng(17), n);
      expect(xs.length).toBe(n);
      let m = 0;
      for (const x of xs) m += x;
      m /= n;
      let v = 0;
      let h = 0;
      let h2 = 0;
      for (const x of xs) {
        v += (x - m) ** 2;
        const l = -d.logProb(x);
        h += l;
        h2 += l * l;
      }
      v /= n - 1;
      h /= n;
      const hSe = Math.sqrt((h2 / n - h * h) / n);
      expect(Math.abs(h - d.entropy())).toBeLessThan(6 * hSe + 1e-12);
      if (Number.isFinite(d.variance) && d.family !== 'StudentT') {
        expect(Math.abs(m - d.mean)).toBeLessThan(6 * Math.sqrt(d.variance / n));
        if (d.family !== 'Pareto') expect(Math.abs(v / d.variance - 1)).toBeLessThan(0.05);
      }
    });
  }
});

describe('discrete families', () => {
  for (const d of discrete) {
    it(`${label(d)}: pmf sums to 1, cdf is its running sum, quantile inverts cdf`, () => {
      let total = 0;
      for (let k = 0; k < 2000; k++) {
        total += Math.exp(d.logProb(k));
        if (k < 400) expect(d.cdf(k)).toBeCloseTo(total, 11);
      }
      expect(total).toBeCloseTo(1, 12);
      for (const p of [0.01, 0.3, 0.5, 0.9]) {
        const k = d.quantile(p);
        expect(d.cdf(k)).toBeGreaterThanOrEqual(p * (1 - 1e-12));
        if (k > 0) expect(d.cdf(k - 1)).toBeLessThan(p);
      }
      expect(d.logProb(0.5)).toBe(Number.NEGATIVE_INFINITY);
      expect(d.logProb(-1)).toBe(Number.NEGATIVE_INFINITY);
    });

    it(`${label(d)}: entropy = −Σ p log p; sample mean matches`, () => {
      let h = 0;
      let mean = 0;
      for (let k = 0; k < 2000; k++) {
        const l = d.logProb(k);
        if (l > -700) {
          h -= Math.exp(l) * l;
          mean += k * Math.exp(l);
        }
      }
      expect(d.entropy()).toBeCloseTo(h, 10);
      expect(d.mean).toBeCloseTo(mean, 10);
      const xs = d.sample(createRng(5), 100000);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(m - d.mean)).toBeLessThan(6 * Math.sqrt(d.variance / xs.length) + 1e-12);
    });
  }
});

describe('multivariate families', () => {
  it('MultivariateNormal: log density against the bivariate formula; sample covariance', () => {
    const s1 = 1.5;
    const s2 = 0.7;
    const rho = 0.6;
    const mvn = new MultivariateNormal(
      [1, -1],
      [
        [s1 * s1, rho * s1 * s2],
        [rho * s1 * s2, s2 * s2],
      ],
    );
    const [x, y] = [0.3, -0.2];
    const zx = (x - 1) / s1;
    const zy = (y + 1) / s2;
    const q = (zx * zx - 2 * rho * zx * zy + zy * zy) / (1 - rho * rho);
    const want = -Math.log(2 * Math.PI * s1 * s2 * Math.sqrt(1 - rho * rho)) - q / 2;
    expect(mvn.logProb([x, y])).toBeCloseTo(want, 13);
    const { data } = mvn.sample(createRng(9), 100000);
    let cxy = 0;
    for (let i = 0; i < data.length; i += 2) cxy += (data[i] - 1) * (data[i + 1] + 1);
    expect(cxy / 100000).toBeCloseTo(rho * s1 * s2, 1);
  });

  it('Dirichlet: log density integrates to 1 on the 2-simplex (Beta marginal) and entropy matches Beta', () => {
    const d = new Dirichlet([2, 3]);
    const b = new Beta(2, 3);
    expect(d.logProb([0.3, 0.7])).toBeCloseTo(b.logProb(0.3), 13);
    expect(d.entropy()).toBeCloseTo(b.entropy(), 13);
    const { data, shape } = new Dirichlet([1, 2, 3]).sample(createRng(2), 1000);
    expect(shape).toEqual([1000, 3]);
    expect(data[0] + data[1] + data[2]).toBeCloseTo(1, 14);
    // Tiny concentrations: the gammas underflow, the normalised draws must not be NaN.
    const tiny = new Dirichlet([0.001, 0.001, 0.001]).sample(createRng(1), 200).data;
    expect(tiny.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe('invalid parameters throw at construction', () => {
  const bad: [string, () => unknown][] = [
    ['Normal scale 0', () => new Normal(0, 0)],
    ['Normal scale NaN', () => new Normal(0, Number.NaN)],
    ['Normal loc Infinity', () => new Normal(Number.POSITIVE_INFINITY, 1)],
    ['Exponential rate −1', () => new Exponential(-1)],
    ['Gamma concentration 0', () => new Gamma(0, 1)],
    ['Beta concentration −1', () => new Beta(-1, 1)],
    ['Uniform low ≥ high', () => new Uniform(1, 1)],
    ['Bernoulli p 1.5', () => new Bernoulli(1.5)],
    ['Binomial n 2.5', () => new Binomial(2.5, 0.5)],
    ['Geometric p 0', () => new Geometric(0)],
    ['Poisson rate −1', () => new Poisson(-1)],
    ['StudentT df 0', () => new StudentT(0, 0, 1)],
    ['Pareto alpha 0', () => new Pareto(1, 0)],
    ['Weibull scale −1', () => new Weibull(-1, 1)],
    ['Dirichlet one entry', () => new Dirichlet([1])],
    ['Bernoulli both probs and logits', () => new Bernoulli({ probs: 0.5, logits: 0 } as never)],
    ['Bernoulli neither probs nor logits', () => new Bernoulli({} as never)],
    ['Bernoulli logits NaN', () => new Bernoulli({ logits: Number.NaN })],
    ['Geometric logits −Infinity', () => new Geometric({ logits: Number.NEGATIVE_INFINITY })],
    ['Binomial logits a string', () => new Binomial(3, { logits: '1' as never })],
    ['Categorical both probs and logits', () => new Categorical({ probs: [1], logits: [0] } as never)],
    ['ContinuousBernoulli probs 0', () => new ContinuousBernoulli(0)],
    ['ContinuousBernoulli probs 1', () => new ContinuousBernoulli(1)],
    [
      'ContinuousBernoulli logits Infinity',
      () => new ContinuousBernoulli({ logits: Number.POSITIVE_INFINITY }),
    ],
  ];
  for (const [name, f] of bad) {
    it(name, () => {
      expect(f).toThrow(SurprisalError);
      try {
        f();
      } catch (e) {
        expect((e as SurprisalError).code).toBe('INVALID_PARAMETER');
      }
    });
  }

  it('a covariance that is not positive definite is NOT_POSITIVE_DEFINITE', () => {
    try {
      new MultivariateNormal(
        [0, 0],
        [
          [1, 2],
          [2, 1],
        ],
      );
      expect.unreachable();
    } catch (e) {
      expect((e as SurprisalError).code).toBe('NOT_POSITIVE_DEFINITE');
    }
  });

  it('Categorical probabilities that do not sum to 1 need { normalize: true }', () => {
    expect(() => new Categorical([1, 2, 3])).toThrow(/normalize/);
    expect(new Categorical([1, 2, 1], { normalize: true }).probs[1]).toBe(0.5);
  });
});
