import { SurprisalError } from '../core/errors.js';
import { checkNumber } from './argument.js';
import { logIbetaAsymptotic } from './betaincAsymptotic.js';
import { lgamma1p, stirlingCorrection, stirlingH } from './gammaln.js';
import { log1pmx } from './log1pmx.js';

const EPS = 2.220446049250313e-16;
const FPMIN = 1e-300;
const MAXITER = 100000;
/** Both parameters above this, and x within ASYMPTOTIC_SPREAD·min(a, b)/(a + b) of the mean: TOMS 708's basym. */
const ASYMPTOTIC_MIN = 100;
const ASYMPTOTIC_SPREAD = 0.03;

/**
 * log(x^a y^b / B(a, b)) with y = 1 − x given separately (so x close to 1 loses nothing).
 *
 * With c = a + b and the mean x₀ = a/c, y₀ = b/c, it is H(a) + H(b) − H(c) + a log(x/x₀) + b log(y/y₀)
 * (H(z) = z log z − z − log Γ(z), from Stirling's formula, see {@link stirlingH}), so the large terms
 * a log x, b log y and log B(a, b) never meet: the form of DiDonato & Morris's brcomp (ACM TOMS 18 (1992) 360–373,
 * Algorithm 708) and of Boost's ibeta_power_terms. Near the mean, with u = x/x₀ − 1 = (xb − ya)/a and
 * v = y/y₀ − 1 = −(xb − ya)/b, the sum is a[log(1 + u) − u] + b[log(1 + v) − v] (au + bv = 0 exactly), from
 * {@link log1pmx}; away from it each log is taken of a ratio formed directly, or as log1p of u or v when
 * that one is small (b log y with y = 1 − x rounded would cost b·ε).
 * @internal
 */
export function logIbetaFac(a: number, b: number, x: number, y: number): number {
  const c = a + b;
  // The products' rounding costs ~ε·max(a, b)·|u| in the log: the exact difference only where that shows.
  const e = a + b > 1e4 ? -meanDistance(a, b, x, y) : x * b - y * a;
  const u = e / a;
  const v = -e / b;
  let t: number;
  if (Math.abs(u) < 0.4 && Math.abs(v) < 0.4) t = a * log1pmx(u) + b * log1pmx(v);
  else t = logRatioTerm(a, u, x, c) + logRatioTerm(b, v, y, c);
  return stirlingH(a) + stirlingH(b) - stirlingH(c) + t;
}

/**
 * a log(x/x₀) with x₀ = a/c and u = x/x₀ − 1: a log1p(u) when u is small, else from the ratio x·(c/a), or
 * from the sum of logs where c/a overflows (a = 10⁻³⁰⁰, c = 10¹⁰: it would be ∞, and 0·∞ = NaN).
 */
function logRatioTerm(a: number, u: number, x: number, c: number): number {
  if (Math.abs(u) < 0.4) return a * Math.log1p(u);
  const r = c / a;
  if (r < Number.POSITIVE_INFINITY) return a * Math.log(x * r);
  return a * (Math.log(x) + Math.log(c) - Math.log(a));
}

/** Veltkamp's splitting constant 2²⁷ + 1 (Dekker, Numer. Math. 18 (1971) 224–242). */
const SPLIT = 134217729;

/** The rounding error of the product p·q (Dekker's two-product): p·q = fl(p·q) + this, exactly. */
function productError(p: number, q: number, pq: number): number {
  const cp = SPLIT * p;
  const ph = cp - (cp - p);
  const pl = p - ph;
  const cq = SPLIT * q;
  const qh = cq - (cq - q);
  const ql = q - qh;
  return ph * qh - pq + ph * ql + pl * qh + pl * ql;
}

/**
 * λ = a·y − b·x = (a + b)(a/(a + b) − x), TOMS 708's λ, for x + y = 1: the distance of x below the mean
 * in units of 1/(a + b). Each product is formed with its rounding error (Dekker's two-product), so the
 * difference keeps its relative precision where the two products nearly cancel (x at the mean of a Beta
 * with a, b ≈ 10¹⁵, where the plain difference would be off by ε·a ≈ 0.2 and log I by ε·a·λ(1/a + 1/b)).
 * Parameters past 10²⁹⁰, where the split would overflow, take the plain difference.
 * @internal
 */
