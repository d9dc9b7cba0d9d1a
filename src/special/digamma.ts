// biome-ignore-all lint/correctness/noPrecisionLoss: coefficients keep the digits their authors published
// (more than a double holds), so they can be checked against the source; each rounds to the nearest double.

import { checkNumber } from './argument.js';
import { EULER_GAMMA } from './constants.js';
import { polyval } from './polynomial.js';
import { cospi, sinpi } from './trigpi.js';

// Boost.Math digamma_imp_1_2 (J. Maddock, 2006), as SciPy's cephes/psi.c uses it: on [1, 2],
// ψ(x) = (x − x₀)(Y + R(x − 1)) with x₀ the positive zero of ψ split into three parts so that x − x₀ is
// exact to ~1e-35; R is optimised for low absolute error beside Y (max error found 2.5e-17).
const Y12 = 0.99558162689208984;
const ROOT1 = 1569415565 / 1073741824;
const ROOT2 = 381566830 / 1073741824 / 1073741824;
const ROOT3 = 0.9016312093258695918615325266959189453125e-19;
const P12 = [
  0.25479851061131551, -0.32555031186804491, -0.65031853770896507, -0.28919126444774784,
  -0.045251321448739056, -0.0020713321167745952,
];
const Q12 = [
  1.0, 2.0767117023730469, 1.4606242909763515, 0.43593529692665969, 0.054151797245674225,
  0.0021284987017821144, -0.55789841321675513e-6,
];

// ψ(x) = log x − 1/(2x) − Σₖ B₂ₖ / (2k x^{2k}) (DLMF 5.11.2), for x ≥ 10; coefficients B₂ₖ / 2k.
const PSI_ASY = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];

// ψ₁(x) = 1/x + 1/(2x²) + Σₖ B₂ₖ / x^{2k+1} (DLMF 5.15.8), for x ≥ 10; coefficients B₂ₖ.
const TRIGAMMA_ASY = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
];

/**
 * The digamma function ψ(x) = d/dx log Γ(x) = Γ′(x) / Γ(x), as `scipy.special.digamma` (`psi`).
 *
 * A port of SciPy's cephes `psi` (S. L. Moshier, Cephes Math Library 2.8, 2000, with Boost.Math's rational
 * approximation on [1, 2] by J. Maddock): ψ(n) = −γ + Σ_{k<n} 1/k for integers n ≤ 10; the recurrence
 * ψ(x + 1) = ψ(x) + 1/x (DLMF 5.5.2) into [1, 2], where ψ(x) = (x − x₀)(Y + R(x − 1)) keeps full relative
 * precision next to the zero x₀ = 1.4616…; the asymptotic series (DLMF 5.11.2) for x ≥ 10; and the
 * reflection ψ(1 − x) − ψ(x) = π cot(πx) (DLMF 5.5.4) for x < 0, with cot(πx) from exactly reduced
 * sin(πx) and cos(πx) (cephes takes tan(π·frac(x)), which loses relative precision next to the poles).
 *
 * SciPy's conventions: ψ(±0) = ∓Infinity, NaN at the negative integers and at −Infinity, ψ(Infinity) =
 * Infinity. Relative error ≲ 1e-15 for x > 0 (absolute next to x₀); for x < 0 the absolute error is a
 * few ulp of π cot(πx), so relative precision is lost next to the zeros of ψ on the negative axis.
 *
 * @param x - any number.
 * @example
 * ```ts
 * digamma(1);    // -0.5772156649015329
 * digamma(0.5);  // -1.9635100260214235
 * digamma(-2.5); // 1.103156640645243
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function digamma(x: number): number {
  checkNumber('digamma', 'x', x);
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x === 0) return Object.is(x, -0) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let y = 0;
  if (x < 0) {
    if (x === Math.floor(x)) return Number.NaN;
    y = (-Math.PI * cospi(x)) / sinpi(x);
    x = 1 - x;
  }
  if (x <= 10 && x === Math.floor(x)) {
    for (let i = 1; i < x; i++) y += 1 / i;
    return y - EULER_GAMMA;
  }
  if (x < 1) {
    y -= 1 / x;
    x += 1;
  } else if (x < 10) {
    while (x > 2) {
      x -= 1;
      y += 1 / x;
    }
  }
  if (x <= 2) {
    const g = x - ROOT1 - ROOT2 - ROOT3;
    const r = polyval(P12, x - 1) / polyval(Q12, x - 1);
    return y + (g * Y12 + g * r);
  }
  if (x >= 1e17) return y + Math.log(x) - 0.5 / x;
  const z = 1 / (x * x);
  return y + (Math.log(x) - 0.5 / x - z * polyval(PSI_ASY, z));
}

/**
 * The trigamma function ψ₁(x) = d²/dx² log Γ(x) = Σ_{k≥0} 1/(x + k)², as `scipy.special.polygamma(1, x)`.
 *
 * For x > 0: the recurrence ψ₁(x) = ψ₁(x + 1) + 1/x² (DLMF 5.15.5) up to x ≥ 10, then the asymptotic
 * series ψ₁(x) = 1/x + 1/(2x²) + Σₖ B₂ₖ / x^{2k+1} (DLMF 5.15.8, ten terms: remainder < 1e-21 relative);
 * all terms are positive and are added smallest first. For x < 0 the reflection
 * ψ₁(1 − x) + ψ₁(x) = π² / sin²(πx) (DLMF 5.15.6), with sin(πx) reduced exactly; ψ₁(1 − x) ≤ π²/6 is
 * below π² / sin²(πx), so this loses at most a few ulp.
 * SciPy's conventions: +Infinity at 0 and the negative integers and at −Infinity, 0 at +Infinity.
 *
 * @param x - any number.
 * @example
 * ```ts
 * trigamma(1);    // 1.6449340668482264
 * trigamma(0.5);  // 4.934802200544679
 * trigamma(-0.5); // 8.934802200544679
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function trigamma(x: number): number {
  checkNumber('trigamma', 'x', x);
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x <= 0) {
    if (x === Math.floor(x)) return Number.POSITIVE_INFINITY;
    const s = sinpi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  // x + n ≥ 10; the terms 1/(x + k)² for k < n are added from the smallest (k = n − 1) up.
  const n = x < 10 ? Math.ceil(10 - x) : 0;
  const t = x + n;
  const z = 1 / t;
  const z2 = z * z;
  let s = z + 0.5 * z2 + z * z2 * polyval(TRIGAMMA_ASY, z2);
  for (let k = n - 1; k >= 0; k--) {
    const u = x + k;
    s += 1 / (u * u);
  }
  return s;
}
