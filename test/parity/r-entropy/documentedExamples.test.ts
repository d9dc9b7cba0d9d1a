/**
 * R `entropy` 1.3.2 parity: every example of the package's help pages (man/*.Rd), ported one by one and named by
 * its page and call, against test/fixtures/r_entropy.json (test/fixtures/generate_r_entropy.R: the package's
 * estimators re-implemented in base R from their definitions, base R's chisq.test alongside).
 *
 * Not ported, deliberately: `freqs.empirical`, `freqs.Dirichlet`, `freqs.shrink` return the frequency vectors,
 * which are not an export here (every estimator built on them is checked, and λ is returned as `lambda`);
 * `entropy(y, method = "NSB")` is commented out in R's own example (it needs an external binary; our NSB is
 * checked against the R documentation's 2.187774 in test/estimators/estimateEntropy.test.ts); R's `unit`
 * argument of chi2.* divides χ² by log 2 or log 10, which has no meaning for χ², so only unit = "log" is ported.
 */
import { describe, expect, it } from 'vitest';
import {
  type EntropyMethod,
  entropy,
  estimateChiSquaredDivergence,
  estimateChiSquaredIndependence,
  estimateEntropy,
  estimateKlDivergence,
  estimateMutualInformation,
  goodnessOfFitTest,
  independenceTest,
  klDivergence,
  mutualInformation,
} from '../../../src/index.js';
import { expectClose, loadFixture } from '../../helpers/fixtures.js';

interface Case {
  source: string;
  name: string;
  call: string;
  value: number | number[];
  lambda?: number | number[];
  df?: number;
  pValue?: number;
  chisqTest?: { statistic: number; pValue: number };
}
interface Inputs {
  y: number[];
  y1: number[];
  y2: number[];
  y2d: number[];
  y2dShape: [number, number];
  yMat: number[];
  yMatShape: [number, number];
  freqsExpected: number[];
  yGstat: number[];
  freqs1: number[];
  freqs2: number[];
  freqs2d: number[];
  freqs2dShape: [number, number];
}
const { inputs, cases } = loadFixture<{ inputs: Inputs; cases: Case[] }>('r_entropy.json');
const byName = new Map(cases.map((c) => [c.name, c]));
function ref(name: string): Case {
  const c = byName.get(name);
  if (!c) throw new Error(`r_entropy.json has no case ${name}`);
  return c;
}
const value = (name: string) => ref(name).value as number;
const RTOL = 1e-13;
const rows = (flat: number[], [r, c]: [number, number]) =>
  Array.from({ length: r }, (_, i) => flat.slice(i * c, (i + 1) * c));
/** Paired samples whose contingency table is t (row i, column j repeated t[i][j] times). */
function pairsOf(t: number[][]): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  t.forEach((r, i) => {
    r.forEach((c, j) => {
      for (let k = 0; k < c; k++) {
        x.push(i);
        y.push(j);
      }
    });
  });
  return [x, y];
}
const y2d = rows(inputs.y2d, inputs.y2dShape);
const yMat = rows(inputs.yMat, inputs.yMatShape);

describe('man/entropy.Rd: entropy(y, method) for y = c(4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1)', () => {
  const methods: [string, EntropyMethod][] = [
    ['ML', 'plugin'],
    ['MM', 'miller-madow'],
    ['Jeffreys', 'jeffreys'],
    ['Laplace', 'laplace'],
    ['SG', 'schurmann-grassberger'],
    ['minimax', 'minimax'],
    ['CS', 'chao-shen'],
    ['shrink', 'shrink'],
  ];
  for (const [r, ours] of methods) {
    it(`${ref(r).call} = estimateEntropy({ counts: y }, { method: '${ours}' })`, () => {
      const e = estimateEntropy({ counts: inputs.y }, { method: ours });
      expectClose(e.value, value(r), RTOL, 0, r);
      if (ours === 'shrink') expectClose(e.lambda ?? Number.NaN, ref(r).lambda as number, RTOL, 0, 'lambda');
    });
  }
});

