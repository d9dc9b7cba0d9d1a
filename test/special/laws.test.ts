/**
 * Identities of the special functions as fast-check properties: the recurrences of Γ, ψ and ψ₁, the
 * complements P + Q = 1, erf + erfc = 1 and I_x(a, b) + I_{1−x}(b, a) = 1, the inverses' round trips, and
 * the log-space functions against the logs of the plain ones where those are representable.
 *
 * Tolerances are ε = 2^−52 times a small multiple of the sizes of the terms (each is computed to a few ulp
 * of its own magnitude, so a sum can be off by that much in absolute terms), plus the effect of rounding an
 * argument the identity forms (x + 1, 1 − p): f′·δx. For the round trips, the forward value carries a
 * relative error of a few ε, which the inverse turns into a relative error in x of that over
 * |d log F / d log x| (the inverse's condition number); the bound is that, with room.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

const EPS = 2 ** -52;

/** Doubles spread evenly in log space over [lo, hi]. */
const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);

/** |a − b| ≤ tol, with a readable failure. */
function near(a: number, b: number, tol: number, what: string): void {
  if (!(Math.abs(a - b) <= tol)) expect.fail(`${what}: ${a} vs ${b}, |diff| ${Math.abs(a - b)} > ${tol}`);
}

describe('recurrences of the gamma family', () => {
  it('gammaln(x + 1) = gammaln(x) + log x (DLMF 5.5.1)', () => {
    fc.assert(
      fc.property(logUniform(1e-3, 1e4), (x) => {
        const a = gammaln(x + 1);
        const b = gammaln(x) + Math.log(x);
        // Terms to 4 ulp each; x + 1 rounds by ε(x + 1)/2, which moves log Γ by ψ(x + 1) times that.
        const tol =
          4 * EPS * (Math.abs(a) + Math.abs(gammaln(x)) + Math.abs(Math.log(x))) +
          Math.abs(digamma(x + 1)) * EPS * (x + 1);
        near(a, b, tol, `x = ${x}`);
      }),
    );
  });

  it('digamma(x + 1) = digamma(x) + 1/x (DLMF 5.5.2), also for x < 0', () => {
    fc.assert(
      fc.property(fc.oneof(logUniform(1e-3, 1e4), fc.double({ min: -20, max: -0.01, noNaN: true })), (x) => {
        fc.pre(x !== Math.floor(x) && x + 1 !== Math.floor(x + 1));
        const a = digamma(x + 1);
        const b = digamma(x) + 1 / x;
        const tol =
          8 * EPS * (Math.abs(a) + Math.abs(digamma(x)) + Math.abs(1 / x)) +
          trigamma(x + 1) * EPS * Math.abs(x + 1);
        near(a, b, tol, `x = ${x}`);
      }),
    );
  });

  it('trigamma(x) = trigamma(x + 1) + 1/x² (DLMF 5.15.5), also for x < 0', () => {
    fc.assert(
      fc.property(fc.oneof(logUniform(1e-3, 1e4), fc.double({ min: -20, max: -0.01, noNaN: true })), (x) => {
        fc.pre(x !== Math.floor(x) && x + 1 !== Math.floor(x + 1));
        const a = trigamma(x);
        const b = trigamma(x + 1) + 1 / (x * x);
        // ψ₂ ≈ −2ψ₁/x near the poles, so rounding x + 1 costs about 2ψ₁(x + 1)·ε(x + 1)/|x + 1|.
        const tol =
          8 * EPS * (Math.abs(a) + Math.abs(b)) + 4 * trigamma(x + 1) * EPS * Math.max(1, Math.abs(x + 1));
        near(a, b, tol, `x = ${x}`);
      }),
    );
  });

  it('digamma(1 − x) − digamma(x) = π cot(πx) (DLMF 5.5.4)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (x) => {
        const a = digamma(1 - x) - digamma(x);
        const b = Math.PI / Math.tan(Math.PI * x);
        // 1 − x rounds by ε/2 (ψ₁ times that); Math.tan(Math.PI·x) is itself off by a few ulp of π/sin².
        const tol =
          8 * EPS * (Math.abs(digamma(1 - x)) + Math.abs(digamma(x)) + Math.abs(b)) +
          EPS * (trigamma(1 - x) + (Math.PI * Math.PI) / Math.sin(Math.PI * x) ** 2);
        near(a, b, tol, `x = ${x}`);
      }),
    );
  });

  it('betaln(a, b) = gammaln(a) + gammaln(b) − gammaln(a + b) and is symmetric', () => {
    fc.assert(
      fc.property(logUniform(0.01, 100), logUniform(0.01, 100), (a, b) => {
        const l = betaln(a, b);
        expect(betaln(b, a)).toBe(l);
        const r = gammaln(a) + gammaln(b) - gammaln(a + b);
        const tol =
          8 * EPS * (Math.abs(gammaln(a)) + Math.abs(gammaln(b)) + Math.abs(gammaln(a + b))) +
          Math.abs(digamma(a + b)) * EPS * (a + b);
        near(l, r, tol, `a = ${a}, b = ${b}`);
      }),
    );
  });
});

