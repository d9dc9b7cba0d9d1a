/**
 * The incomplete beta function for large parameters (issue #13): a, b up to 10¹⁵, where the continued
 * fraction alone would need ~√min(a, b) terms near the mean and ran out at 10⁵ of them, silently wrong.
 * References from test/fixtures/betainc_large.json (test/fixtures/generate_betainc_large.py: quadrature of
 * the Beta density in mpmath at 60 and 80 digits, independent of the library's algorithms).
 *
 * Tolerance: |log got − log want| ≤ TOL·max(1, |log want|) for both log I and log(1 − I): below 1 this is
 * the relative error of the value itself, and in the far tails (log I ≈ −10¹¹ at a = b = 10¹⁵, x 3% off the
 * mean) it is the relative error of the log, the only one a double can carry there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Beta } from '../../src/distributions/Beta.js';
import { Binomial } from '../../src/distributions/Binomial.js';
import { betainc, logBetaincc } from '../../src/special/betainc.js';
import { betaincinv } from '../../src/special/betaincinv.js';
import { loadFixture } from '../helpers/fixtures.js';

interface Row {
  args: [number, number, number];
  kind: string;
  logI: string;
  logJ: string;
}

interface Fixture {
  rows: Row[];
  binomialMedian: { k: number; logCdf: string; logSurvival: string }[];
}

const fixture = loadFixture<Fixture>('betainc_large.json');
const TOL = 1e-10;
const EPS = 2 ** -52;
let worst = { err: 0, where: '' };

function check(got: number, want: number, label: string): void {
  const err = Math.abs(got - want) / Math.max(1, Math.abs(want));
  if (err > worst.err) worst = { err, where: label };
  expect(err, `${label}: got ${got}, want ${want}`).toBeLessThanOrEqual(TOL);
}

afterAll(() => {
  if (process.env.REFERENCE_REPORT)
    console.log(`betaincLarge worst ${worst.err.toExponential(2)} at ${worst.where}`);
});

describe('betainc and logBetaincc for a, b in {1e6, 1e10, 1e14, 1e15} against mpmath', () => {
  it.each(fixture.rows.map((r) => [`I_${r.args[2]}(${r.args[0]}, ${r.args[1]}) ${r.kind}`, r] as const))(
    '%s',
    (_name, row) => {
      const [a, b, x] = row.args;
      const logI = Number(row.logI);
      const logJ = Number(row.logJ);
      const label = `(${a}, ${b}, ${x}) ${row.kind}`;
      check(logBetaincc(a, b, x), logJ, `logBetaincc${label}`);
      // log I through the symmetry 1 − I_{1−x}(b, a) = I_x(a, b), exact in 1 − x only when x ≥ ½.
      if (x >= 0.5) check(logBetaincc(b, a, 1 - x), logI, `logBetaincc sym${label}`);
      const v = betainc(a, b, x);
      if (logI > -700) check(Math.log(v), logI, `betainc${label}`);
      else expect(v).toBeLessThan(1e-300);
    },
  );
});

describe('distributions with huge parameters', () => {
  it('Binomial(1e15, 0.3): the median is n·p = 3e14, and the cdf either side of it matches mpmath', () => {
    const d = new Binomial(1e15, 0.3);
    expect(d.quantile(0.5)).toBe(3e14);
    for (const m of fixture.binomialMedian) {
      check(Math.log(d.cdf(m.k)), Number(m.logCdf), `Binomial cdf(${m.k})`);
      check(d.logSurvival(m.k), Number(m.logSurvival), `Binomial logSurvival(${m.k})`);
    }
    expect(Number(fixture.binomialMedian[0].logCdf)).toBeLessThan(Math.log(0.5));
    expect(Number(fixture.binomialMedian[1].logCdf)).toBeGreaterThan(Math.log(0.5));
  });

  it('Beta with one tiny and one huge parameter: no NaN (log space where c/a overflows)', () => {
    // Beta(1e10, 1e-300): all the mass at 1 but for e^(−6.9e9)·1e-300 below ½.
    expect(new Beta(1e10, 1e-300).logSurvival(0.5)).toBe(-0);
    expect(new Beta(1e10, 1e-300).cdf(0.5)).toBe(0);
    expect(new Beta(1e-300, 1e10).cdf(0.5)).toBe(1);
    expect(new Beta(1e-300, 1e10).logSurvival(0.5)).toBeLessThan(-6e9);
  });

  it('no NaN and values in [0, 1] over a grid of extreme parameters', () => {
    const shapes = [1e-300, 1e-20, 1e-3, 0.5, 3, 150, 1e5, 1e10, 1e15, 1e20, 1e100, 1e200, 1e300];
    const xs = [1e-300, 1e-20, 1e-5, 0.1, 0.5, 0.9, 1 - 1e-10];
    const bad: string[] = [];
    for (const a of shapes) {
      for (const b of shapes) {
        for (const x of xs) {
          try {
            const i = betainc(a, b, x);
            const lj = logBetaincc(a, b, x);
            if (!(i >= 0 && i <= 1 && lj <= 0)) bad.push(`(${a}, ${b}, ${x}): ${i}, ${lj}`);
          } catch (e) {
            bad.push(`(${a}, ${b}, ${x}): ${(e as Error).message}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('betaincinv for large parameters', () => {
  it('inverts betainc (speed: bench/, not here)', () => {
    for (const [a, b] of [
      [1e10, 1e10],
      [1e10, 3],
      [1e14, 1e15],
      [1e6, 1e10],
    ]) {
      for (const p of [1e-300, 1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]) {
        const x = betaincinv(a, b, p);
        // The root is bracketed by x's neighbours 4 ulp away (I is so steep here that one ulp of x moves
        // it by up to 1e-7 relative, so a residual test would measure the double grid, not the solver).
        const lo = x - 4 * EPS * x;
        const hi = Math.min(1, x + 4 * EPS * x);
        const slack = 1e-13 * Math.max(1, -Math.log(p));
        if (p <= 0.5) {
          expect(Math.log(betainc(a, b, lo))).toBeLessThanOrEqual(Math.log(p) + slack);
          expect(Math.log(betainc(a, b, hi))).toBeGreaterThanOrEqual(Math.log(p) - slack);
        } else {
          expect(logBetaincc(a, b, lo)).toBeGreaterThanOrEqual(Math.log1p(-p) - slack);
          expect(logBetaincc(a, b, hi)).toBeLessThanOrEqual(Math.log1p(-p) + slack);
        }
      }
    }
  });
});
