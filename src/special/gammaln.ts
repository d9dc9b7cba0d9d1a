// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients keep the digits their authors published
// (more than a double holds), so they can be checked against the source; each rounds to the nearest double.

import { checkNumber } from './argument.js';
import { HALF_LOG_2PI, LOG_PI } from './constants.js';
import { polyval } from './polynomial.js';
import { sinpi } from './trigpi.js';

/** log √(2π). */

// Boost.Math lgamma_small_imp, 64-bit tag (J. Maddock, 2006; boost/math/special_functions/detail/
// lgamma_small.hpp): rational approximations R with lgamma(z) = (z − 2)(z + 1)(Y + R(z − 2)) on [2, 3],
// (z − 1)(z − 2)(Y + R(z − 1)) on [1, 1.5] and (2 − z)(1 − z)(Y + R(2 − z)) on [1.5, 2]. The factors carry
// the zeros at 1 and 2, so the result keeps full relative precision next to them; R is small beside the
// constant Y, so its rounding errors wash out (max error found at double precision ≈ 1.8e-17).
const Y23 = 0.158963680267333984375;
const P23 = [
  -0.180355685678449379109e-1, 0.25126649619989678683e-1, 0.494103151567532234274e-1,
  0.172491608709613993966e-1, -0.259453563205438108893e-3, -0.541009869215204396339e-3,
  -0.324588649825948492091e-4,
];
const Q23 = [
  0.1e1, 0.196202987197795200688e1, 0.148019669424231326694e1, 0.541391432071720958364,
  0.988504251128010129477e-1, 0.82130967464889339326e-2, 0.224936291922115757597e-3,
  -0.223352763208617092964e-6,
];
const Y1 = 0.52815341949462890625;
const P1 = [
  0.490622454069039543534e-1, -0.969117530159521214579e-1, -0.414983358359495381969, -0.406567124211938417342,
  -0.158413586390692192217, -0.240149820648571559892e-1, -0.100346687696279557415e-2,
];
const Q1 = [
  0.1e1, 0.302349829846463038743e1, 0.348739585360723852576e1, 0.191415588274426679201e1,
  0.507137738614363510846, 0.577039722690451849648e-1, 0.195768102601107189171e-2,
];
const Y2 = 0.452017307281494140625;
const P2 = [
  -0.292329721830270012337e-1, 0.144216267757192309184, -0.142440390738631274135, 0.542809694055053558157e-1,
  -0.850535976868336437746e-2, 0.431171342679297331241e-3,
];
const Q2 = [
  0.1e1, -0.150169356054485044494e1, 0.846973248876495016101, -0.220095151814995745555,
  0.25582797155975869989e-1, -0.100666795539143372762e-2, -0.827193521891290553639e-6,
];

/**
 * log Γ(z) for 0 < z < 3, given also zm1 = z − 1 and zm2 = z − 2 as accurately as the caller knows them
 * (Boost's lgamma_small_imp). Unlike Boost, the step z → z + 1 for z < 1 takes log z as log1p(zm1) when
 * z ≥ 1/2, so that lgamma1p(x) = log Γ(1 + x) keeps relative precision for tiny x < 0.
 */
function lgammaSmall(z: number, zm1: number, zm2: number): number {
  if (zm1 === 0 || zm2 === 0) return 0;
  let result = 0;
  if (z > 2) {
    const r = zm2 * (z + 1);
    return r * Y23 + (r * polyval(P23, zm2)) / polyval(Q23, zm2);
  }
  if (z < 1) {
    result = z < 0.5 ? -Math.log(z) : -Math.log1p(zm1);
    zm2 = zm1;
    zm1 = z;
    z += 1;
  }
  if (z <= 1.5) {
    const prefix = zm1 * zm2;
    return result + prefix * Y1 + (prefix * polyval(P1, zm1)) / polyval(Q1, zm1);
  }
  const r = zm2 * zm1;
  return result + r * Y2 + (r * polyval(P2, -zm2)) / polyval(Q2, -zm2);
}

// Stirling series S(x) = log Γ(x) − [(x − 1/2) log x − x + log √(2π)] = Σₖ B₂ₖ / (2k(2k − 1) x^{2k−1})
// (DLMF 5.11.1); ten terms leave a remainder below 1e-19 at x ≥ 10.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
  43867 / 244188,
  -174611 / 125400,
];

/**
 * The remainder of Stirling's formula, S(x) = log Γ(x) − (x − 1/2) log x + x − log √(2π), for x ≥ 1
 * (DLMF 5.11.1): the series for x ≥ 10; below, S(x) = S(x + n) + Σ_{j<n} D(x + j) from the recurrence
 * of Γ, where D(z) = (z + ½) log(1 + 1/z) − 1 = Σ_{k≥1} t^{2k}/(2k + 1) with t = 1/(2z + 1) (the atanh
 * series of the log), a sum of positive terms: unlike log Γ(x) minus the power part, nothing cancels.
 * It is the correction that makes x^a e^{−x} / Γ(a) and Γ(a + b) / (Γ(a) Γ(b)) computable without the
 * cancellation of three large log-gammas.
 * @internal
 */