describe('man/entropy.plugin.Rd, entropy.MillerMadow.Rd, entropy.ChaoShen.Rd', () => {
  it('entropy.plugin(freqs) = entropy(freqs), freqs = c(0.2, 0.1, 0.15, 0.05, 0, 0.3, 0.2)', () => {
    expectClose(entropy([0.2, 0.1, 0.15, 0.05, 0, 0.3, 0.2]), value('entropy.plugin'), RTOL, 0);
  });
  it("entropy.MillerMadow(y) = estimateEntropy({ counts: y }, { method: 'miller-madow' })", () => {
    const e = estimateEntropy({ counts: inputs.y }, { method: 'miller-madow' });
    expectClose(e.value, value('entropy.MillerMadow'), RTOL, 0);
  });
  it("entropy.ChaoShen(y) = estimateEntropy({ counts: y }, { method: 'chao-shen' })", () => {
    const e = estimateEntropy({ counts: inputs.y }, { method: 'chao-shen' });
    expectClose(e.value, value('entropy.ChaoShen'), RTOL, 0);
  });
});

describe('man/entropy.Dirichlet.Rd', () => {
  const pseudo: [string, EntropyMethod][] = [
    ['entropy.Dirichlet a=0', 'plugin'],
    ['entropy.Dirichlet a=1/2', 'jeffreys'],
    ['entropy.Dirichlet a=1', 'laplace'],
    ['entropy.Dirichlet a=1/length(y)', 'schurmann-grassberger'],
    ['entropy.Dirichlet a=sqrt(sum(y))/length(y)', 'minimax'],
  ];
  for (const [r, ours] of pseudo) {
    it(`${ref(r).call} = estimateEntropy({ counts: y }, { method: '${ours}' })`, () => {
      expectClose(estimateEntropy({ counts: inputs.y }, { method: ours }).value, value(r), RTOL, 0);
    });
  }
  it("KL.Dirichlet(y1, y2, a1=1/6, a2=1/6) = estimateKlDivergence(counts, { method: 'dirichlet', pseudocount: 1/6 })", () => {
    const p = { counts: inputs.y1 };
    const q = { counts: inputs.y2 };
    const d = estimateKlDivergence(p, q, { method: 'dirichlet', pseudocount: [1 / 6, 1 / 6] });
    expectClose(d.value, value('KL.Dirichlet'), RTOL, 0);
    // a = 1/K with K = 6 bins is Schurmann–Grassberger's pseudocount.
    const sg = estimateKlDivergence(p, q, { method: 'schurmann-grassberger' });
    expectClose(sg.value, value('KL.Dirichlet'), RTOL, 0);
  });
  it("0.5*chi2.Dirichlet(y1, y2, a1=1/6, a2=1/6) = 0.5 * estimateChiSquaredDivergence(..., { method: 'dirichlet' })", () => {
    const c = estimateChiSquaredDivergence(
      { counts: inputs.y1 },
      { counts: inputs.y2 },
      { method: 'dirichlet', pseudocount: 1 / 6 },
    );
    expectClose(0.5 * c.value, value('chi2.Dirichlet'), RTOL, 0);
  });
  it("mi.Dirichlet(y2d, a=1/6) = estimateMutualInformation(pairs, { method: 'schurmann-grassberger' }) (a = 1/6 cells)", () => {
    const [x, y] = pairsOf(y2d);
    const mi = estimateMutualInformation(x, y, { method: 'schurmann-grassberger' });
    expectClose(mi.value, value('mi.Dirichlet'), 1e-12, 0);
  });
  it("0.5*chi2indep.Dirichlet(y2d, a=1/6) = 0.5 * estimateChiSquaredIndependence(y2d, { method: 'dirichlet' })", () => {
    const c = estimateChiSquaredIndependence(y2d, { method: 'dirichlet', pseudocount: 1 / 6 });
    expectClose(0.5 * c.value, value('chi2indep.Dirichlet'), RTOL, 0);
  });
});

