/**
 * Distribution tests of the variates at fixed seeds, n = 1e5 each unless stated:
 * - moments: the sample mean within 5 standard errors of the truth (σ/√n), and the sample variance within
 *   5 standard errors ((μ₄ − σ⁴)/n)^½ where the fourth moment is finite;
 * - Kolmogorov–Smirnov against the exact CDF (continuous variates);
 * - chi-square goodness of fit with bins of expected count ≥ 5 (discrete variates, the alias table).
 * Every test asserts a p-value above 1e-4 (KS: Kolmogorov's limiting distribution with Stephens' (1970)
 * small-sample correction; chi-square: the regularised gamma function), so with the seeds fixed the
 * outcome is deterministic, and a correct sampler would fail a given check with probability 1e-4 only
 * for an unlucky seed. The statistics are also printed once (see the last test) for the record.
 *
 * The reference CDFs are written here, independently of the library: Lanczos log-gamma, the regularised
 * incomplete gamma by series / continued fraction (Numerical Recipes §6.2), erfc(x) = Q(½, x²), closed
 * forms for Beta(2, 5), Beta(½, ½), Student-t with 1 and 3 degrees of freedom.
 */
import { describe, expect, it } from 'vitest';
import { aliasTable } from '../../src/random/aliasTable.js';
import { createRng, type Rng } from '../../src/random/random.js';
import { thrown } from '../helpers/errors.js';

const N = 100_000;
const P_MIN = 1e-4;
const report: string[] = [];

// ---------- reference special functions ----------

/** ln Γ(x), x > 0: Lanczos (g = 7, 9 terms), relative error ~1e-15. */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) and its complement Q = 1 − P, each accurate on its own. */
function gammaPQ(a: number, x: number): [number, number] {
  if (x <= 0) return [0, 1];
  const front = Math.exp(a * Math.log(x) - x - lgamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    const p = sum * front;
    return [p, 1 - p];
  }
  // Modified Lentz continued fraction for Q.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  const q = front * h;
  return [1 - q, q];
}

/** Standard normal CDF from erfc(t) = Q(½, t²). */
function normalCdf(x: number): number {
  const half = 0.5 * gammaPQ(0.5, 0.5 * x * x)[1]; // ½·erfc(|x|/√2)
  return x < 0 ? half : 1 - half;
}

/** Upper tail of the standard normal, accurate far out. */
function normalSf(x: number): number {
  return x > 0 ? 0.5 * gammaPQ(0.5, 0.5 * x * x)[1] : 1 - normalCdf(x);
}

/** P(χ²_df > x). */
function chiSquareSf(x: number, df: number): number {
  return gammaPQ(0.5 * df, 0.5 * x)[1];
}

/** Kolmogorov's limiting distribution: P(√n·D > λ) = 2 Σ (−1)^{k−1} exp(−2k²λ²). */
function kolmogorovSf(lambda: number): number {
  if (lambda < 0.2) return 1;
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += (k % 2 === 1 ? 2 : -2) * t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, s));
}

// ---------- test statistics ----------

