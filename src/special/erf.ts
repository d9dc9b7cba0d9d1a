// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients keep the digits their authors published
// (more than a double holds), so they can be checked against the source; each rounds to the nearest double.
// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–637,
// as coded in his routine CALERF (SPECFUN, Netlib, latest modification March 19, 1990). Max relative
// errors of the approximations are below 6e-19 (first interval), 2e-18 (second) and 3e-17 (third).

import { checkNumber } from './argument.js';

const SQRPI = 0.56418958354775628695; // 1/√π
const THRESH = 0.46875;
const XNEG = -26.628; // erfcx(x) overflows below
const XHUGE = 6.71e7; // erfcx(x) = 1/(x√π) to double precision above

// erf(x) = x·A(x²)/B(x²) for |x| ≤ 0.46875.
const A = [
  3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153,
];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
// erfcx(x) = C(x)/D(x) for 0.46875 ≤ x ≤ 4.
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
// erfcx(x) = (1/√π − P(1/x²)/(x² Q(1/x²))) / x for x > 4.
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  2.33520497626869185e-3,
];

/** erf(x) for |x| ≤ 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
  const ysq = x * x;
  let xnum = A[4] * ysq;
  let xden = ysq;
  for (let i = 0; i < 3; i++) {
    xnum = (xnum + A[i]) * ysq;
    xden = (xden + B[i]) * ysq;
  }
  return (x * (xnum + A[3])) / (xden + B[3]);
}

/** erfcx(y) = e^{y²} erfc(y) for y > 0.46875 (Cody's second and third intervals). */
function erfcxLarge(y: number): number {
  if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    return (xnum + C[7]) / (xden + D[7]);
  }
  if (y >= XHUGE) return SQRPI / y;
  const ysq = 1 / (y * y);
  let xnum = P[5] * ysq;
  let xden = ysq;
  for (let i = 0; i < 4; i++) {
    xnum = (xnum + P[i]) * ysq;
    xden = (xden + Q[i]) * ysq;
  }
  return (SQRPI - (ysq * (xnum + P[4])) / (xden + Q[4])) / y;
}

/** 2^27 + 1, Veltkamp's splitting constant for doubles. */
const SPLIT = 134217729;

/**
 * The exact square of x as an unevaluated sum hi + lo (Dekker's product, T. J. Dekker, "A floating-point
 * technique for extending the available precision", Numer. Math. 18 (1971) 224–242), so that e^{−x²} can be
 * formed as e^{−hi}·e^{−lo} without the error x²·ε of rounding x² first (1.6e-13 relative at x = 27).
 * Valid for |x| < 2^996; beyond that lo is 0 (and irrelevant).
 * @internal
 */
export function squareParts(x: number): [number, number] {
  const hi = x * x;
  if (!(Math.abs(x) < 1e299) || !Number.isFinite(hi)) return [hi, 0];
  const c = SPLIT * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return [hi, lo];
}

/**
 * The scaled complementary error function erfcx(x) = e^{x²} erfc(x), as `scipy.special.erfcx`; it behaves
 * like 1/(x√π) for large x, where erfc underflows.
 *
 * W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; routine CALERF, 1990): erfcx
 * directly on (0.46875, 4] and for x > 4 in 1/x² (and 1/(x√π) from x = 6.71e7); e^{x²}(1 − erf x) on
 * [−0.46875, 0.46875]; and 2e^{x²} − erfcx(−x) below, with x² carried exactly. Overflows to Infinity for
 * x < −26.628.
 *
 * @param x - any number.
 * @example
 * ```ts
 * erfcx(1);   // 0.42758357615580705
 * erfcx(30);  // 0.01879588886141675
 * erfcx(-2);  // 108.94090438997797
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function erfcx(x: number): number {
  checkNumber('erfcx', 'x', x);
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  if (y <= THRESH) {
    const [hi, lo] = squareParts(x);
    return Math.exp(hi) * (1 + lo) * (1 - erfSmall(x));
  }
  const r = erfcxLarge(y);
  if (x > 0) return r;
  if (x < XNEG) return Number.POSITIVE_INFINITY;
  const [hi, lo] = squareParts(x);
  const e = Math.exp(hi) * (1 + lo);
  return e + e - r;
}

/**
 * erfc(y) for y > 0.46875: e^{−y²}·erfcx(y), with e^{−y²} from the exact square; the tail that e^{−y²}
 * would take into the subnormal range is formed in one exponential instead.
 */
function erfcPositive(y: number): number {
  const r = erfcxLarge(y);
  const [hi, lo] = squareParts(y);
  if (hi < 700) return Math.exp(-hi) * (1 - lo) * r;
  return Math.exp(Math.log(r) - hi - lo);
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, as `scipy.special.erf`.
 *
 * W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; routine CALERF): x·A(x²)/B(x²)
 * for |x| ≤ 0.46875, else 1 − erfc(|x|) with the sign of x. Relative error ≲ 2 ulp; erf(−x) = −erf(x)
 * exactly.
 *
 * @param x - any number.
 * @example
 * ```ts
 * erf(0.5);   // 0.5204998778130465
 * erf(1e-10); // 1.1283791670955125e-10
 * erf(-2);    // -0.9953222650189527
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function erf(x: number): number {
  checkNumber('erf', 'x', x);
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  const r = 0.5 - erfcPositive(y) + 0.5;
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt, as `scipy.special.erfc`,
 * with full relative precision in the upper tail (down to the subnormal limit near x = 27.2).
 *
 * W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; routine CALERF): 1 − erf(x) for
 * |x| ≤ 0.46875, e^{−x²}·erfcx(x) above with x² carried exactly (Cody splits x² as a multiple of 1/16
 * plus a remainder to the same end), and 2 − erfc(−x) below −0.46875.
 *
 * @param x - any number.
 * @example
 * ```ts
 * erfc(0.5); // 0.4795001221869535
 * erfc(10);  // 2.0884875837625446e-45
 * erfc(-1);  // 1.8427007929497148
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function erfc(x: number): number {
  checkNumber('erfc', 'x', x);
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x);
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

const LN2 = Math.LN2;

/**
 * log erfc(x), finite far into the upper tail where erfc underflows (logErfc(1000) ≈ −1e6), with full
 * relative precision for x < 0 (where erfc(x) ∈ (1, 2)) and near x = 0.
 *
 * log erfcx(x) − x² for x > 0.46875 (x² carried exactly, so the result keeps relative precision),
 * log1p(−erf(x)) on [−0.46875, 0.46875], and log erfc(x) = log(2 − erfc(−x)) below; erfc and erfcx are
 * W. J. Cody's approximations (Math. Comp. 23, 1969). SciPy has no counterpart (`log_ndtr` is the nearest);
 * the tests compare it with mpmath.
 *
 * @param x - any number.
 * @example
 * ```ts
 * logErfc(30);   // -903.9741171106439
 * logErfc(1000); // -1000007.4801207219
 * logErfc(-3);   // 0.6931361352504468
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function logErfc(x: number): number {
  checkNumber('logErfc', 'x', x);
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const y = Math.abs(x);
  if (y <= THRESH) return Math.log1p(-erfSmall(x));
  if (x < 0) {
    const r = erfcPositive(y);
    return LN2 + Math.log1p(-0.5 * r);
  }
  const [hi, lo] = squareParts(x);
  return Math.log(erfcxLarge(x)) - hi - lo;
}