describe('error functions and the normal distribution', () => {
  it('erf(x) + erfc(x) = 1, erf(−x) = −erf(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        near(erf(x) + erfc(x), 1, 2 * EPS, `x = ${x}`);
        expect(erf(-x)).toBe(-erf(x));
      }),
    );
  });

  it('erfcx(x) e^{−x²} = erfc(x) where erfc does not underflow', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 26, noNaN: true }), (x) => {
        // e^{−x²} from a rounded x² costs x²ε relative; the functions themselves carry it exactly.
        near(erfcx(x) * Math.exp(-x * x), erfc(x), 8 * EPS * (1 + 2 * x * x) * erfc(x), `x = ${x}`);
      }),
    );
  });

  it('logErfc(x) = log erfc(x) and logNdtr(x) = log ndtr(x) where those are representable', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 26, noNaN: true }),
        fc.double({ min: -37, max: 8, noNaN: true }),
        (x, z) => {
          // log of a value with relative error δ is off by δ absolute.
          near(logErfc(x), Math.log(erfc(x)), 4 * EPS * (1 + Math.abs(logErfc(x))), `logErfc(${x})`);
          near(logNdtr(z), Math.log(ndtr(z)), 4 * EPS * (1 + Math.abs(logNdtr(z))), `logNdtr(${z})`);
        },
      ),
    );
  });

  it('ndtr(x) + ndtr(−x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) =>
        near(ndtr(x) + ndtr(-x), 1, 2 * EPS, `x = ${x}`),
      ),
    );
  });

  it('ndtri(ndtr(x)) = x and ndtriExp(logNdtr(x)) = x', () => {
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    fc.assert(
      fc.property(
        fc.double({ min: -37, max: 5, noNaN: true }),
        fc.double({ min: -1e3, max: 5, noNaN: true }),
        (x, z) => {
          // Φ carries ≈ ε relative error, which is εΦ absolute (above the median too: 1 − Φ is not stored),
          // i.e. εΦ/φ in x.
          const p = ndtr(x);
          near(ndtri(p), x, 8 * EPS * (Math.abs(x) + p / phi(x)), `ndtri(ndtr(${x}))`);
          // log Φ carries ε|log Φ| absolute error; d log Φ / dx = φ/Φ.
          const lp = logNdtr(z);
          const slope = z < -30 ? -z : phi(z) / ndtr(z);
          near(
            ndtriExp(lp),
            z,
            8 * EPS * (Math.abs(z) + (1 + Math.abs(lp)) / slope),
            `ndtriExp(logNdtr(${z}))`,
          );
        },
      ),
    );
  });
});

/** a log x − x − log Γ(a) − log P: the log-derivative d log P / d log x (or of Q, given log Q). */
const gammaSlope = (a: number, x: number, logTail: number) =>
  Math.exp(a * Math.log(x) - x - gammaln(a) - logTail);

describe('incomplete gamma function', () => {
  const ax = fc.tuple(logUniform(1e-3, 1e4), fc.double({ min: -8, max: 3, noNaN: true })).map(([a, z]) => {
    const x = a > 1 ? Math.max(1e-10, a + z * Math.sqrt(a)) : a * Math.exp(2 * z);
    return [a, x] as const;
  });

  it('gammainc(a, x) + gammaincc(a, x) = 1', () => {
    fc.assert(
      fc.property(ax, ([a, x]) => near(gammainc(a, x) + gammaincc(a, x), 1, 16 * EPS, `a = ${a}, x = ${x}`)),
    );
  });

  it('logGammaincc(a, x) = log gammaincc(a, x) where Q is representable', () => {
    fc.assert(
      fc.property(ax, ([a, x]) => {
        const q = gammaincc(a, x);
        fc.pre(q > 1e-300);
        const l = logGammaincc(a, x);
        near(
          l,
          Math.log(q),
          16 * EPS * (1 + Math.abs(l)) + (q > 0.5 ? (16 * EPS) / q : 0),
          `a = ${a}, x = ${x}`,
        );
      }),
    );
  });

  it('gammaincinv(a, gammainc(a, x)) = x and gammainccinv(a, gammaincc(a, x)) = x', () => {
    fc.assert(
      fc.property(ax, ([a, x]) => {
        const p = gammainc(a, x);
        const q = gammaincc(a, x);
        if (p > 1e-300 && p <= 0.5) {
          const tol = 32 * EPS * (1 + 1 / gammaSlope(a, x, Math.log(p)));
          near(gammaincinv(a, p) / x, 1, tol, `gammaincinv(${a}, ${p}) for x = ${x}`);
        }
        if (q > 1e-300 && q <= 0.5) {
          const tol = 32 * EPS * (1 + 1 / gammaSlope(a, x, Math.log(q)));
          near(gammainccinv(a, q) / x, 1, tol, `gammainccinv(${a}, ${q}) for x = ${x}`);
        }
      }),
    );
  });

  it('gammainc(a, ·) is nondecreasing', () => {
    fc.assert(
      fc.property(logUniform(1e-3, 1e4), logUniform(1e-10, 1e4), logUniform(1e-10, 1e4), (a, x, y) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        expect(gammainc(a, lo)).toBeLessThanOrEqual(gammainc(a, hi) * (1 + 4 * EPS));
      }),
    );
  });
});