describe('man/entropy.shrink.Rd', () => {
  it("freqs.shrink(y) / entropy.shrink(y): lambda and value of estimateEntropy(..., { method: 'shrink' })", () => {
    const e = estimateEntropy({ counts: inputs.y }, { method: 'shrink' });
    expectClose(e.value, value('entropy.shrink'), RTOL, 0);
    expectClose(e.lambda ?? Number.NaN, ref('freqs.shrink').lambda as number, RTOL, 0);
  });
  it("KL.shrink(y1, y2) = estimateKlDivergence({ counts }, { counts }, { method: 'shrink' }), with both lambdas", () => {
    const d = estimateKlDivergence({ counts: inputs.y1 }, { counts: inputs.y2 }, { method: 'shrink' });
    expectClose(d.value, value('KL.shrink'), RTOL, 0);
    expectClose(d.lambda ?? [], ref('KL.shrink').lambda as number[], RTOL, 0, 'lambda');
  });
  it("0.5*chi2.shrink(y1, y2) = 0.5 * estimateChiSquaredDivergence(..., { method: 'shrink' })", () => {
    const c = estimateChiSquaredDivergence(
      { counts: inputs.y1 },
      { counts: inputs.y2 },
      { method: 'shrink' },
    );
    expectClose(0.5 * c.value, value('chi2.shrink'), RTOL, 0);
  });
  it("mi.shrink(y2d) = estimateMutualInformation(pairs, { method: 'shrink' }): lambda 1, MI 0", () => {
    const [x, y] = pairsOf(y2d);
    const mi = estimateMutualInformation(x, y, { method: 'shrink' });
    expect(mi.value).toBe(value('mi.shrink'));
    expect(mi.lambda).toBe(ref('mi.shrink').lambda);
  });
  it("0.5*chi2indep.shrink(y2d) = 0.5 * estimateChiSquaredIndependence(y2d, { method: 'shrink' })", () => {
    const c = estimateChiSquaredIndependence(y2d, { method: 'shrink' });
    expectClose(0.5 * c.value, value('chi2indep.shrink'), RTOL, 1e-17);
  });
});

describe('man/entropy.empirical.Rd', () => {
  // y2 = n * freqs.expected: the integers 2, 3, 7, 1, 4, 3 up to R's rounding.
  const y2 = inputs.freqsExpected.map((f) => Math.round(20 * f));
  it('entropy.empirical(y) = estimateEntropy({ counts: y })', () => {
    expectClose(estimateEntropy({ counts: inputs.y }).value, value('entropy.empirical'), RTOL, 0);
  });
  it('KL.empirical(y1, y2) = estimateKlDivergence({ counts: y1 }, { counts: y2 })', () => {
    const d = estimateKlDivergence({ counts: inputs.yGstat }, { counts: y2 });
    expectClose(d.value, value('KL.empirical'), RTOL, 0);
  });
  it('chi2.empirical(y1, y2) = estimateChiSquaredDivergence({ counts: y1 }, { counts: y2 })', () => {
    const c = estimateChiSquaredDivergence({ counts: inputs.yGstat }, { counts: y2 });
    expectClose(c.value, value('chi2.empirical'), RTOL, 0);
  });
  it("mi.empirical(y.mat) = estimateMutualInformation(pairs, { method: 'plugin' })", () => {
    const [x, y] = pairsOf(yMat);
    expectClose(estimateMutualInformation(x, y, { method: 'plugin' }).value, value('mi.empirical'), 1e-12, 0);
  });
  it('chi2indep.empirical(y.mat) = estimateChiSquaredIndependence(y.mat)', () => {
    expectClose(estimateChiSquaredIndependence(yMat).value, value('chi2indep.empirical'), RTOL, 0);
  });
});

