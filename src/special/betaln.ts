import { checkNumber } from './argument.js';
import { HALF_LOG_2PI } from './constants.js';
import { gammaln, stirlingCorrection } from './gammaln.js';

/** log |B(a, b)| from three log-gammas, for arguments where some are negative. */
function lbetaGeneral(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/**
 * Natural log of the absolute value of the beta function: betaln(a, b) = log |B(a, b)| with
 * B(a, b) = Γ(a) Γ(b) / Γ(a + b), as `scipy.special.betaln`.
 *
 * For positive arguments it follows R's `lbeta` (R Core Team, nmath/lbeta.c, after W. Fullerton's SLATEC
 * DLBETA), which never subtracts two large log-gammas: with p = min(a, b), q = max(a, b) and the Stirling
 * remainder S (DLMF 5.11.1),
 * - p ≥ 10: log B = −½ log q + log √(2π) + S(p) + S(q) − S(p + q) + (p − ½) log(p / (p + q))
 *   + q log1p(−p / (p + q));
 * - q ≥ 10 > p: log B = log Γ(p) + S(q) − S(p + q) + p − p log(p + q) + (q − ½) log1p(−p / (p + q));
 * - otherwise log Γ(p) + log Γ(q) − log Γ(p + q), all three small.
 * Negative non-integer arguments use log |Γ| of each term. SciPy's conventions at the poles are kept:
 * a non-positive integer a gives betaln(1 − a − b, b) when b is an integer with 1 − a − b > 0 (the finite
 * limit), and +Infinity otherwise; B = 0 (a + b a non-positive integer, a and b not) gives −Infinity.
 *
 * @param a - first parameter.
 * @param b - second parameter.
 * @example
 * ```ts
 * betaln(2, 3);       // -2.4849066497880004
 * betaln(1e4, 1e-3);  // 6.897968594962708
 * betaln(0.5, 0.5);   // 1.1447298858494002
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function betaln(a: number, b: number): number {
  checkNumber('betaln', 'a', a);
  checkNumber('betaln', 'b', b);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a <= 0 && a === Math.floor(a)) return lbetaNegInt(a, b);
  if (b <= 0 && b === Math.floor(b)) return lbetaNegInt(b, a);
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return lbetaGeneral(a, b);
  if (q === Number.POSITIVE_INFINITY) return p === q ? Number.NaN : Number.NEGATIVE_INFINITY;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    const r = p / (p + q);
    return -0.5 * Math.log(q) + HALF_LOG_2PI + corr + (p - 0.5) * Math.log(r) + q * Math.log1p(-r);
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return gammaln(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lbetaGeneral(p, q);
}

/** SciPy's lbeta_negint: a is a non-positive integer. */
function lbetaNegInt(a: number, b: number): number {
  if (b === Math.floor(b) && 1 - a - b > 0) return betaln(1 - a - b, b);
  return Number.POSITIVE_INFINITY;
}
