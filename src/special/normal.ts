// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients keep the digits their authors published
// (more than a double holds), so they can be checked against the source; each rounds to the nearest double.

import { checkNumber } from './argument.js';
import { erf, erfcx, squareParts } from './erf.js';
import { polyval } from './polynomial.js';

const SQRT1_2 = Math.SQRT1_2;
/** √(2/π). */
const SQRT_2_OVER_PI = 0.7978845608028654;

/**
 * The pair (Φ(−|x|) as log, i.e. log of the smaller tail) for |x| ≥ 0.46875·√2: log(erfcx(|x|/√2)/2) − x²/2
 * with x²/2 carried exactly. erfcx is well conditioned, so rounding |x|/√2 costs nothing; the factor
 * e^{−x²/2}, where the condition number is x², is formed from the exact square.
 */
function logSmallTail(x: number): number {
  const ax = Math.abs(x);
  const l = Math.log(0.5 * erfcx(ax * SQRT1_2));
  // x² (and Dekker's split square) overflow near |x| = 1.34e154 while x²/2 is finite up to 1.896e154: form
  // x·(x/2) (x/2 is exact). From 1e154 on, lo and l (about −355) are far below half an ulp of x²/2, so the
  // product alone rounds right.
  if (ax > 1e154) return l - ax * (0.5 * ax);
  const [hi, lo] = squareParts(x);
  return l - 0.5 * hi - 0.5 * lo;
}

/** Φ(−|x|) for |x| ≥ 0.46875·√2, from the exact square (see {@link logSmallTail}). */
function smallTail(x: number): number {
  const [hi, lo] = squareParts(x);
  const r = 0.5 * erfcx(Math.abs(x) * SQRT1_2);
  if (hi < 1400) return Math.exp(-0.5 * hi) * (1 - 0.5 * lo) * r;
  return Math.exp(Math.log(r) - 0.5 * hi - 0.5 * lo);
}

/** |x| below which Φ(x) = (1 + erf(x/√2))/2 (Cody's first interval, erf's argument ≤ 0.46875). */
const CENTRAL = 0.6629126073623883;

/**
 * The standard normal cumulative distribution function Φ(x) = ½ erfc(−x/√2), as `scipy.special.ndtr`,
 * with full relative precision in the lower tail down to the subnormal limit (x ≈ −38.5).
 *
 * ½(1 + erf(x/√2)) for |x| ≤ 0.6629, else ½ erfcx(|x|/√2) e^{−x²/2} for the smaller tail (and one minus
 * it for the larger), with erf and erfcx from W. J. Cody's approximations (Math. Comp. 23, 1969) and x²
 * carried exactly: SciPy rounds x/√2 before erfc, which costs x²·ε relative (1.6e-13 at x = −38).
 *
 * @param x - any number.
 * @example
 * ```ts
 * ndtr(0);     // 0.5
 * ndtr(1.96);  // 0.9750021048517796
 * ndtr(-10);   // 7.619853024160525e-24
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function ndtr(x: number): number {
  checkNumber('ndtr', 'x', x);
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) <= CENTRAL) return 0.5 + 0.5 * erf(x * SQRT1_2);
  const t = smallTail(x);
  return x < 0 ? t : 1 - t;
}

/**
 * log Φ(x), the log of the standard normal CDF, as `scipy.special.log_ndtr`, finite deep in the lower tail
 * (logNdtr(−40) = −804.6084420137538) and with full relative precision in the upper tail, where it is
 * −Φ(−x) to first order.
 *
 * Lower tail: log(½ erfcx(−x/√2)) − x²/2 with x² carried exactly (W. J. Cody's erfcx, Math. Comp. 23,
 * 1969), and x·(x/2) where x² itself overflows, so the result is finite down to x = −1.896e154 (where
 * −x²/2 reaches −1.797e308; SciPy 1.10 gives −Infinity from x = −1.34e154); upper tail: log1p(−Φ(−x));
 * centre: log Φ(x).
 *
 * @param x - any number.
 * @example
 * ```ts
 * logNdtr(-40); // -804.6084420137538
 * logNdtr(0);   // -0.6931471805599453
 * logNdtr(10);  // -7.619853024160525e-24
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function logNdtr(x: number): number {
  checkNumber('logNdtr', 'x', x);
  if (Number.isNaN(x)) return x;
  if (x === Number.NEGATIVE_INFINITY) return x;
  if (Math.abs(x) <= CENTRAL) return Math.log(ndtr(x));
  if (x < 0) return logSmallTail(x);
  return Math.log1p(-smallTail(x));
}

// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Applied Statistics
// 37 (1988) 477–484, routine PPND16 (relative accuracy about 1e-16). Coefficients copied from CPython's
// statistics._normal_dist_inv_cdf, which carries Wichura's hash sums for checking the transcription.
// Central region |p − ½| ≤ 0.425: x = q·A(r)/B(r), r = 0.180625 − q².
const WA = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const WB = [
  1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
// Intermediate tail, r = √(−log min(p, 1 − p)) ≤ 5: x = C(r − 1.6)/D(r − 1.6).
const WC = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const WD = [
  1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
// Far tail, r > 5: x = E(r − 5)/F(r − 5).
const WE = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const WF = [
  1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** AS 241's tail: the quantile |x| whose smaller tail has probability exp(−r²), r > √(−log 0.075). */