describe('man/KL.plugin.Rd', () => {
  it('KL.plugin(freqs1, freqs2) = klDivergence(freqs1, freqs2), and from counts 10·freqs', () => {
    expectClose(klDivergence(inputs.freqs1, inputs.freqs2), value('KL.plugin'), RTOL, 0);
    const d = estimateKlDivergence({ counts: [2, 2, 6] }, { counts: [1, 4, 5] });
    expectClose(d.value, value('KL.plugin'), RTOL, 0);
  });
  it('0.5*chi2.plugin(freqs1, freqs2) = 0.5 * estimateChiSquaredDivergence of counts 10·freqs', () => {
    const c = estimateChiSquaredDivergence({ counts: [2, 2, 6] }, { counts: [1, 4, 5] });
    expectClose(0.5 * c.value, value('chi2.plugin'), RTOL, 0);
  });
  it("n*chi2.plugin with n = 30 and its p-value = goodnessOfFitTest(30·freqs1, { expected: freqs2, statistic: 'pearson' }) = chisq.test", () => {
    const r = ref('Pearson statistic');
    const t = goodnessOfFitTest([6, 6, 18], { expected: inputs.freqs2, statistic: 'pearson' });
    expectClose(t.statistic, r.value as number, RTOL, 0);
    expect(t.df).toBe(r.df);
    expectClose(t.pValue, r.pValue as number, 1e-12, 0);
    expectClose(t.pValue, r.chisqTest?.pValue as number, 1e-12, 0, 'chisq.test');
  });
});

describe('man/mi.plugin.Rd', () => {
  const f = rows(inputs.freqs2d, inputs.freqs2dShape);
  it('mi.plugin(freqs2d) = mutualInformation(freqs2d) = H1 + H2 − H12', () => {
    expectClose(mutualInformation(f), value('mi.plugin'), 1e-12, 0);
    expectClose(mutualInformation(f), value('H1+H2-H12'), 1e-12, 0);
  });
  it('0.5*chi2indep.plugin(freqs2d) = 0.5 * estimateChiSquaredIndependence(20·freqs2d)', () => {
    const c = estimateChiSquaredIndependence(f.map((r) => r.map((v) => Math.round(20 * v))));
    expectClose(0.5 * c.value, value('chi2indep.plugin'), RTOL, 0);
  });
});

describe('man/Gstat.Rd', () => {
  const y = inputs.yGstat;
  it('Gstat(y, freqs.expected) = goodnessOfFitTest(y, { expected }) (statistic, df, p-value)', () => {
    const r = ref('Gstat');
    const t = goodnessOfFitTest(y, { expected: inputs.freqsExpected });
    expectClose(t.statistic, r.value as number, RTOL, 0);
    expect(t.df).toBe(r.df);
    expectClose(t.pValue, r.pValue as number, 1e-12, 0);
  });
  it('Gstat(y, y.expected): expected counts give the same test', () => {
    const t = goodnessOfFitTest(y, { expected: inputs.freqsExpected.map((f) => 20 * f) });
    expectClose(t.statistic, value('Gstat from counts'), RTOL, 0);
  });
  it("chi2stat(y, freqs.expected) = goodnessOfFitTest(y, { expected, statistic: 'pearson' }) = chisq.test(y, p = freqs.expected)", () => {
    const r = ref('chi2stat');
    const t = goodnessOfFitTest(y, { expected: inputs.freqsExpected, statistic: 'pearson' });
    expectClose(t.statistic, r.value as number, RTOL, 0);
    expectClose(t.pValue, r.pValue as number, 1e-12, 0);
    expectClose(t.statistic, r.chisqTest?.statistic as number, RTOL, 0, 'chisq.test');
  });
  it('Gstatindep(y.mat) = independenceTest(y.mat)', () => {
    const r = ref('Gstatindep');
    const t = independenceTest(yMat);
    expectClose(t.statistic, r.value as number, RTOL, 0);
    expect(t.df).toBe(r.df);
    expectClose(t.pValue, r.pValue as number, 1e-12, 0);
  });
  it("chi2statindep(y.mat) = independenceTest(y.mat, { statistic: 'pearson' }) = chisq.test(y.mat)", () => {
    const r = ref('chi2statindep');
    const t = independenceTest(yMat, { statistic: 'pearson' });
    expectClose(t.statistic, r.value as number, RTOL, 0);
    expectClose(t.pValue, r.pValue as number, 1e-12, 0);
    expectClose(t.pValue, r.chisqTest?.pValue as number, 1e-12, 0, 'chisq.test');
  });
});
