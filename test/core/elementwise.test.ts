import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsum, klDiv, klDivergence, relEntr } from '../../src/index.js';
import { close, probabilityPair } from '../helpers/arbitraries.js';

const positive = fc.double({ min: 1e-300, max: 1e300, noNaN: true });

describe('klDiv (scipy.special.kl_div) and relEntr (scipy.special.rel_entr)', () => {
  it('klDiv(x, y) ≥ 0, with 0 exactly at x = y', () => {
    fc.assert(fc.property(positive, positive, (x, y) => klDiv(x, y) >= 0 && klDiv(x, x) === 0));
  });

  it('klDiv(x, y) = relEntr(x, y) − x + y away from x = y (where the subtraction is well conditioned)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (x, y) => {
          const k = klDiv(x, y);
          const cond = (Math.abs(relEntr(x, y)) + x + y) / Math.max(k, 1e-300);
          return Math.abs(k - (relEntr(x, y) - x + y)) <= 8 * 2 ** -52 * cond * k;
        },
      ),
    );
  });

  it('klDiv scales: klDiv(cx, cy) = c·klDiv(x, y) for c a power of two', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-100, max: 1e100, noNaN: true }),
        fc.double({ min: 1e-100, max: 1e100, noNaN: true }),
        fc.integer({ min: -60, max: 60 }),
        (x, y, e) => close(klDiv(x * 2 ** e, y * 2 ** e), 2 ** e * klDiv(x, y), 1e-15, 0),
      ),
    );
  });

  it('Σ klDiv(pᵢ, qᵢ) over two distributions is D(p‖q)', () => {
    fc.assert(
      fc.property(probabilityPair(1, 12, true), ([p, q]) =>
        close(fsum(p.map((pi, i) => klDiv(pi, q[i]))), klDivergence(p, q), 1e-12, 1e-15),
      ),
    );
  });

  it('keeps its digits next to x = y, where x·log(x/y) − x + y cancels to nothing', () => {
    // (1 + d)·log1p(d) − d = d²/2 − d³/6 + … for d = 2⁻³⁰ (exact in binary).
    const d = 2 ** -30;
    expect(klDiv(1 + d, 1)).toBeCloseTo(d * d * (0.5 - d / 6), 34);
    expect(Math.abs(klDiv(1 + d, 1) / (d * d * (0.5 - d / 6 + (d * d) / 12)) - 1)).toBeLessThan(4e-16);
    // d − log1p(d) = d²/2 − d³/3 + d⁴/4 − …
    expect(Math.abs(klDiv(1, 1 + d) / (d * d * (0.5 - d / 3 + (d * d) / 4)) - 1)).toBeLessThan(4e-16);
  });

  it('follows SciPy at 0 and for negative arguments', () => {
    expect(klDiv(0, 3)).toBe(3);
    expect(klDiv(0, 0)).toBe(0);
    expect(klDiv(-1, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(klDiv(1, -1)).toBe(Number.POSITIVE_INFINITY);
    expect(klDiv(0, -1)).toBe(Number.POSITIVE_INFINITY);
    expect(klDiv(Number.NaN, 1)).toBeNaN();
    expect(relEntr(1, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});