function sample(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

/** KS statistic D and its p-value (Stephens' correction (√n + 0.12 + 0.11/√n)·D). */
function ks(xs: Float64Array, cdf: (x: number) => number): { d: number; p: number } {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const sq = Math.sqrt(n);
  return { d, p: kolmogorovSf((sq + 0.12 + 0.11 / sq) * d) };
}

function expectKs(name: string, xs: Float64Array, cdf: (x: number) => number): void {
  const { d, p } = ks(xs, cdf);
  report.push(`KS ${name}: D = ${d.toExponential(3)}, p = ${p.toFixed(4)} (n = ${xs.length})`);
  expect(p, `${name}: KS D = ${d}`).toBeGreaterThan(P_MIN);
}

/**
 * Chi-square goodness of fit of integer samples against a mass function on {0, 1, ...}: bins of
 * consecutive values merged left to right until each expects ≥ 5, the last bin taking the upper tail.
 */
function chiSquare(xs: Float64Array, pmf: (k: number) => number): { stat: number; df: number; p: number } {
  const n = xs.length;
  let max = 0;
  let bad = 0;
  for (const x of xs) {
    if (!(Number.isInteger(x) && x >= 0)) bad++;
    max = Math.max(max, x);
  }
  expect(bad, 'non-integer or negative draws').toBe(0);
  const counts = new Float64Array(max + 1);
  for (const x of xs) counts[x]++;
  const probs: number[] = [];
  const observed: number[] = [];
  let accP = 0;
  let accO = 0;
  let total = 0;
  for (let k = 0; k <= max; k++) {
    const pk = pmf(k);
    accP += pk;
    accO += counts[k];
    total += pk;
    if (accP * n >= 5) {
      probs.push(accP);
      observed.push(accO);
      accP = 0;
      accO = 0;
    }
  }
  // Whatever is left, plus the tail beyond the largest observation, joins the last bin.
  const tail = Math.max(0, 1 - total) + accP;
  if (probs.length === 0) return { stat: 0, df: 0, p: 1 };
  probs[probs.length - 1] += tail;
  observed[observed.length - 1] += accO;
  let stat = 0;
  for (let i = 0; i < probs.length; i++) {
    const e = n * probs[i];
    stat += ((observed[i] - e) * (observed[i] - e)) / e;
  }
  const df = probs.length - 1;
  return { stat, df, p: df > 0 ? chiSquareSf(stat, df) : 1 };
}

function expectChiSquare(name: string, xs: Float64Array, pmf: (k: number) => number): void {
  const { stat, df, p } = chiSquare(xs, pmf);
  report.push(`χ² ${name}: ${stat.toFixed(2)} on ${df} df, p = ${p.toFixed(4)} (n = ${xs.length})`);
  expect(df, `${name}: too few bins`).toBeGreaterThan(0);
  expect(p, `${name}: chi-square ${stat} on ${df} df`).toBeGreaterThan(P_MIN);
}

/** Mean within 5 SE; variance within 5 SE when the excess kurtosis is finite. */
function expectMoments(xs: ArrayLike<number>, mean: number, variance: number, excessKurtosis: number): void {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) * (xs[i] - m);
  v /= n - 1;
  expect(Math.abs(m - mean), `mean ${m} vs ${mean}`).toBeLessThan(5 * Math.sqrt(variance / n));
  if (Number.isFinite(excessKurtosis)) {
    const mu4 = (excessKurtosis + 3) * variance * variance;
    const se = Math.sqrt((mu4 - variance * variance) / n);
    expect(Math.abs(v - variance), `variance ${v} vs ${variance}`).toBeLessThan(5 * se);
  }
}

// ---------- mass functions and CDFs ----------

const poissonPmf = (lambda: number) => (k: number) => Math.exp(k * Math.log(lambda) - lambda - lgamma(k + 1));
const binomialPmf = (n: number, p: number) => (k: number) =>
  k > n
    ? 0
    : Math.exp(
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
      );
