import { SurprisalError } from '../core/errors.js';
import { checkNumber } from './argument.js';
import { ibetaLogs, logIbetaFac } from './betainc.js';
import { betaln } from './betaln.js';

const EPS = 2.220446049250313e-16;

/**
 * Solves log I_x(a, b) = log p (upper = false) or log(1 − I_x(a, b)) = log q (upper = true) for x, given
 * both lp = log p and lq = log q = log(1 − p).
 *
 * Newton's method in t = logit x = log(x/(1 − x)). The density of T = logit X for X ~ Beta(a, b) is
 * e^{at}/((1 + e^t)^{a+b} B(a, b)), log-concave for all a, b > 0, so t ↦ log I and t ↦ log(1 − I) are
 * concave (Prékopa, 1973) and Newton's iterates approach the root monotonically after at most one
 * overshoot, from any start. The derivative is dI/dt = x^a (1 − x)^b / B(a, b), formed in log space.
 * The start is the best of three: the leading terms of the two tails, I ≈ x^a / (a B(a, b)) as x → 0 and
 * 1 − I ≈ (1 − x)^b / (b B(a, b)) as x → 1 (DLMF 8.17.8), and the mean a/(a + b).
 */
function solve(a: number, b: number, lp: number, lq: number, upper: boolean): number {
  const lb = betaln(a, b);
  const lx = (lp + Math.log(a) + lb) / a; // log x from I ≈ x^a / (a B)
  const ly = (lq + Math.log(b) + lb) / b; // log(1 − x) from 1 − I ≈ (1 − x)^b / (b B)
  if (!upper && lx < -700) return Math.exp(lx); // relative error O(x) there
  if (upper && ly < -700) return 1;
  const target = upper ? lq : lp;
  const residual = (t: number) =>
    ibetaLogs(a, b, logistic(t), logistic(-t), 'betaincinv')[upper ? 1 : 0] - target;
  // Starts beyond ±T_MAX, where x rounds to 0 or 1, are pulled back to it (from t = −1e300, a step of 1 was
  // absorbed and the iteration stood still).
  let t = clampT(Math.log(a) - Math.log(b));
  let best = Math.abs(residual(t));
  for (const c0 of [lx - Math.log1p(-Math.exp(lx)), Math.log1p(-Math.exp(ly)) - ly]) {
    if (Number.isNaN(c0)) continue;
    const c = clampT(c0);
    const r = Math.abs(residual(c));
    if (r < best) [t, best] = [c, r];
  }
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let prev = Number.POSITIVE_INFINITY;
  for (let it = 0; it < 200; it++) {
    const x = logistic(t);
    const y = logistic(-t);
    const lv = ibetaLogs(a, b, x, y, 'betaincinv')[upper ? 1 : 0];
    const g = lv - target;
    if (g === 0) return x;
    if (Number.isNaN(g)) notConverged(a, b, target, upper);
    if (upper === g < 0) hi = t;
    else lo = t;
    // The bracket has closed to t's resolution (a flat I, such as a = b = 1e-10 near x = ½, where Newton's
    // steps are huge and bisection does the work): the root is pinned as far as t can tell.
    if (hi - lo <= 4 * EPS * Math.max(1, Math.abs(t))) return logistic(0.5 * (lo + hi));
    // The root is past the last double below 1 (t > 37.5: 1 − x < 2^−54) or below the least subnormal.
    if (lo > 37.5) return 1;
    if (hi < -745.2) return 0;
    let step = g / Math.exp(logIbetaFac(a, b, x, y) - lv);
    if (upper) step = -step;
    if (!Number.isFinite(step)) step = g > 0 !== upper ? 1 : -1;
    const size = Math.abs(step);
    if (size < 1e-10) {
      // The last step, taken in x rather than t (dx = x(1 − x) dt), so a tiny or near-1 x keeps its
      // precision, which t = log(x/(1 − x)) cannot carry; what remains after it is O(g²), negligible when
      // the residual g is this small. Where it is not (I steep in t), see polish.
      if (Math.abs(g) <= 1e-8) return x <= 0.5 ? x * (1 - y * step) : 1 - y * (1 + x * step);
      return polish(a, b, x, y, step, g, target, upper);
    }
    if (size < 1e-6 && size >= 0.5 * prev) return x; // no longer converging: the noise floor of I
    let next = t - step;
    if (!(next > lo && next < hi)) {
      next =
        hi === Number.POSITIVE_INFINITY ? t + 4 : lo === Number.NEGATIVE_INFINITY ? t - 4 : 0.5 * (lo + hi);
    }
    t = clampT(next);
    prev = size;
  }
  return notConverged(a, b, target, upper);
}