export function stirlingCorrection(x: number): number {
  if (x >= 10) {
    const z = 1 / (x * x);
    return polyval(STIRLING, z) / x;
  }
  let z = x;
  let d = 0;
  while (z < 10) {
    const t = 1 / (2 * z + 1);
    const t2 = t * t;
    let p = t2;
    let s = 0;
    for (let k = 1; k < 40; k++) {
      const term = p / (2 * k + 1);
      s += term;
      if (term < 1e-17 * s) break;
      p *= t2;
    }
    d += s;
    z += 1;
  }
  return stirlingCorrection(z) + d;
}

/**
 * H(z) = z log z − z − log Γ(z) = ½ log z − log √(2π) − S(z) for z ≥ 1 (Stirling's formula, DLMF 5.11.1,
 * with the remainder S from {@link stirlingCorrection}): the part of log Γ that is not a power, free of the
 * cancellation of its three terms. Directly for z < 1, where they do not cancel.
 * @internal
 */
export function stirlingH(z: number): number {
  if (z < 1) return z * Math.log(z) - z - gammaln(z);
  return 0.5 * Math.log(z) - HALF_LOG_2PI - stirlingCorrection(z);
}

/**
 * log Γ(1 + x), accurate also for tiny |x| where 1 + x would round (log Γ(1 + x) ≈ −γx).
 * @internal
 */
export function lgamma1p(x: number): number {
  if (x > -1 && x < 2) return lgammaSmall(1 + x, x, x - 1);
  return gammaln(1 + x);
}

/**
 * Natural log of the absolute value of the gamma function, gammaln(x) = log |Γ(x)|, as
 * `scipy.special.gammaln`.
 *
 * - 0 < x < 3: Boost.Math's rational approximations (J. Maddock, lgamma_small_imp), which carry the zeros
 *   at x = 1 and x = 2 as factors, so the result has full relative precision next to them.
 * - 3 ≤ x < 10: log Γ(x) = log[(x − 1)(x − 2)⋯(x − n)] + log Γ(x − n) with x − n in [2, 3).
 * - x ≥ 10: Stirling's series log Γ(x) = (x − 1/2) log x − x + log √(2π) + Σₖ B₂ₖ / (2k(2k − 1) x^{2k−1})
 *   (DLMF 5.11.1).
 * - x < 0: Γ(x) = Γ(x + 1) / x on (−1, 0), and the reflection Γ(x) Γ(1 − x) = π / sin(πx) (DLMF 5.5.3)
 *   below, with sin(πx) reduced exactly.
 *
 * Poles (x = 0, −1, −2, …, and any x ≤ −2^52, which is an integer) give +Infinity, as SciPy;
 * gammaln(Infinity) = Infinity and gammaln(−Infinity) = −Infinity (SciPy's value). Unlike SciPy 1.10,
 * subnormal x gives −log x (SciPy overflows to Infinity there).
 * Relative error ≲ 1e-15 away from the two positive zeros and the zeros on the negative axis, where the
 * absolute error is ≲ 1e-16 (x = 1, 2) and a few ulp of the terms (x < 0).
 *
 * @param x - any number.
 * @example
 * ```ts
 * gammaln(0.5);  // 0.5723649429247001
 * gammaln(100);  // 359.1342053695754
 * gammaln(-2.5); // -0.05624371649767412
 * gammaln(0);    // Infinity
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function gammaln(x: number): number {
  checkNumber('gammaln', 'x', x);
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return x; // SciPy: gammaln(±Infinity) = ±Infinity
  if (x <= 0) {
    if (x === Math.floor(x)) return Number.POSITIVE_INFINITY;
    if (x > -1) {
      // Γ(x) = Γ(1 + x) / x keeps tiny |x| exact: log |Γ(x)| = log Γ(1 + x) − log |x|.
      return lgamma1p(x) - Math.log(-x);
    }
    // Reflection: |Γ(x)| = π / (|sin πx| Γ(1 − x)).
    return LOG_PI - Math.log(Math.abs(sinpi(x))) - gammaln(1 - x);
  }
  if (x < 3) return lgammaSmall(x, x - 1, x - 2);
  if (x < 10) {
    let p = 1;
    let z = x;
    while (z >= 3) {
      z -= 1;
      p *= z;
    }
    return Math.log(p) + lgammaSmall(z, z - 1, z - 2);
  }
  const lx = Math.log(x);
  if (x > 1e17) return x * (lx - 1) - 0.5 * lx + HALF_LOG_2PI; // S(x) < 1e-18 and x − 1/2 rounds
  return (x - 0.5) * lx - x + HALF_LOG_2PI + stirlingCorrection(x);
}