export function meanDistance(a: number, b: number, x: number, y: number): number {
  const ay = a * y;
  const bx = b * x;
  if (!(a < 1e290 && b < 1e290)) return ay - bx;
  return ay - bx + (productError(a, y, ay) - productError(b, x, bx));
}

/**
 * The k-th partial numerator d_k (k ≥ 1) of DLMF 8.17.22:
 * I_x(a, b) = x^a y^b / (a B(a, b)) / (1 + d₁/(1 + d₂/(1 + …))).
 */
function ibetaD(a: number, b: number, x: number, k: number): number {
  const m = k >> 1;
  // As products of ratios: (a + m)(a + b + m) overflows for a ≈ 10¹⁵⁵ and more.
  if (k & 1) return -((a + m) / (a + 2 * m)) * ((a + b + m) / (a + 2 * m + 1)) * x;
  return (m / (a + 2 * m - 1)) * ((b - m) / (a + 2 * m)) * x;
}

/**
 * 1 + d_k for odd k = 2m + 1, given x and y = 1 − x: near the switch point 1 + d_k is small, and
 *   (a + 2m)(a + 2m + 1)(1 + d_k) = (2m + 1)a + m(3m + 2) + (a + m)² y − b(a + m) x
 * loses only what the distance of x from the switch point inherently costs, where
 * 1 − (a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)) loses as many digits as 1/(1 + d_k) has.
 */
function ibetaOnePlusD(a: number, b: number, x: number, y: number, k: number): number {
  const m = k >> 1;
  const am = a + m;
  const d1 = a + 2 * m;
  const d2 = d1 + 1;
  // Each part divided by d1·d2 as a product of ratios, so that nothing overflows for huge a or b.
  const r = am / d1;
  return ((2 * m + 1) * (a / d1) + (m * (3 * m + 2)) / d1) / d2 + r * (am / d2) * y - r * (b / d2) * x;
}

/**
 * The continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))) of DLMF 8.17.22, so that
 * I_x(a, b) = x^a y^b / (a B(a, b)) × this, with y = 1 − x exactly. It converges quickly for
 * x < (a + 1)/(a + b + 2).
 *
 * The modified Lentz method (W. J. Lentz, Appl. Opt. 15 (1976) 668; Thompson & Barnett, J. Comput. Phys.
 * 64 (1986) 490; Press et al., Numerical Recipes, 3rd ed., 2007, §6.4 betacf) finds how many terms are
 * needed; the fraction is then summed once more from that depth backwards, because Lentz's running
 * product gathers a rounding error per term (3.6e-14 relative after 25 terms at a = 731, b = 8.6) where
 * the backward recurrence stays within a few ulp. In the backward pass the odd levels are formed as
 * (1 + d_k) − d_k u/(1 + u), with u the (small) tail of the even level below and 1 + d_k from y (see
 * {@link ibetaOnePlusD}): near the switch point 1 + d₁ is as small as 2/(a + b), and 1 + d₁/t would lose
 * that many digits (5e-14 relative at a = 2967, b = 2.2).
 */
