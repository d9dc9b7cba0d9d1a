/**
 * estimateChiSquaredDivergence, estimateChiSquaredIndependence, goodnessOfFitTest and independenceTest: the
 * delta-method standard errors against the spread of simulated estimates, infinite values that say why, and
 * bad input. (Values against R entropy are in test/parity/r-entropy.)
 */
import { describe, expect, it } from 'vitest';
import {
  createRng,
  estimateChiSquaredDivergence,
  estimateChiSquaredIndependence,
  goodnessOfFitTest,
  independenceTest,
  multinomial,
} from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

function spread(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

describe('delta-method standard errors match the spread of simulated estimates (within 20%; up to 35% high under independence)', () => {
  it('estimateChiSquaredDivergence, p ≠ q and p = q', () => {
    for (const [p, q] of [
      [
        [0.4, 0.3, 0.2, 0.1],
        [0.25, 0.25, 0.25, 0.25],
      ],
      [
        [0.25, 0.25, 0.25, 0.25],
        [0.25, 0.25, 0.25, 0.25],
      ],
    ]) {
      const rng = createRng(5);
      const values: number[] = [];
      const ses: number[] = [];
      for (let r = 0; r < 400; r++) {
        const e = estimateChiSquaredDivergence(
          { counts: Array.from(multinomial(rng, 400, p)) },
          { counts: Array.from(multinomial(rng, 400, q)) },
        );
        values.push(e.value);
        ses.push(e.stdError);
      }
      const ratio = ses.reduce((a, b) => a + b, 0) / ses.length / spread(values);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.25);
    }
  });
  it('estimateChiSquaredIndependence, dependent and independent tables', () => {
    for (const t of [
      [0.3, 0.1, 0.1, 0.1, 0.2, 0.2],
      [0.1, 0.2, 0.2, 0.1, 0.2, 0.2],
    ]) {
      const rng = createRng(6);
      const values: number[] = [];
      const ses: number[] = [];
      for (let r = 0; r < 400; r++) {
        const c = Array.from(multinomial(rng, 500, t));
        const e = estimateChiSquaredIndependence({ data: c, shape: [2, 3] });
        values.push(e.value);
        ses.push(e.stdError);
      }
      const ratio = ses.reduce((a, b) => a + b, 0) / ses.length / spread(values);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.35);
    }
  });
});

describe('infinite values and edge cases', () => {
  it('a bin with mass in p and none in q: Infinity, stdError NaN, and warnings that say why', () => {
    const e = estimateChiSquaredDivergence({ counts: [1, 2, 3] }, { counts: [4, 0, 2] });
    expect(e.value).toBe(Number.POSITIVE_INFINITY);
    expect(e.stdError).toBeNaN();
    expect(e.warnings[0]).toMatch(/^infinite: q has zero mass at bin 1 where p has 2 draws/);
    const j = estimateChiSquaredDivergence(
      { counts: [1, 2, 3] },
      { counts: [4, 0, 2] },
      { method: 'jeffreys' },
    );
    expect(Number.isFinite(j.value)).toBe(true);
  });
  it('tests with one bin, one row or one column: statistic 0, df 0, p-value 1', () => {
    expect(goodnessOfFitTest([5], { expected: [1] })).toEqual({ statistic: 0, df: 0, pValue: 1 });
    expect(independenceTest([[3, 4, 5]])).toEqual({ statistic: 0, df: 0, pValue: 1 });
  });
  it('bad input is refused with codes', () => {
    expect(thrown(() => goodnessOfFitTest([1, 2], { expected: [1] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => goodnessOfFitTest([1, 2], { expected: [1, 0] })).code).toBe('INVALID_OPTION');
    expect(thrown(() => goodnessOfFitTest([1, 2], {} as never)).code).toBe('INVALID_OPTION');
    expect(thrown(() => independenceTest([1, 2] as never)).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => independenceTest([[1, 2]], { statistic: 'x' as never })).code).toBe('INVALID_OPTION');
    expect(thrown(() => estimateChiSquaredIndependence([[1, -2]])).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => estimateChiSquaredDivergence({ counts: [1] }, { counts: [1, 2] })).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(thrown(() => estimateChiSquaredDivergence([1, 2] as never, { counts: [1, 2] })).code).toBe(
      'SHAPE_MISMATCH',
    );
  });
});
