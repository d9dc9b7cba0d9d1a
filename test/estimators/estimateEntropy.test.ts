/**
 * estimateEntropy against test/fixtures/discrete_estimators.json: the formulas of R's entropy package,
 * Grassberger 2003 and NSB (SciPy quadrature) computed independently in Python by
 * test/fixtures/generate_discrete_estimators.py. Plus the R documentation's own NSB value, samples of any
 * type, alphabets with unseen symbols, bootstrap reproducibility, confidence intervals and bad input.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type EntropyMethod, estimateEntropy, SurprisalError } from '../../src/index.js';
import { expectClose, loadFixture } from '../helpers/fixtures.js';

interface Case {
  name: string;
  counts: number[];
  method: EntropyMethod;
  expected: number;
  stdError?: number;
  lambda?: number;
}

const { cases } = loadFixture<{ cases: Case[] }>('discrete_estimators.json');

describe('estimateEntropy({ counts }, { method }) matches the reference formulas', () => {
  for (const c of cases) {
    it(`${c.method} on ${c.name}`, () => {
      const r = estimateEntropy({ counts: c.counts }, { method: c.method });
      // NSB: our trapezoid grid against SciPy's quad at 1e-12; everything else is closed form.
      const rtol = c.method === 'nsb' ? 1e-8 : 1e-12;
      expectClose(r.value, c.expected, rtol, 1e-14, 'value');
      if (c.stdError !== undefined)
        expectClose(r.stdError, c.stdError, c.method === 'nsb' ? 1e-6 : 1e-10, 1e-14, 'stdError');
      if (c.lambda !== undefined) expectClose(r.lambda ?? Number.NaN, c.lambda, 1e-14, 1e-15, 'lambda');
      expect(r.method).toBe(c.method);
      expect(r.n).toBe(c.counts.reduce((a, b) => a + b, 0));
    });
  }

  it('reproduces the R documentation: NSB of c(4,2,3,0,2,4,0,0,2,1,1) with K = 11 is 2.187774', () => {
    const r = estimateEntropy({ counts: [4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1] }, { method: 'nsb' });
    expect(r.value).toBeCloseTo(2.187774, 6);
    expect(r.stdError).toBeCloseTo(0.14089, 5);
    expect(r.stdErrorMethod).toBe('posterior');
  });
});

describe('estimateEntropy options', () => {
  it('samples of any values are tallied; bits divide by ln 2', () => {
    const a = estimateEntropy({ samples: ['x', 'y', 'x', 'z', 'x', 'y'] }, { base: 'bits' });
    const b = estimateEntropy({ counts: [3, 2, 1] }, { base: 'bits' });
    expect(a.value).toBeCloseTo(b.value, 15);
    expect(a.value).toBeCloseTo(estimateEntropy({ counts: [3, 2, 1] }).value / Math.LN2, 15);
  });

  it('alphabetSize adds unseen bins, which the pseudocount and NSB estimators account for', () => {
    const seen = estimateEntropy({ counts: [5, 3] }, { method: 'laplace' });
    const wider = estimateEntropy({ counts: [5, 3] }, { method: 'laplace', alphabetSize: 4 });
    expect(wider.alphabetSize).toBe(4);
    expect(wider.value).toBeCloseTo(
      estimateEntropy({ counts: [5, 3, 0, 0] }, { method: 'laplace' }).value,
      15,
    );
    expect(wider.value).toBeGreaterThan(seen.value);
  });

  it('bootstrap standard errors are reproducible from the seed and change with it', () => {
    const a = estimateEntropy({ counts: [10, 4, 3, 1] }, { method: 'chao-shen', seed: 1 });
    const b = estimateEntropy({ counts: [10, 4, 3, 1] }, { method: 'chao-shen', seed: 1 });
    const c = estimateEntropy({ counts: [10, 4, 3, 1] }, { method: 'chao-shen', seed: 2 });
    expect(a.stdErrorMethod).toBe('bootstrap');
    expect(a.stdError).toBe(b.stdError);
    expect(a.stdError).not.toBe(c.stdError);
    expect(a.stdError).toBeGreaterThan(0);
  });

  it('confidence returns an interval around the bias-corrected plug-in (ci), clipped to [0, log K]', () => {
    const r = estimateEntropy({ counts: [10, 4, 3, 1] }, { confidence: 0.95 });
    const [lo, hi] = r.ci ?? [Number.NaN, Number.NaN];
    // Miller–Madow centre: plug-in + (m − 1)/(2N) = value + 3/36.
    expect(r.biasCorrected).toBeCloseTo(r.value + 3 / 36, 14);
    expect(lo).toBeCloseTo((r.biasCorrected ?? Number.NaN) - 1.959963984540054 * r.stdError, 12);
    expect(lo).toBeLessThan(r.value);
    expect(hi).toBe(Math.log(4)); // bc + z·se = 1.51 is past log 4
    const wide = estimateEntropy({ counts: [10, 4, 3, 1] }, { confidence: 0.95, alphabetSize: 40 });
    expect((wide.ci?.[1] ?? 0) - (wide.ci?.[0] ?? 0)).toBeCloseTo(2 * 1.959963984540054 * wide.stdError, 12);
    const boot = estimateEntropy({ counts: [10, 4, 3, 1] }, { method: 'shrink', confidence: 0.9 });
    expect(boot.ci?.[0]).toBeLessThan(boot.ci?.[1] ?? Number.NaN);
  });

  it('bias: averaged over 20 seeded samples of 150 draws from 100 equally likely symbols, bias-corrected estimators beat the plug-in', () => {
    const truth = Math.log(100);
    const rng = createRng(99);
    const methods = ['plugin', 'nsb', 'chao-shen', 'miller-madow', 'jackknife', 'grassberger'] as const;
    const mean = Object.fromEntries(methods.map((m) => [m, 0])) as Record<(typeof methods)[number], number>;
    for (let r = 0; r < 20; r++) {
      const counts = new Array(100).fill(0);
      for (let i = 0; i < 150; i++) counts[Math.floor(rng.uniform() * 100)]++;
      for (const m of methods) mean[m] += estimateEntropy({ counts }, { method: m, resamples: 0 }).value / 20;
    }
    for (const m of methods.slice(1))
      expect(Math.abs(mean[m] - truth)).toBeLessThan(Math.abs(mean.plugin - truth));
  });

  it('NSB with no coincidences stays below log K (all 50 draws distinct, K = 100)', () => {
    const counts = [...new Array(50).fill(1), ...new Array(50).fill(0)];
    const r = estimateEntropy({ counts }, { method: 'nsb' });
    expect(r.value).toBeLessThan(Math.log(100));
    expect(r.value).toBeGreaterThan(Math.log(50));
  });
});

describe('estimateEntropy bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      return (e as SurprisalError).code;
    }
    return 'none';
  };
  it('negative, fractional or NaN counts, empty data, unknown methods', () => {
    expect(code(() => estimateEntropy({ counts: [3, -1] }))).toBe('OUT_OF_RANGE');
    expect(code(() => estimateEntropy({ counts: [3, 1.5] }))).toBe('OUT_OF_RANGE');
    expect(code(() => estimateEntropy({ counts: [3, Number.NaN] }))).toBe('NAN');
    expect(code(() => estimateEntropy({ counts: [] }))).toBe('EMPTY');
    expect(code(() => estimateEntropy({ counts: [0, 0] }))).toBe('EMPTY');
    expect(code(() => estimateEntropy({ samples: [1, Number.NaN] }))).toBe('NAN');
    expect(code(() => estimateEntropy({ counts: [1, 2] }, { method: 'magic' as 'plugin' }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => estimateEntropy({ counts: [1, 2, 3] }, { alphabetSize: 2 }))).toBe('INVALID_OPTION');
    expect(code(() => estimateEntropy({ counts: [1, 2, 3] }, { confidence: 1.5 }))).toBe('INVALID_OPTION');
  });
});

describe('estimateEntropy uncertainty where the delta method degenerates, and warnings', () => {
  it('iris: 150 draws of 3 equal classes give stdError √((K − 1)/(2N²)) = 1/150 nats, not 2.5e-9 (issue 16)', () => {
    const r = estimateEntropy({ counts: [50, 50, 50] }, { base: 'bits', confidence: 0.95 });
    expect(r.value).toBeCloseTo(Math.log2(3), 14);
    expect(r.stdError).toBeCloseTo(1 / 150 / Math.LN2, 12); // 0.0096 bits
    // Biased low by (K − 1)/(2N) = 1/150 nats: the interval is centred on the Miller–Madow value, capped at log₂ 3.
    expect(r.biasCorrected).toBeCloseTo(Math.log2(3) + 1 / 150 / Math.LN2, 12);
    expect(r.ci?.[1]).toBe(Math.log2(3));
    expect(r.ci?.[0]).toBeCloseTo(Math.log2(3) + (1 / 150 - 1.959963984540054 / 150) / Math.LN2, 12);
    expect(r.warnings).toEqual([]);
  });
  it('the second-order term is (m − 1)/(2N²) on top of the first-order delta variance', () => {
    const y = [7, 3, 2, 0];
    const n = 12;
    const p = y.filter((c) => c > 0).map((c) => c / n);
    const h = -p.reduce((a, x) => a + x * Math.log(x), 0);
    const first = p.reduce((a, x) => a + x * Math.log(x) ** 2, 0) - h * h;
    const r = estimateEntropy({ counts: y });
    expect(r.stdError).toBeCloseTo(Math.sqrt(first / n + 2 / (2 * n * n)), 14);
    expect(estimateEntropy({ counts: y }, { method: 'miller-madow' }).stdError).toBe(r.stdError);
  });
  it('warns when most draws are values seen once (K >> N), and when there is no standard error', () => {
    const counts = [...new Array(40).fill(1), 3, 2, ...new Array(500).fill(0)];
    const r = estimateEntropy({ counts });
    expect(r.warnings.join(' ')).toMatch(/undersampled: 42 distinct values in 45 draws .*does not cover/);
    const none = estimateEntropy({ counts: [5, 3, 2] }, { method: 'shrink', resamples: 0 });
    expect(none.stdError).toBeNaN();
    expect(none.warnings).toEqual([
      "stdError is NaN: method 'shrink' has no standard error of its own and resamples is 0",
    ]);
    expect(estimateEntropy({ counts: [1] }, { method: 'jackknife' }).warnings).toContain(
      'stdError is NaN: the jackknife needs at least 2 draws (N = 1)',
    );
  });
  it('bootstrap methods with a known bias report biasCorrected = 2·value − mean of the replicates', () => {
    const r = estimateEntropy({ counts: [30, 30, 30] }, { method: 'jeffreys', confidence: 0.95 });
    expect(r.biasCorrected).toBeGreaterThan(r.value); // the bootstrap's jeffreys runs below its value
    expect(r.ci?.[1]).toBeCloseTo(Math.log(3), 14); // capped at log K
    const g = estimateEntropy({ counts: [30, 30, 30] }, { method: 'grassberger', confidence: 0.95 });
    expect(g.biasCorrected).toBeUndefined();
  });
});