function ibetaFraction(a: number, b: number, x: number, y: number, fn: string): number {
  // Lentz's C and D, with cm1 = C − 1 and dm1 = D − 1 carried along: at the odd levels 1 + d_k·D and
  // 1 + d_k/C are formed as (1 + d_k) + d_k(D − 1) and (1 + d_k) − d_k(C − 1)/C, with 1 + d_k from y
  // (see ibetaOnePlusD), since 1 + d_k can be far smaller than its rounding: x = 1 − 10⁻²⁰ rounds to 1, and
  // with a = 10¹⁰⁰, b = 10⁻³⁰⁰ the plain form saw 1 + d₁ = 0 and never converged.
  // Only where 1 + d₁ is small (x near its rounding limit at the switch point): elsewhere the plain form
  // loses nothing and costs less.
  let c = 1;
  let cm1 = 0;
  let d1 = ibetaOnePlusD(a, b, x, y, 1);
  const careful = Math.abs(d1) < 0.01;
  if (Math.abs(d1) < FPMIN) d1 = FPMIN;
  let d = 1 / d1;
  let dm1 = -ibetaD(a, b, x, 1) * d;
  let k = 1;
  while (k < MAXITER) {
    k++;
    const dk = ibetaD(a, b, x, k);
    let den: number;
    let cNew: number;
    if (careful && k & 1) {
      const opd = ibetaOnePlusD(a, b, x, y, k);
      den = opd + dk * dm1;
      cNew = opd - (dk * cm1) / c;
    } else {
      den = 1 + dk * d;
      cNew = 1 + dk / c;
    }
    if (Math.abs(den) < FPMIN) den = FPMIN;
    if (Math.abs(cNew) < FPMIN) cNew = FPMIN;
    const dNew = 1 / den;
    dm1 = -dk * d * dNew;
    cm1 = dk / c;
    d = dNew;
    c = cNew;
    const del = d * c;
    if (Math.abs(del - 1) <= EPS && k % 2 === 1) break;
  }
  if (k >= MAXITER) {
    // Never a silent inaccurate value: the routing in ibetaLogs keeps the fraction where it converges.
    throw new SurprisalError(
      'NOT_CONVERGED',
      `${fn}: the continued fraction for I_x(a, b) at a = ${a}, b = ${b}, x = ${x} did not converge in ${MAXITER} terms`,
      { value: [a, b, x] },
    );
  }
  // Backwards from an even depth: t is the value of the level, u = t − 1 for the even levels.
  let t = 1;
  let u = 0;
  for (let j = k + 9; j >= 1; j--) {
    if (j & 1) t = ibetaOnePlusD(a, b, x, y, j) - (ibetaD(a, b, x, j) * u) / t;
    else {
      u = ibetaD(a, b, x, j) / t;
      t = 1 + u;
    }
  }
  return 1 / t;
}

/**
 * log Γ(q + p) − log Γ(q) for 0 < p < 1 without the cancellation of two log-gammas: by Stirling's formula
 * (DLMF 5.11.1) for q ≥ 10, by log Γ(1 + z) near 0 otherwise (after the recurrence Γ(z + 1) = zΓ(z)).
 */
function lgammaDelta(q: number, p: number): number {
  if (q >= 10) {
    return (
      (q - 0.5) * Math.log1p(p / q) +
      p * Math.log(q + p) -
      p +
      stirlingCorrection(q + p) -
      stirlingCorrection(q)
    );
  }
  if (q < 1) return lgamma1p(q + p) - lgamma1p(q) - Math.log1p(p / q);
  let acc = 0;
  while (q >= 2) {
    q -= 1;
    acc += Math.log1p(p / q);
  }
  return acc + lgamma1p(q - 1 + p) - lgamma1p(q - 1);
}

/**
 * log(1 − I_s(p, q)) for p < 1 and qs ≤ 4 from the power series (DLMF 8.17.7, as TOMS 708's bpser)
 * I_s(p, q) = s^p Γ(p + q) / (Γ(1 + p) Γ(q)) · [1 + p Σ_{j≥1} (1 − q)_j s^j / (j! (p + j))], whose log L is
 * small and is formed without cancellation, so 1 − I = −expm1(L) keeps relative precision where I ≈ 1.
 */
function logComplementSmallP(p: number, q: number, s: number, fn: string): number {
  let c = 1;
  let sum = 0;
  let converged = false;
  for (let j = 1; j < 1000; j++) {
    c *= ((j - q) * s) / j;
    const term = c / (p + j);
    sum += term;
    if (Math.abs(term) <= EPS * Math.abs(sum) || c === 0) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw new SurprisalError(
      'NOT_CONVERGED',
      `${fn}: the power series for I_x(a, b) at a = ${p}, b = ${q}, x = ${s} did not converge in 1000 terms`,
      { value: [p, q, s] },
    );
  }
  const logI = p * Math.log(s) + lgammaDelta(q, p) - lgamma1p(p) + Math.log1p(p * sum);
  return Math.log(-Math.expm1(logI));
}

