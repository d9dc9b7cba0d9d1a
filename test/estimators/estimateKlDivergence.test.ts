/**
 * estimateKlDivergence on discrete data: infinite estimates say why (issue 16), { counts } input, the Dirichlet
 * and shrinkage methods (R entropy's KL.Dirichlet / KL.shrink; their values against R's formulas are in
 * test/parity/r-entropy), and the plug-in's bias correction.
 */
import { describe, expect, it } from 'vitest';
import { createRng, estimateKlDivergence } from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

describe('estimateKlDivergence: an infinite estimate says why', () => {
  it('plugin with a category absent from q: Infinity, stdError NaN, and warnings naming the category and the advice', () => {
    const p = ['a', 'x', 'x', 'x', 'b', 'a'];
    const q = ['a', 'b', 'b', 'a'];
    const r = estimateKlDivergence(p, q, { method: 'plugin', confidence: 0.95 });
    expect(r.value).toBe(Number.POSITIVE_INFINITY);
    expect(r.stdError).toBeNaN();
    expect(r.ci).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(r.warnings).toEqual([
      "infinite: q has zero mass at category 'x' where p has 3 draws; use method 'jeffreys' (Dirichlet pseudocounts) or 'shrink', or 'knn' for numeric samples",
      'stdError is NaN: an infinite estimate has no standard error',
    ]);
  });
  it('counts name the bin, and several missing bins are counted', () => {
    const r = estimateKlDivergence({ counts: [3, 0, 2, 1] }, { counts: [4, 5, 0, 0] });
    expect(r.value).toBe(Number.POSITIVE_INFINITY);
    expect(r.warnings[0]).toMatch(
      /^infinite: q has zero mass at bin 2 where p has 2 draws \(and at 1 more\)/,
    );
  });
  it('the advice is real: jeffreys gives a finite value with a delta-method standard error', () => {
    const r = estimateKlDivergence(['a', 'x', 'x', 'x', 'b', 'a'], ['a', 'b', 'b', 'a'], {
      method: 'jeffreys',
    });
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.stdError).toBeGreaterThan(0);
    expect(r.pseudocount).toEqual([0.5, 0.5]);
    expect(r.warnings).toEqual([]);
  });
  it('knn with resamples 0 says why stdError is NaN', () => {
    const r = estimateKlDivergence([0, 1, 3, 6, 10], [2, 4, 5, 8, 9, 12], { k: 1, resamples: 0 });
    expect(r.stdError).toBeNaN();
    expect(r.warnings).toEqual([
      "stdError is NaN: method 'knn' has no analytic standard error and resamples is 0",
    ]);
  });
  it('resampled estimates that are infinite are counted in a warning', () => {
    const r = estimateKlDivergence(['a', 'a', 'a', 'b'], ['a', 'a', 'a', 'a', 'a', 'b'], { resamples: 50 });
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/^\d+ of the 50 resampled estimates were infinite/);
  });
});