/** Never a silent inaccurate quantile: the solver has a bracket and should not get here. */
function notConverged(a: number, b: number, target: number, upper: boolean): never {
  const p = upper ? -Math.expm1(target) : Math.exp(target);
  throw new SurprisalError(
    'NOT_CONVERGED',
    `betaincinv: Newton's method did not converge at a = ${a}, b = ${b}, p = ${p}`,
    { value: [a, b, p] },
  );
}

/**
 * The last steps, taken in x rather than t (dx = x(1 − x) dt), so that a tiny or near-1 x keeps its
 * precision, which t = log(x/(1 − x)) cannot carry. They go on while the residual g of log I falls: where
 * I is steep (a = 10¹⁴, b = 10¹⁵, one ulp of x moves log I by 2.5e-8) a step below 1e-10 in t can still
 * leave a residual of 1e-7, since what one step leaves is O(step²·(log I)″), not O(step²).
 */
function polish(
  a: number,
  b: number,
  x: number,
  y: number,
  step: number,
  g: number,
  target: number,
  upper: boolean,
): number {
  const floor = 4 * EPS * Math.max(1, Math.abs(target));
  let best = x;
  let bestG = Math.abs(g);
  for (let i = 0; i < 8; i++) {
    if (x <= 0.5) {
      x *= 1 - y * step;
      y = 1 - x;
    } else {
      y *= 1 + x * step;
      x = 1 - y;
    }
    const lv = ibetaLogs(a, b, x, y, 'betaincinv')[upper ? 1 : 0];
    g = lv - target;
    // Each step is kept when it does not make things worse beyond the noise floor of log I.
    if (!(Math.abs(g) <= Math.max(bestG, floor))) break;
    best = x;
    bestG = Math.abs(g);
    if (bestG <= floor) break;
    step = g / Math.exp(logIbetaFac(a, b, x, y) - lv);
    if (upper) step = -step;
    if (!Number.isFinite(step) || step === 0) break;
  }
  return best;
}

/** logit x for x between the least subnormal and 1 − 2^−54 stays within ±T_MAX. */
const T_MAX = 746;

function clampT(t: number): number {
  return Math.min(T_MAX, Math.max(-T_MAX, t));
}

function logistic(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/**
 * Inverse of the regularized incomplete beta function in x: betaincinv(a, b, p) = x with I_x(a, b) = p,
 * as `scipy.special.betaincinv`: the quantile function of Beta(a, b).
 *
 * Newton's method on log I (p ≤ ½) or on log(1 − I) (p > ½, using 1 − p, exact there) in t = logit x,
 * from the leading term of the nearer tail, safeguarded by a bracket; see the source for why it converges
 * from any start. betaincinv(a, b, 0) = 0 and betaincinv(a, b, 1) = 1; NaN for a ≤ 0, b ≤ 0, infinite a or
 * b, and p outside [0, 1] (SciPy 1.10 returns 0 or 1 there; we return NaN like its other domain errors).
 *
 * @param a - first shape, > 0.
 * @param b - second shape, > 0.
 * @param p - probability in [0, 1].
 * @example
 * ```ts
 * betaincinv(2, 3, 0.5248);     // 0.4000000000000001
 * betaincinv(0.5, 0.5, 0.5);    // 0.4999999999999997
 * betaincinv(1000, 1000, 1e-6); // 0.4469982680743909
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN);
 * `NOT_CONVERGED` if the safeguarded Newton iteration does not settle (not seen for finite arguments).
 */
export function betaincinv(a: number, b: number, p: number): number {
  checkNumber('betaincinv', 'a', a);
  checkNumber('betaincinv', 'b', b);
  checkNumber('betaincinv', 'p', p);
  if (!(a > 0 && b > 0 && a < Number.POSITIVE_INFINITY && b < Number.POSITIVE_INFINITY && p >= 0 && p <= 1)) {
    return Number.NaN;
  }
  if (p === 0) return 0;
  if (p === 1) return 1;
  // 1 − p is exact for p ≥ ½, and log1p(−p) is accurate below.
  if (p <= 0.5) return solve(a, b, Math.log(p), Math.log1p(-p), false);
  return solve(a, b, Math.log(p), Math.log(1 - p), true);
}