/**
 * [log I_x(a, b), log(1 − I_x(a, b))], both with full relative precision, given x and y = 1 − x (only the
 * one below ½ is trusted: y when x > ½, else x).
 *
 * The continued fraction gives I_x(a, b) directly for x < (a + 1)/(a + b + 2) and I_y(b, a) = 1 − I_x(a, b)
 * (DLMF 8.17.4) above, where each converges fast; the other side is log1p(−·) of it. That side is below ½
 * except when the first parameter p of the fraction is below 1 (the mass piles up at 0, past the switch
 * point): then it comes from the power series DLMF 8.17.7 (see {@link logComplementSmallP}), which
 * converges fast there because qs < 2.
 *
 * For x < ½, y = 1 − x is rounded, and a fraction in y would see x moved by up to ε/4 — a relative change
 * of ε/(4x), ruinous for small x. So everything is evaluated at the neighbouring point x′ = 1 − fl(1 − x),
 * where x′ + y = 1 exactly, and moved back to x to first order with the density:
 * I(x) = I(x′) + (x − x′) x′^{a−1} y^{b−1} / B(a, b). (Below x = 1e-8 the fraction is in x unless
 * b > 1e8(a + 1), and y then enters only in terms near 1, so x is used as it is.)
 * @internal
 */
export function ibetaLogs(a: number, b: number, x: number, y: number, fn = 'betainc'): [number, number] {
  let delta = 0;
  if (x > 0.5) x = 1 - y;
  else if (x > 1e-8) {
    y = 1 - x;
    const x1 = 1 - y;
    delta = x - x1;
    x = x1;
  } else y = 1 - x;
  let logI: number;
  let logJ: number;
  const lambda = Math.min(a, b) > ASYMPTOTIC_MIN ? meanDistance(a, b, x, y) : Number.POSITIVE_INFINITY;
  if (Math.abs(lambda) <= ASYMPTOTIC_SPREAD * Math.min(a, b)) {
    // Near the mean of a Beta with both parameters large: the uniform asymptotic expansion, on the side
    // below the mean (DLMF 8.17.4 for the other), the complement from it by log1p (both sides are O(1) or
    // the computed one is the small one).
    const small = lambda >= 0 ? logIbetaAsymptotic(a, b, lambda) : logIbetaAsymptotic(b, a, -lambda);
    const large = Math.log1p(-Math.exp(small));
    [logI, logJ] = lambda >= 0 ? [small, large] : [large, small];
  } else [logI, logJ] = ibetaLogsFraction(a, b, x, y, fn);
  if (delta !== 0) {
    // Taylor's formula to second order in log space: with the density f = dI/dx and g = (log f)′ =
    // (a − 1)/x − (b − 1)/y, (log I)′ = f/I and (log I)″ = (f/I)(g − f/I), and the same for 1 − I with −f.
    // (To first order in I itself, log(1 + δf/I), a = 10¹⁵ and x = 0.0065 moved by 3.5e-17 gave log of −4.)
    const logDensity = logIbetaFac(a, b, x, y) - Math.log(x * y);
    const dg = delta * ((a - 1) / x - (b - 1) / y);
    logI += logTaylorStep(delta * Math.exp(logDensity - logI), dg);
    logJ += logTaylorStep(-delta * Math.exp(logDensity - logJ), dg);
  }
  return [logI, logJ];
}

/**
 * log F(x + δ) − log F(x) ≈ δr + ½δ²r(g − r) for r = F′/F, g = F″/F′, given dr = δr and dg = δg (both small
 * where this is used: δ is below the rounding of x, so dr is about ε times the condition number of F).
 */
function logTaylorStep(dr: number, dg: number): number {
  if (dr === 0 || !Number.isFinite(dr)) return 0;
  return dr + 0.5 * dr * (dg - dr);
}

/** ibetaLogs by the continued fraction (with the power series for the complement of a small first parameter). */
function ibetaLogsFraction(a: number, b: number, x: number, y: number, fn: string): [number, number] {
  const swap = x > (a + 1) / (a + b + 2);
  const [p, q, s, t] = swap ? [b, a, y, x] : [a, b, x, y];
  let first = logIbetaFac(p, q, s, t) + Math.log(ibetaFraction(p, q, s, t, fn) / p);
  let second: number;
  if (first > -Math.LN2 && p < 1 && q * s <= 4) {
    second = logComplementSmallP(p, q, s, fn);
    // The small side is now the accurate one; the fraction's side, close to 1, is better as log1p of it.
    if (second < -Math.LN2) first = Math.log1p(-Math.exp(second));
  } else second = Math.log1p(-Math.exp(first));
  return swap ? [second, first] : [first, second];
}