describe('estimateKlDivergence from { counts } and with smoothed frequencies', () => {
  it('{ counts } and the samples they tally give the same plug-in estimate', () => {
    const a = estimateKlDivergence({ counts: [2, 1, 1] }, { counts: [1, 2, 1] });
    const b = estimateKlDivergence(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'c']);
    expect(a.value).toBeCloseTo(b.value, 15);
    expect(a.stdError).toBeCloseTo(b.stdError, 15);
  });
  it('dirichlet with pseudocount a equals the plug-in KL of (n + a)/(N + Ka)', () => {
    const y1 = [4, 2, 3, 1, 10, 4];
    const y2 = [2, 3, 7, 1, 4, 3];
    const a = 0.3;
    const f = (y: number[]) => y.map((c) => (c + a) / (y.reduce((s, x) => s + x) + y.length * a));
    const p = f(y1);
    const q = f(y2);
    const want = p.reduce((s, x, i) => s + x * Math.log(x / q[i]), 0);
    const r = estimateKlDivergence({ counts: y1 }, { counts: y2 }, { method: 'dirichlet', pseudocount: a });
    expect(r.value).toBeCloseTo(want, 14);
    expect(r.stdErrorMethod).toBe('delta');
  });
  it("plugin's biasCorrected subtracts (m − 1)/(2n) + (Σ p̂/q̂ − 1)/(2m), and its ci is centred there, floored at 0", () => {
    const r = estimateKlDivergence({ counts: [5, 5, 5] }, { counts: [5, 5, 5] }, { confidence: 0.95 });
    expect(r.value).toBe(0);
    expect(r.biasCorrected).toBeCloseTo(-2 / 30 - 2 / 30, 15);
    // at p = q the delta method's first-order terms vanish; the second-order term (m − 1)(1/n + 1/m)²/2 remains
    expect(r.stdError).toBeCloseTo(Math.sqrt((2 * (2 / 15) ** 2) / 2), 14);
    expect(r.ci?.[0]).toBe(0);
  });
  it('refuses mixed inputs, unequal bins, knn on counts, a pseudocount without dirichlet, half-samples of counts', () => {
    const c = { counts: [1, 2] };
    expect(thrown(() => estimateKlDivergence(c, ['a', 'b'])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => estimateKlDivergence(c, { counts: [1, 2, 3] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => estimateKlDivergence(c, c, { method: 'knn' })).code).toBe('INVALID_OPTION');
    expect(thrown(() => estimateKlDivergence(c, c, { pseudocount: 1 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => estimateKlDivergence(c, c, { method: 'dirichlet' })).code).toBe('INVALID_OPTION');
    expect(thrown(() => estimateKlDivergence(c, c, { method: 'dirichlet', pseudocount: -1 })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => estimateKlDivergence(c, c, { resamples: 10, resampling: 'half' })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => estimateKlDivergence({ counts: [-1, 2] }, c)).code).toBe('OUT_OF_RANGE');
  });
});

describe('estimateKlDivergence: a resampled stdError that cannot be formed says why', () => {
  it('when fewer than 2 resampled estimates are finite, stdError is NaN with a warning', () => {
    // P has a value that Q holds once in 40: a bootstrap resample of Q misses it with probability ≈ e⁻¹, and with
    // seed 1 one of the two resamples does.
    const q = ['b', ...new Array(39).fill('a')];
    const r = estimateKlDivergence(['b', 'b', 'b', 'a'], q, { resamples: 2, seed: 1 });
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.stdError).toBeNaN();
    expect(r.replicates).toBe(1);
    expect(r.warnings).toContain(
      'stdError is NaN: only 1 of the 2 resampled estimates were finite (at least 2 are needed)',
    );
  });
});

describe("estimateKlDivergence 'knn': tied samples", () => {
  // Rounded draws of N(0, 1) and N(1, 1): D = 1/2. Rounding to 0.1 makes many ties in both samples.
  const round = (x: number) => Math.round(x * 10) / 10;
  const rng = createRng(16);
  const z = Array.from({ length: 2000 }, () => rng.normal());
  const p = z.slice(0, 1000).map(round);
  const q = z.slice(1000).map((x) => round(x + 1));
  it("'dequantize' (default) spreads the ties over the rounding grid, says so, and lands near the truth", () => {
    const r = estimateKlDivergence(p, q, { resamples: 0 });
    expect(r.warnings.some((w) => w.startsWith('samplesP has') && w.includes("ties: 'dequantize'"))).toBe(
      true,
    );
    expect(r.warnings.some((w) => w.startsWith('samplesQ has'))).toBe(true);
    expect(Math.abs(r.value - 0.5)).toBeLessThan(0.1);
    // Seeded: the same call gives the same value.
    expect(estimateKlDivergence(p, q, { resamples: 0 }).value).toBe(r.value);
  });
  it("'atoms' keeps them and says so", () => {
    const r = estimateKlDivergence(p, q, { resamples: 0, ties: 'atoms' });
    expect(r.warnings.some((w) => w.includes("kept as atoms (ties: 'atoms')"))).toBe(true);
    expect(thrown(() => estimateKlDivergence(p, q, { ties: 'jitter' as never })).argument).toBe('ties');
  });
});