const gammaCdf = (a: number) => (x: number) => gammaPQ(a, x)[0];
/** I_x(2, 5) = P(Binomial(6, x) ≥ 2) = 1 − (1−x)⁶ − 6x(1−x)⁵. */
const beta25Cdf = (x: number) => 1 - (1 - x) ** 6 - 6 * x * (1 - x) ** 5;
/** Arcsine law: I_x(½, ½) = (2/π)·asin(√x). */
const arcsineCdf = (x: number) => (2 / Math.PI) * Math.asin(Math.sqrt(x));
const t3Cdf = (t: number) =>
  0.5 + (t / (Math.sqrt(3) * (1 + (t * t) / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI;
const cauchyCdf = (t: number) => 0.5 + Math.atan(t) / Math.PI;

function betaKurtosis(a: number, b: number): number {
  return (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
}

// ---------- tests ----------

describe('reference functions used by these tests', () => {
  it('agree with known values', () => {
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalSf(5)).toBeCloseTo(2.866515718791939e-7, 20);
    expect(gammaCdf(1)(2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(gammaCdf(3)(2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 14);
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(kolmogorovSf(1.3580986393225505)).toBeCloseTo(0.05, 6);
  });
});

describe('continuous variates: moments and Kolmogorov–Smirnov', () => {
  it('uniform: mean ½, variance 1/12, KS against x', () => {
    const rng = createRng(101);
    const xs = sample(N, () => rng.uniform());
    expectMoments(xs, 0.5, 1 / 12, -1.2);
    expectKs('uniform', xs, (x) => x);
    const open = sample(N, () => rng.uniformOpen());
    expectKs('uniformOpen', open, (x) => x);
  });

  it('normal(): mean 0, variance 1, KS against Φ', () => {
    const rng = createRng(102);
    const xs = sample(N, () => rng.normal());
    expectMoments(xs, 0, 1, 0);
    expectKs('normal', xs, normalCdf);
  });

  it('normal tail and the top of the ziggurat: |Z| beyond 3 given |Z| > 3 (2e6 draws)', () => {
    const rng = createRng(103);
    const tail: number[] = [];
    const n = 2_000_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      if (Math.abs(z) > 3) tail.push(Math.abs(z));
    }
    const q3 = normalSf(3);
    const expected = 2 * q3 * n;
    expect(Math.abs(tail.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expectKs(
      'normal | |z| > 3 (tail beyond r = 3.654)',
      Float64Array.from(tail),
      (x) => 1 - normalSf(x) / q3,
    );
  });

  it('fillNormal(out, loc, scale) and normal(loc, scale)', () => {
    const rng = createRng(104);
    const xs = rng.fillNormal(new Float64Array(N), 3, 2);
    expectMoments(xs, 3, 4, 0);
    expectKs('fillNormal(3, 2)', xs, (x) => normalCdf((x - 3) / 2));
    expectMoments(
      sample(20_000, () => rng.normal(-1, 0.5)),
      -1,
      0.25,
      0,
    );
    const f32 = rng.fillNormal(new Float32Array(N));
    expectMoments(f32, 0, 1, 0);
  });

  it('exponential(): mean 1, variance 1, KS against 1 − e^{−x}; fillExponential with a rate', () => {
    const rng = createRng(105);
    const xs = sample(N, () => rng.exponential());
    expectMoments(xs, 1, 1, 6);
    expectKs('exponential', xs, (x) => 1 - Math.exp(-x));
    const r = rng.fillExponential(new Float64Array(N), 4);
    expectMoments(r, 0.25, 1 / 16, 6);
    expectKs('fillExponential(rate 4)', r, (x) => 1 - Math.exp(-4 * x));
    expectMoments(
      sample(20_000, () => rng.exponential(0.5)),
      2,
      4,
      6,
    );
  });

  it('exponential tail: E − 7 given E > 7 is Exp(1) (2e6 draws; the ziggurat tail starts at 7.697)', () => {
    const rng = createRng(106);
    const over: number[] = [];
    for (let i = 0; i < 2_000_000; i++) {
      const e = rng.exponential();
      if (e > 7) over.push(e - 7);
    }
    const expected = Math.exp(-7) * 2_000_000;
    expect(Math.abs(over.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expectKs('exponential | e > 7', Float64Array.from(over), (x) => 1 - Math.exp(-x));
  });

  it.each([0.3, 1, 7.5])('gamma(%s): moments and KS against P(a, x)', (a) => {
    const rng = createRng(Math.round(1070 + 10 * a));
    const xs = sample(N, () => rng.gamma(a));
    expectMoments(xs, a, a, 6 / a);
    expectKs(`gamma(${a})`, xs, gammaCdf(a));
  });

  it('gamma(shape, scale) scales; gamma(0.01) is exact in the boost region (KS)', () => {
    const rng = createRng(108);
    expectMoments(
      sample(N, () => rng.gamma(2, 3)),
      6,
      18,
      3,
    );
    const tiny = sample(N, () => rng.gamma(0.01));
    expectKs('gamma(0.01)', tiny, gammaCdf(0.01));
  });

  it('gamma(1e-3) does not collapse: about half the draws are positive doubles, none NaN', () => {
    // P(G < 2^-1074) = P(1e-3, 2^-1074) ≈ e^{-0.744}/Γ(1.001) ≈ 0.475: those must round to 0, the rest not.
    const rng = createRng(109);
    const n = 20_000;
    let zeros = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const g = rng.gamma(1e-3);
      if (!(g >= 0)) bad++;
      if (g === 0) zeros++;
    }
    expect(bad).toBe(0);
    const p0 = gammaCdf(1e-3)(2 ** -1074);
    expect(Math.abs(zeros / n - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / n));
  });

  it('beta(2, 5) and beta(0.5, 0.5): moments and KS against closed forms', () => {
    const rng = createRng(110);
    const b25 = sample(N, () => rng.beta(2, 5));
    expectMoments(b25, 2 / 7, (2 * 5) / (49 * 8), betaKurtosis(2, 5));
    expectKs('beta(2, 5)', b25, beta25Cdf);
    const arc = sample(N, () => rng.beta(0.5, 0.5));
    expectMoments(arc, 0.5, 1 / 8, betaKurtosis(0.5, 0.5));
    expectKs('beta(0.5, 0.5)', arc, arcsineCdf);
  });

  it('beta(1e-3, 1e-3) never gives NaN: half the mass at each end', () => {
    const rng = createRng(111);
    const n = 20_000;
    let low = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const b = rng.beta(1e-3, 1e-3);
      if (!(b >= 0 && b <= 1)) bad++;
      if (b < 0.5) low++;
    }
    expect(bad).toBe(0);
    expect(Math.abs(low / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it('studentT(3) and studentT(1) (Cauchy): KS against closed forms; studentT(10) moments', () => {
    const rng = createRng(112);
    const t3 = sample(N, () => rng.studentT(3));
    expectMoments(t3, 0, 3, Number.POSITIVE_INFINITY);
    expectKs('studentT(3)', t3, t3Cdf);
    expectKs(
      'studentT(1)',
      sample(N, () => rng.studentT(1)),
      cauchyCdf,
    );
    expectMoments(
      sample(N, () => rng.studentT(10)),
      0,
      10 / 8,
      1,
    );
  });

  it('chiSquared(4) and chiSquared(0.5): moments and KS against P(df/2, x/2)', () => {
    const rng = createRng(113);
    const c4 = sample(N, () => rng.chiSquared(4));
    expectMoments(c4, 4, 8, 3);
    expectKs('chiSquared(4)', c4, (x) => gammaCdf(2)(x / 2));
    const c05 = sample(N, () => rng.chiSquared(0.5));
    expectMoments(c05, 0.5, 1, 24);
    expectKs('chiSquared(0.5)', c05, (x) => gammaCdf(0.25)(x / 2));
  });
});

describe('discrete variates: moments and chi-square goodness of fit', () => {
  it.each([0.5, 4, 30, 1000])('poisson(%s)', (lambda) => {
    const rng = createRng(Math.round(2000 + 10 * lambda));
    const xs = sample(N, () => rng.poisson(lambda));
    expectMoments(xs, lambda, lambda, 1 / lambda);
    expectChiSquare(`poisson(${lambda})`, xs, poissonPmf(lambda));
  });

  it('poisson at the inversion / PTRS boundary (9.99, 10) and for huge λ (1e12)', () => {
    const rng = createRng(201);
    expectChiSquare(
      'poisson(9.99)',
      sample(N, () => rng.poisson(9.99)),
      poissonPmf(9.99),
    );
    expectChiSquare(
      'poisson(10)',
      sample(N, () => rng.poisson(10)),
      poissonPmf(10),
    );
    const big = sample(20_000, () => rng.poisson(1e12));
    expectMoments(big, 1e12, 1e12, 1e-12);
    expect(rng.poisson(0)).toBe(0);
  });

  it.each([
    [10, 0.3],
    [1000, 0.4],
    [50, 0.9],
    [200, 0.7],
    [25, 0.4],
    [1, 0.3],
  ])('binomial(%s, %s)', (n, p) => {
    const rng = createRng(300 + n);
    const xs = sample(N, () => rng.binomial(n, p));
    const q = 1 - p;
    expectMoments(xs, n * p, n * p * q, (1 - 6 * p * q) / (n * p * q));
    expect(xs.every((x) => x <= n)).toBe(true);
    expectChiSquare(`binomial(${n}, ${p})`, xs, binomialPmf(n, p));
  });

  it('binomial is exact at p = 0, p = 1 and n = 0, and accurate for huge n', () => {
    const rng = createRng(301);
    expect(sample(1000, () => rng.binomial(1000, 0)).every((x) => x === 0)).toBe(true);
    expect(sample(1000, () => rng.binomial(1000, 1)).every((x) => x === 1000)).toBe(true);
    expect(sample(1000, () => rng.binomial(0, 0.5)).every((x) => x === 0)).toBe(true);
    const n = 1e12;
    const big = sample(20_000, () => rng.binomial(n, 0.3));
    expectMoments(big, 0.3 * n, 0.21 * n, (1 - 6 * 0.21) / (0.21 * n));
  });
});

describe('aliasTable', () => {
  it('samples a distribution with zeros (chi-square), never drawing a zero-weight outcome', () => {
    const probs = [0.1, 0, 0.25, 0.05, 0.6, 0];
    const table = aliasTable(probs);
    expect(table.size).toBe(6);
    const out = table.fill(createRng(400), new Int32Array(N));
    const xs = Float64Array.from(out);
    expect(xs.some((x) => x === 1 || x === 5)).toBe(false);
    expectChiSquare('aliasTable(6 outcomes, 2 zero)', xs, (k) => probs[k] ?? 0);
  });

  it('normalises weights and matches a 1000-outcome distribution (chi-square)', () => {
    const rng = createRng(401);
    const weights = Array.from({ length: 1000 }, (_, i) =>
      i % 7 === 0 ? 0 : rng.uniform() * (1 + (i % 13)),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    const table = aliasTable(weights);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = table.sample(rng);
    expect(xs.every((x) => weights[x] > 0)).toBe(true);
    expectChiSquare('aliasTable(1000 weights)', xs, (k) => (weights[k] ?? 0) / total);
  });

  it('handles one outcome and tiny weights next to huge ones', () => {
    const rng = createRng(402);
    expect(aliasTable([3]).sample(rng)).toBe(0);
    const t = aliasTable([1e-300, 1, 0]);
    expect(t.fill(rng, new Int32Array(1000)).every((x) => x === 1)).toBe(true);
  });

  it('rejects bad weights with SurprisalError codes naming the index', () => {
    expect(thrown(() => aliasTable([])).code).toBe('EMPTY');
    const neg = thrown(() => aliasTable([0.5, -0.1]));
    expect(neg.code).toBe('NEGATIVE_PROBABILITY');
    expect(neg.index).toBe(1);
    expect(thrown(() => aliasTable([0.5, Number.NaN])).code).toBe('NAN');
    expect(thrown(() => aliasTable([1, Number.POSITIVE_INFINITY])).code).toBe('NOT_FINITE');
    expect(thrown(() => aliasTable([0, 0, 0])).code).toBe('NOT_NORMALIZED');
  });
});

describe('invalid parameters throw SurprisalError INVALID_OPTION naming the parameter', () => {
  const rng = createRng(500);
  const cases: [string, string, (r: Rng) => unknown][] = [
    ['gamma shape 0', 'shape', (r) => r.gamma(0)],
    ['gamma shape -1', 'shape', (r) => r.gamma(-1)],
    ['gamma shape NaN', 'shape', (r) => r.gamma(Number.NaN)],
    ['gamma shape Infinity', 'shape', (r) => r.gamma(Number.POSITIVE_INFINITY)],
    ['gamma scale 0', 'scale', (r) => r.gamma(1, 0)],
    ['beta a 0', 'a', (r) => r.beta(0, 1)],
    ['beta b -2', 'b', (r) => r.beta(1, -2)],
    ['poisson λ -1', 'lambda', (r) => r.poisson(-1)],
    ['poisson λ NaN', 'lambda', (r) => r.poisson(Number.NaN)],
    ['poisson λ Infinity', 'lambda', (r) => r.poisson(Number.POSITIVE_INFINITY)],
    ['binomial p 1.5', 'p', (r) => r.binomial(10, 1.5)],
    ['binomial p -0.1', 'p', (r) => r.binomial(10, -0.1)],
    ['binomial p NaN', 'p', (r) => r.binomial(10, Number.NaN)],
    ['binomial n 2.5', 'n', (r) => r.binomial(2.5, 0.5)],
    ['binomial n -1', 'n', (r) => r.binomial(-1, 0.5)],
    ['studentT df 0', 'df', (r) => r.studentT(0)],
    ['chiSquared df -3', 'df', (r) => r.chiSquared(-3)],
    ['normal scale -1', 'scale', (r) => r.normal(0, -1)],
    ['normal loc NaN', 'loc', (r) => r.normal(Number.NaN)],
    ['exponential rate 0', 'rate', (r) => r.exponential(0)],
    ['fillUniform high < low', 'high', (r) => r.fillUniform(new Float64Array(2), 1, 0)],
    ['fillUniform low -Infinity', 'low', (r) => r.fillUniform(new Float64Array(2), Number.NEGATIVE_INFINITY)],
    ['fillNormal scale NaN', 'scale', (r) => r.fillNormal(new Float64Array(2), 0, Number.NaN)],
    ['fillExponential rate -1', 'rate', (r) => r.fillExponential(new Float64Array(2), -1)],
  ];
  it.each(cases)('%s', (_, argument, call) => {
    const e = thrown(() => call(rng));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.argument).toBe(argument);
    expect(e.message).toContain(argument);
  });
});

describe('record', () => {
  it('prints the statistics of this run', () => {
    // Run with SURPRISAL_REPORT=1 to see the KS and chi-square statistics of every check above.
    if (process.env.SURPRISAL_REPORT) console.log(report.join('\n'));
    expect(report.length).toBeGreaterThan(20);
  });
});