/** True when a, b are finite and positive (SciPy 1.10's domain for betainc). */
function goodShape(a: number, b: number): boolean {
  return a > 0 && b > 0 && a < Number.POSITIVE_INFINITY && b < Number.POSITIVE_INFINITY;
}

/**
 * The regularized incomplete beta function I_x(a, b) = (1/B(a, b)) ∫₀ˣ t^{a−1} (1 − t)^{b−1} dt, as
 * `scipy.special.betainc`: the CDF at x of a Beta(a, b) variable.
 *
 * The continued fraction DLMF 8.17.22 (the even form of Numerical Recipes §6.4 betacf, Press et al., 2007),
 * with the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) (DLMF 8.17.4) for x > (a + 1)/(a + b + 2) so that it
 * converges fast; the modified Lentz method finds its depth and it is then summed backwards. The factor
 * x^a (1 − x)^b / B(a, b) is formed from Stirling's formula as in DiDonato & Morris's brcomp (ACM TOMS 18,
 * 1992, Algorithm 708), without the cancellation of three large log-gammas (see {@link logIbetaFac}); for a
 * small first parameter past the switch point the complement comes from the power series DLMF 8.17.7.
 * Where both parameters exceed 100 and x is within 3% of min(a, b)/(a + b) of the mean (where the fraction
 * would need ~√min(a, b) terms: 10⁷ at a = b = 10¹⁵), the uniform asymptotic expansion of DiDonato &
 * Morris's basym (TOMS 708, after Temme 1987) is used instead, in log space. I_0 = 0, I_1 = 1; NaN for a ≤ 0, b ≤ 0, infinite a or b, or x outside [0, 1] (SciPy 1.10's conventions).
 *
 * @param a - first shape, > 0.
 * @param b - second shape, > 0.
 * @param x - a point in [0, 1].
 * @example
 * ```ts
 * betainc(2, 3, 0.4);        // 0.5247999999999999
 * betainc(0.5, 0.5, 0.1);    // 0.20483276469913358
 * betainc(1000, 1000, 0.45); // 0.0000036831988690076036
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN);
 * `NOT_CONVERGED` if a series or continued fraction ran out of terms (not seen for any finite arguments;
 * there so that such a case is never a silent inaccurate value).
 */
export function betainc(a: number, b: number, x: number): number {
  checkNumber('betainc', 'a', a);
  checkNumber('betainc', 'b', b);
  checkNumber('betainc', 'x', x);
  if (!goodShape(a, b) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  return Math.exp(ibetaLogs(a, b, x, 1 - x)[0]);
}

/**
 * log(1 − I_x(a, b)), the log of the Beta(a, b) survival function, finite far in the upper tail where
 * 1 − I_x(a, b) underflows (logBetaincc(2, 500, 0.9) ≈ −1145.18): the continued fraction for
 * I_{1−x}(b, a) = 1 − I_x(a, b) (DLMF 8.17.4, 8.17.22) is summed with its factor in log space.
 *
 * Where the fraction gives I_x(a, b) itself (x below (a + 1)/(a + b + 2)) the result is log1p(−I_x); when
 * I_x is close to 1 there (a < 1, the mass piled up at 0) 1 − I_x comes from the power series DLMF 8.17.7
 * instead, so it keeps its relative precision. SciPy has no counterpart; the tests compare it with mpmath.
 *
 * @param a - first shape, > 0.
 * @param b - second shape, > 0.
 * @param x - a point in [0, 1].
 * @example
 * ```ts
 * logBetaincc(2, 3, 0.4);     // -0.7440195109337018
 * logBetaincc(2, 500, 0.9);   // -1145.1810791575201
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN);
 * `NOT_CONVERGED` as {@link betainc}.
 */
export function logBetaincc(a: number, b: number, x: number): number {
  checkNumber('logBetaincc', 'a', a);
  checkNumber('logBetaincc', 'b', b);
  checkNumber('logBetaincc', 'x', x);
  if (!goodShape(a, b) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return Number.NEGATIVE_INFINITY;
  return ibetaLogs(a, b, x, 1 - x, 'logBetaincc')[1];
}
