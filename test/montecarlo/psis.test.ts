/**
 * psis, gpdfit and paretoDiagnostics against R's loo 2.5.1 (Debian r-cran-loo): test/fixtures/psis.json, written by
 * test/fixtures/generate_psis.R. loo forms (lr − max) + max and sums in its own order, so weights agree to a
 * few ulps of the log ratios (|Δ| ≤ 1e-12 absolute on log weights of magnitude ≤ 30); k̂ and n_eff to 1e-10
 * relative (gpdfit's grid sums differ in order from R's).
 */
import { describe, expect, it } from 'vitest';
import { gpdfit, Normal, ndtri, paretoDiagnostics, psis, StudentT } from '../../src/index.js';
import { expectClose, loadFixture } from '../helpers/fixtures.js';

interface PsisCase {
  name: string;
  S: number;
  rEff: number;
  logRatios: number[];
  expected: { logWeightsNormalized: number[]; k: number; nEff: number; tailLength: number };
}
interface GpdCase {
  name: string;
  x: number[];
  wip: boolean;
  minGridPts: number;
  expected: { k: number; sigma: number };
}
interface Fixture {
  psis: PsisCase[];
  gpdfit: GpdCase[];
  diagnostics: {
    khatThreshold: { S: number; khatThreshold: number }[];
    minSampleSize: { k: number; minSampleSize: number }[];
    convergenceRate: { k: number; S: number; convergenceRate: number }[];
  };
}

const fx = loadFixture<Fixture>('psis.json');

describe('psis(logRatios, { rEff }) matches loo::psis', () => {
  for (const c of fx.psis) {
    it(`${c.name} (S = ${c.S}, r_eff = ${c.rEff})`, () => {
      // loo warns and returns k = Inf for tails under 5 draws; we throw unless asked for that behaviour.
      if (c.expected.tailLength < 5) expect(() => psis(c.logRatios, { rEff: c.rEff })).toThrow(/at least 5/);
      const r = psis(c.logRatios, { rEff: c.rEff, shortTail: 'infinite' });
      expect(r.tailLength).toBe(c.expected.tailLength);
      if (Number.isFinite(c.expected.k)) expectClose(r.khat, c.expected.k, 1e-10, 1e-12, 'k');
      else expect(r.khat).toBe(c.expected.k);
      expectClose(r.ess, c.expected.nEff, 1e-10, 0, 'nEff');
      expectClose(r.logWeights, c.expected.logWeightsNormalized, 0, 1e-12, 'logWeights');
    });
  }
});

describe('gpdfit(x, { wip, minGridPoints }) matches loo::gpdfit', () => {
  for (const c of fx.gpdfit) {
    it(`${c.name}`, () => {
      const r = gpdfit(c.x, { wip: c.wip, minGridPoints: c.minGridPts });
      expectClose(r.k, c.expected.k, 1e-11, 1e-14, 'k');
      expectClose(r.sigma, c.expected.sigma, 1e-11, 1e-14, 'sigma');
    });
  }
});

describe('paretoDiagnostics(k, S) matches the loo / posterior formulas', () => {
  it('threshold, minimum sample size and convergence rate', () => {
    for (const t of fx.diagnostics.khatThreshold)
      expectClose(paretoDiagnostics(0, t.S).threshold, t.khatThreshold, 1e-15, 0, `S=${t.S}`);
    for (const m of fx.diagnostics.minSampleSize) {
      const got = paretoDiagnostics(m.k, 1000).minSampleSize;
      if (Number.isFinite(m.minSampleSize)) expectClose(got, m.minSampleSize, 1e-14, 0, `k=${m.k}`);
      else expect(got).toBe(m.minSampleSize);
    }
    for (const c of fx.diagnostics.convergenceRate) {
      expectClose(
        paretoDiagnostics(c.k, c.S).convergenceRate,
        c.convergenceRate,
        1e-12,
        1e-14,
        `k=${c.k}, S=${c.S}`,
      );
    }
  });
});

describe('psis tailLength: the tail-length override (posterior pareto_smooth ndraws_tail)', () => {
  // R loo 2.5.1: loo:::do_psis_i(lr, tail_len_i = M) on lr = dt(z − 0.25, 3, log = TRUE) − dnorm(z, log = TRUE),
  // z = qnorm((1:1000 − 0.5)/1000); k̂, the last normalised log weight and 1/Σw² (Rscript, this session).
  const S = 1000;
  const lr = Array.from({ length: S }, (_, i) => {
    const z = ndtri((i + 0.5) / S);
    return new StudentT(3, 0.25, 1).logProb(z) - new Normal(0, 1).logProb(z);
  });
  const want: [number, number, number, number][] = [
    [20, 0.55980375998455634, -4.3509313828940259, 758.35469579035544],
    [50, 0.61749900939522429, -4.3502847902278159, 759.9064132810787],
    [300, 0.74418859677697891, -4.3489446007517563, 758.16125054421911],
  ];
  for (const [m, khat, last, ess] of want) {
    it(`tailLength ${m} smooths the ${m} largest draws as loo's do_psis_i(lr, tail_len_i = ${m})`, () => {
      const r = psis(lr, { tailLength: m });
      expect(r.tailLength).toBe(m);
      expect(Math.abs(r.khat - khat)).toBeLessThan(1e-9);
      expect(Math.abs(r.logWeights[S - 1] - last)).toBeLessThan(1e-9);
      expect(Math.abs(r.ess - ess) / ess).toBeLessThan(1e-9);
    });
  }
  it('is an integer in [5, S − 1]', () => {
    for (const bad of [4, S, 1.5, Number.NaN, '50']) {
      expect(() => psis(lr, { tailLength: bad as number })).toThrow(/tailLength/);
    }
    expect(psis(lr, { tailLength: Math.ceil(Math.min(0.2 * S, 3 * Math.sqrt(S))) }).khat).toBe(psis(lr).khat);
  });
});