describe('incomplete beta function', () => {
  const abx = fc
    .tuple(logUniform(1e-2, 1e4), logUniform(1e-2, 1e4), fc.double({ min: -6, max: 6, noNaN: true }))
    .map(([a, b, z]) => {
      const m = a / (a + b);
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      return [a, b, Math.min(1 - 1e-12, Math.max(1e-12, m + z * sd))] as const;
    });

  it('betainc(a, b, x) + betainc(b, a, 1 − x) = 1 (DLMF 8.17.4)', () => {
    fc.assert(
      fc.property(abx, ([a, b, x]) => {
        fc.pre(x >= 0.5); // so that 1 − x is exact
        // The two sides may come from different fractions (one each side of the switch point), each good
        // to a few ulp of the value's sensitivity x·f(x), f the Beta density (≈ √(a + b) at the mean).
        const xf = Math.exp(a * Math.log(x) + (b - 1) * Math.log1p(-x) - betaln(a, b));
        near(betainc(a, b, x) + betainc(b, a, 1 - x), 1, 16 * EPS * (1 + xf), `a = ${a}, b = ${b}, x = ${x}`);
      }),
    );
  });

  it('logBetaincc(a, b, x) = log1p(−betainc(a, b, x)) where I ≤ ½', () => {
    fc.assert(
      fc.property(abx, ([a, b, x]) => {
        const i = betainc(a, b, x);
        fc.pre(i <= 0.5);
        near(
          logBetaincc(a, b, x),
          Math.log1p(-i),
          16 * EPS * (1 + i * Math.abs(Math.log(i))),
          `a = ${a}, b = ${b}, x = ${x}`,
        );
      }),
    );
  });

  it('betaincinv(a, b, betainc(a, b, x)) = x, and betaincinv(a, b, p) = 1 − betaincinv(b, a, 1 − p)', () => {
    fc.assert(
      fc.property(abx, ([a, b, x]) => {
        const p = betainc(a, b, x);
        fc.pre(p > 1e-300 && p <= 0.5);
        // d log I / d log x = x^a (1 − x)^{b−1} / (B(a, b) I)
        const slope = Math.exp(a * Math.log(x) + (b - 1) * Math.log1p(-x) - betaln(a, b) - Math.log(p));
        near(
          betaincinv(a, b, p) / x,
          1,
          64 * EPS * (1 + 1 / slope),
          `betaincinv(${a}, ${b}, ${p}) for x = ${x}`,
        );
        const q = 1 - p; // rounded, but q ≥ ½, so 1 − q is exact: compare at that p
        const y = betaincinv(b, a, q);
        const x1 = betaincinv(a, b, 1 - q);
        near(1 - y, x1, 64 * EPS * (1 + x1 / slope) + 2 * EPS, `a = ${a}, b = ${b}, q = ${q}`);
      }),
    );
  });
});

describe('log1pmx', () => {
  it('log1pmx(x) = log1p(x) − x where they do not cancel, and ≈ −x²/2 near 0', () => {
    fc.assert(
      fc.property(logUniform(1, 1e6), logUniform(1e-300, 1e-6), (x, t) => {
        near(log1pmx(x), Math.log1p(x) - x, 4 * EPS * (Math.abs(Math.log1p(x)) + Math.abs(x)), `x = ${x}`);
        // The series −t²/2 + t³/3 − t⁴/4, whose next term t⁵/5 is below ε t² for t ≤ 1e-6.
        near(
          log1pmx(t),
          -0.5 * t * t + (t * t * t) / 3 - (t * t * t * t) / 4,
          4 * EPS * 0.5 * t * t,
          `t = ${t}`,
        );
      }),
    );
  });
});
