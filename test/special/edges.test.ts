/**
 * The special functions at their edges: SciPy's conventions at poles and infinities, NaN for NaN and for
 * arguments outside the domain (never a throw), the deep tails the log-space functions exist for, and the
 * places where the library is more accurate than SciPy 1.10 on purpose (values checked against mpmath).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SurprisalError } from '../../src/core/errors.js';
import * as special from '../../src/special/index.js';
import {
  betainc,
  betaincinv,
  betaln,
  digamma,
  erf,
  erfc,
  erfcx,
  gammainc,
  gammaincc,
  gammainccinv,
  gammaincinv,
  gammaln,
  log1pmx,
  logBetaincc,
  logErfc,
  logGammaincc,
  logNdtr,
  ndtr,
  ndtri,
  ndtriExp,
  trigamma,
} from '../../src/special/index.js';

const INF = Number.POSITIVE_INFINITY;

/** |got/want − 1| ≤ rtol. */
function rel(got: number, want: number, rtol: number): void {
  expect(Math.abs(got / want - 1), `${got} vs ${want}`).toBeLessThanOrEqual(rtol);
}

describe('NaN and the domain', () => {
  it('every function gives NaN for a NaN argument, in any position', () => {
    for (const [name, f] of Object.entries(special) as [string, (...args: number[]) => number][]) {
      for (let i = 0; i < f.length; i++) {
        const args = Array.from({ length: f.length }, (_, j) => (j === i ? Number.NaN : 0.5));
        expect(f(...args), `${name}(${args.join(', ')})`).toBeNaN();
      }
    }
  });

  it('arguments outside the domain give NaN, as in SciPy', () => {
    expect(gammainc(-1, 1)).toBeNaN();
    expect(gammaincc(1, -1)).toBeNaN();
    expect(gammainc(0, 0)).toBeNaN();
    expect(gammainc(INF, INF)).toBeNaN();
    expect(logGammaincc(-1, 1)).toBeNaN();
    expect(gammaincinv(0, 0.5)).toBeNaN();
    expect(gammaincinv(1, 1.1)).toBeNaN();
    expect(gammainccinv(INF, 0.5)).toBeNaN();
    expect(betainc(0, 1, 0.5)).toBeNaN();
    expect(betainc(2, 3, 1.5)).toBeNaN();
    expect(betainc(INF, 1, 0.5)).toBeNaN();
    expect(logBetaincc(1, -1, 0.5)).toBeNaN();
    expect(ndtri(1.1)).toBeNaN();
    expect(ndtri(-0.1)).toBeNaN();
    expect(ndtriExp(0.1)).toBeNaN();
    expect(log1pmx(-1.5)).toBeNaN();
    expect(digamma(-3)).toBeNaN();
    expect(digamma(-INF)).toBeNaN();
  });

  it('an argument that is not a number throws NAN naming the function and argument (never coerced)', () => {
    for (const [name, f] of Object.entries(special) as [string, (...args: unknown[]) => number][]) {
      for (let i = 0; i < f.length; i++) {
        for (const bad of ['3', null, undefined, 1n, true, [2], {}]) {
          const args: unknown[] = Array.from({ length: f.length }, (_, j) => (j === i ? bad : 0.5));
          try {
            f(...args);
            expect.unreachable(`${name} accepted ${String(bad)}`);
          } catch (e) {
            expect(e, `${name}(${i}: ${String(bad)})`).toBeInstanceOf(SurprisalError);
            expect((e as SurprisalError).code).toBe('NAN');
            expect((e as SurprisalError).message).toContain(name);
          }
        }
      }
    }
  });

  it('betaincinv(a, b, p) is NaN for p outside [0, 1], where SciPy 1.10 returns 0 or 1', () => {
    expect(betaincinv(2, 3, -0.1)).toBeNaN();
    expect(betaincinv(2, 3, 1.1)).toBeNaN();
  });
});

