/**
 * The incomplete beta function for large a and b near the mean: the uniform asymptotic expansion of
 * DiDonato & Morris's `basym` (A. R. DiDonato and A. H. Morris, "Algorithm 708: significant digit
 * computation of the incomplete beta function ratios", ACM TOMS 18 (1992) 360–373, §2 eqs. (29)–(36); the
 * expansion is Temme's, N. M. Temme, "Incomplete Laplace integrals: uniform asymptotic expansion with
 * application to the incomplete beta function", SIAM J. Math. Anal. 18 (1987) 1638–1663), here evaluated
 * in log space so that the far tails (I ≈ e^{−10¹¹} at a = b = 10¹⁵) keep their relative precision.
 *
 * The continued fraction DLMF 8.17.22 needs O(√min(a, b)) terms near the mean, which is out of reach past
 * a, b ≈ 10¹⁰; this expansion needs at most ~20 terms of the small parameter 1/√min(a, b) there.
 * @module
 */
import { erfcx } from './erf.js';
import { stirlingCorrection } from './gammaln.js';
import { log1pmx } from './log1pmx.js';

/** 2/√π. */
const E0 = 1.1283791670955126;
/** 2^{−3/2}. */
const E1 = 0.3535533905932738;
/** The most terms of the expansion (TOMS 708's `num`); it must be even. */
const NUM = 20;
const EPS = 2.220446049250313e-16;

/**
 * log I_x(a, b) for a, b ≥ 15 (used from 100 on) and λ = (a + b)(1 − x) − b = a(1 − x) − bx ≥ 0, that is
 * x at or below the mean a/(a + b), by TOMS 708's `basym` (DiDonato & Morris 1992, eq. (36)):
 *   I_x(a, b) = (2/√π) e^{−f} e^{−bcorr(a, b)} [J₀ + Σₙ dₙ wⁿ Jₙ],
 * with f = a φ(−λ/a) + b φ(λ/b), φ(t) = t − log(1 + t) (here −log1pmx), Jₙ the normalized
 * repeated integrals of erfc at z₀ = √f (J₀ = ½√π e^{f} erfc(√f)), w = 1/√(min(a, b)(1 + h)), h the
 * ratio of the smaller parameter to the larger, and bcorr(a, b) = S(a) + S(b) − S(a + b) from Stirling's
 * series. The coefficients dₙ come from the recurrences of the paper (the arrays a0, b0, c, d of the
 * Fortran). e^{−f} is kept as the log −f, so nothing underflows.
 *
 * λ must be formed without cancellation by the caller, as a(1 − x) − bx with 1 − x exact.
 * @internal
 */
export function logIbetaAsymptotic(a: number, b: number, lambda: number): number {
  let h: number;
  let r1: number;
  let w0: number;
  if (a < b) {
    h = a / b;
    r1 = (b - a) / b;
    w0 = 1 / Math.sqrt(a * (1 + h));
  } else {
    h = b / a;
    r1 = (b - a) / a;
    w0 = 1 / Math.sqrt(b * (1 + h));
  }
  const r0 = 1 / (1 + h);
  const f = -a * log1pmx(-lambda / a) - b * log1pmx(lambda / b);
  const z0 = Math.sqrt(f);
  const z = 0.5 * (z0 / E1);
  const z2 = f + f;

  const a0 = new Float64Array(NUM + 1);
  const b0 = new Float64Array(NUM + 1);
  const c = new Float64Array(NUM + 1);
  const d = new Float64Array(NUM + 1);
  a0[0] = (2 / 3) * r1;
  c[0] = -0.5 * a0[0];
  d[0] = -c[0];
  let j0 = (0.5 / E0) * erfcx(z0);
  let j1 = E1;
  let sum = j0 + d[0] * w0 * j1;
  let s = 1;
  const h2 = h * h;
  let hn = 1;
  let w = w0;
  let znm1 = z;
  let zn = z2;
  for (let n = 2; n <= NUM; n += 2) {
    hn *= h2;
    a0[n - 1] = (2 * r0 * (1 + h * hn)) / (n + 2);
    s += hn;
    a0[n] = (2 * r1 * s) / (n + 3);
    for (let i = n; i <= n + 1; i++) {
      const r = -0.5 * (i + 1);
      b0[0] = r * a0[0];
      for (let m = 2; m <= i; m++) {
        let bsum = 0;
        for (let j = 1; j < m; j++) bsum += (j * r - (m - j)) * a0[j - 1] * b0[m - j - 1];
        b0[m - 1] = r * a0[m - 1] + bsum / m;
      }
      c[i - 1] = b0[i - 1] / (i + 1);
      let dsum = 0;
      for (let j = 1; j < i; j++) dsum += d[i - j - 1] * c[j - 1];
      d[i - 1] = -(dsum + c[i - 1]);
    }
    j0 = E1 * znm1 + (n - 1) * j0;
    j1 = E1 * zn + n * j1;
    znm1 *= z2;
    zn *= z2;
    w *= w0;
    const t0 = d[n - 1] * w * j0;
    w *= w0;
    const t1 = d[n] * w * j1;
    sum += t0 + t1;
    if (Math.abs(t0) + Math.abs(t1) <= EPS * sum) break;
  }
  const bcorr = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(a + b);
  return Math.log(E0) - f - bcorr + Math.log(sum);
}