function ppndTail(r: number): number {
  if (r <= 5) {
    const t = r - 1.6;
    return polyval(WC, t) / polyval(WD, t);
  }
  const t = r - 5;
  return polyval(WE, t) / polyval(WF, t);
}

/**
 * The standard normal quantile function Φ⁻¹(p), as `scipy.special.ndtri`.
 *
 * M. J. Wichura's Algorithm AS 241 (PPND16, Applied Statistics 37, 1988), relative accuracy about 1e-16:
 * a rational function of r = 0.180625 − (p − ½)² for |p − ½| ≤ 0.425, else of r = √(−log min(p, 1 − p)).
 * ndtri(0) = −Infinity, ndtri(1) = Infinity, NaN outside [0, 1].
 *
 * @param p - a probability in [0, 1].
 * @example
 * ```ts
 * ndtri(0.975); // 1.9599639845400536
 * ndtri(1e-10); // -6.361340902404056
 * ndtri(0.5);   // 0
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function ndtri(p: number): number {
  checkNumber('ndtri', 'p', p);
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polyval(WA, r)) / polyval(WB, r);
  }
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const x = ppndTail(Math.sqrt(-Math.log(q < 0 ? p : 1 - p)));
  return q < 0 ? -x : x;
}

/** log(0.075): below it AS 241 uses its tail formulas. */
const LOG_TAIL = Math.log(0.075);

/**
 * Φ⁻¹(e^{logp}), the standard normal quantile of a probability given by its log, as
 * `scipy.special.ndtri_exp`: usable where p underflows (ndtriExp(−1e4) ≈ −141.38) and where 1 − p rounds
 * (logp = −1e-20).
 *
 * M. J. Wichura's AS 241 (Applied Statistics 37, 1988) in its own variable r = √(−log p) for the lower
 * tail, so no precision is lost forming p, and with 1 − p = −expm1(logp) for the upper tail. Below
 * logp = −700 (beyond AS 241's design range) it starts from the asymptotic
 * x² = 2t − log(4πt)… with t = −logp (formed without overflow, so every finite logp has its finite quantile:
 * ndtriExp(−1.7976931348623157e308) = −1.8961503816218352e154) and polishes with Newton steps on
 * log Φ(x) = logp, whose derivative φ(x)/Φ(x) = √(2/π)/erfcx(−x/√2) needs no exponentials.
 *
 * @param logp - log of a probability, ≤ 0.
 * @example
 * ```ts
 * ndtriExp(Math.log(0.975)); // 1.9599639845400536
 * ndtriExp(-1e4);            // -141.37983987312717
 * ndtriExp(-1e-20);          // 9.262340089798405
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function ndtriExp(logp: number): number {
  checkNumber('ndtriExp', 'logp', logp);
  if (!(logp <= 0)) return Number.NaN;
  if (logp === 0) return Number.POSITIVE_INFINITY;
  if (logp === Number.NEGATIVE_INFINITY) return logp;
  if (logp < -700) {
    // Asymptotic start: log Φ(x) ≈ −x²/2 − log(−x√(2π)) for x → −∞.
    // Written as √2·√(t − ½(log 4π + log t)): 2t and 4πt overflow for t > 8.99e307 / 1.43e307, and logp down
    // to −1.797e308 is valid (x down to −1.896e154).
    const t = -logp;
    let x = -Math.SQRT2 * Math.sqrt(t - 0.5 * (Math.log(4 * Math.PI) + Math.log(t)));
    for (let i = 0; i < 8; i++) {
      const f = logNdtr(x) - logp;
      const step = f / (SQRT_2_OVER_PI / erfcx(-x * SQRT1_2));
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
    }
    return x;
  }
  if (logp < LOG_TAIL) return -ppndTail(Math.sqrt(-logp));
  if (logp <= Math.log1p(-0.075)) return ndtri(Math.exp(logp));
  return ppndTail(Math.sqrt(-Math.log(-Math.expm1(logp))));
}