describe("SciPy's conventions at poles and infinities", () => {
  it('gammaln(x) is +Infinity at 0 and the negative integers, ±Infinity at ±Infinity', () => {
    for (const x of [0, -0, -1, -2, -100, -1e20]) expect(gammaln(x)).toBe(INF);
    expect(gammaln(INF)).toBe(INF);
    expect(gammaln(-INF)).toBe(-INF);
  });

  it('digamma(±0) = ∓Infinity; trigamma is +Infinity at the poles and 0 at Infinity', () => {
    expect(digamma(0)).toBe(-INF);
    expect(digamma(-0)).toBe(INF);
    expect(digamma(INF)).toBe(INF);
    for (const x of [0, -1, -7, -INF]) expect(trigamma(x)).toBe(INF);
    expect(trigamma(INF)).toBe(0);
  });

  it('betaln follows cephes lbeta at non-positive integers', () => {
    expect(betaln(0, 1)).toBe(INF);
    expect(betaln(-1, 2)).toBe(INF);
    expect(betaln(-2, 1)).toBeCloseTo(Math.log(0.5), 15); // the finite limit B(−2, 1) = −1/2
    expect(betaln(-0.5, -0.5)).toBe(-INF); // Γ(−1) in the denominator: B = 0
    expect(betaln(1, INF)).toBe(-INF);
    expect(betaln(INF, INF)).toBeNaN();
  });

  it('erf, erfc, erfcx and the normal functions at ±Infinity', () => {
    expect([erf(INF), erf(-INF), erfc(INF), erfc(-INF)]).toEqual([1, -1, 0, 2]);
    expect([erfcx(INF), erfcx(-INF), erfcx(-30)]).toEqual([0, INF, INF]);
    expect([logErfc(INF), logErfc(-INF)]).toEqual([-INF, Math.LN2]);
    expect([ndtr(INF), ndtr(-INF), logNdtr(-INF)]).toEqual([1, 0, -INF]);
    expect(logNdtr(INF) === 0).toBe(true); // −0, as SciPy
    expect([ndtri(0), ndtri(1), ndtriExp(0), ndtriExp(-INF)]).toEqual([-INF, INF, INF, -INF]);
  });

  it('the incomplete functions at the ends of their ranges', () => {
    expect([gammainc(0, 1), gammaincc(0, 1), gammainc(1, 0), gammaincc(1, 0)]).toEqual([1, 0, 0, 1]);
    expect([gammainc(1, INF), gammaincc(1, INF), gammainc(INF, 1), gammaincc(INF, 1)]).toEqual([1, 0, 0, 1]);
    expect([logGammaincc(1, 0), logGammaincc(1, INF), logGammaincc(0, 1)]).toEqual([0, -INF, -INF]);
    expect([gammaincinv(2, 0), gammaincinv(2, 1), gammainccinv(2, 0), gammainccinv(2, 1)]).toEqual([
      0,
      INF,
      INF,
      0,
    ]);
    expect([betainc(2, 3, 0), betainc(2, 3, 1), logBetaincc(2, 3, 0), logBetaincc(2, 3, 1)]).toEqual([
      0,
      1,
      0,
      -INF,
    ]);
    expect([betaincinv(2, 3, 0), betaincinv(2, 3, 1)]).toEqual([0, 1]);
    expect([log1pmx(0), log1pmx(-1), log1pmx(INF)]).toEqual([0, -INF, -INF]);
  });
});

describe('accuracy where it is hard (expected values from mpmath at 50 digits)', () => {
  it('gammaln keeps relative precision next to its zeros at 1 and 2', () => {
    // log Γ(1 + ε) = −γε + (π²/12)ε² + O(ε³); log Γ(2 + ε) = (1 − γ)ε + (π²/12 − 1/2)ε² + O(ε³)
    const g = 0.5772156649015329;
    rel(gammaln(1 + 2 ** -30), -g * 2 ** -30 + (Math.PI ** 2 / 12) * 2 ** -60, 1e-15);
    rel(gammaln(2 - 2 ** -40), -(1 - g) * 2 ** -40 + (Math.PI ** 2 / 12 - 0.5) * 2 ** -80, 1e-15);
    expect(gammaln(1)).toBe(0);
    expect(gammaln(2)).toBe(0);
  });

  it('gammaln at subnormal x is −log x (SciPy 1.10 overflows to Infinity)', () => {
    rel(gammaln(1e-320), 736.8272408909739, 1e-15);
  });

  it('digamma keeps relative precision next to its positive zero', () => {
    rel(digamma(1.4616321449683622 + 2 ** -40), 8.800003676317406e-13, 1e-12);
    rel(digamma(1.4616321449683622), -9.241265521729427e-17, 1e-12); // x₀ rounded to the nearest double
  });

  it('logNdtr and ndtr deep in the lower tail', () => {
    rel(logNdtr(-40), -804.6084420137538, 2e-16); // SciPy 1.10: −804.6084420137539
    rel(ndtr(-38), 2.88542835e-316, 1e-7); // subnormal: 8 digits left
    rel(logNdtr(-1e10), -5.0e19, 1e-16);
    rel(logNdtr(10), -7.619853024160525e-24, 1e-15);
  });

  it('logErfc far in the upper tail', () => {
    rel(logErfc(30), -903.9741171106439, 1e-15);
    rel(logErfc(1000), -1000007.4801207219, 1e-16);
  });

  it('ndtriExp for log-probabilities where p underflows or 1 − p rounds', () => {
    rel(ndtriExp(-1e4), -141.37983987312717, 1e-15); // SciPy 1.10: −141.37983987312978 (2e-14 off)
    rel(ndtriExp(-1e-20), 9.262340089798407, 1e-15);
    rel(ndtriExp(-1e300), -1.4142135623730951e150, 1e-15);
  });

  it('logGammaincc and logBetaincc where the survival function underflows', () => {
    rel(logGammaincc(2, 1000), -993.0912452206848, 1e-15);
    rel(logGammaincc(1e4, 2e4), -3074.052511373138, 1e-14);
    rel(logBetaincc(2, 500, 0.9), -1145.1810791575203, 1e-15);
  });

  it('gammaincc for tiny a and x, where 1 − P would cancel', () => {
    rel(gammaincc(1e-3, 1e-5), 0.01087695530421733, 1e-14);
  });

  it('gammainc(a, 1) tends to 1 as a → 0 (SciPy 1.10 returns 0 for a = 1e-300)', () => {
    rel(gammainc(1e-300, 1), 1, 2 ** -52);
  });
});

describe('no Node-only code in src/special (the library runs in browsers)', () => {
  it('imports only its own modules and the error class (with its value describer) from core', () => {
    const dir = new URL('../../src/special/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        expect(m[1], file).toMatch(/^(\.\/[\w]+|\.\.\/core\/errors|\.\.\/core\/options)\.js$/);
      }
    }
  });
});
