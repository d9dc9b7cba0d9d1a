import { checkNumber } from './argument.js';
import { logIgamFac, logP, logQ } from './gammainc.js';
import { gammaln, lgamma1p } from './gammaln.js';
import { ndtriExp } from './normal.js';

const EPS = 2.220446049250313e-16;

/**
 * Solves log P(a, x) = lp (upper = false) or log Q(a, x) = lq (upper = true) for x, given both
 * lp = log p and lq = log q = log(1 − p).
 *
 * Newton's method in u = log x. With X ~ Gamma(a, 1), log X has the log-concave density e^{au − eᵘ}/Γ(a),
 * so u ↦ log P(a, eᵘ) and u ↦ log Q(a, eᵘ) are concave (Prékopa, 1973): after at most one overshoot the
 * iterates approach the root monotonically, from any start, and converge quadratically. The derivative is
 * d log P / du = x^a e^{−x} / (Γ(a) P), formed in log space, so neither tail underflows. A bracket kept
 * from the signs of the residuals guards against an overshoot past it (then the step bisects in log x).
 * The start is the best of Wilson & Hilferty's cube-root normal approximation (Proc. Natl. Acad. Sci. 17
 * (1931) 684) x ≈ a(1 − 1/(9a) + z/(3√a))³ and the leading terms of the tails, P ≈ x^a / Γ(a + 1) as
 * x → 0 and Q ≈ x^{a−1} e^{−x} / Γ(a) as x → ∞.
 */
function solve(a: number, lp: number, lq: number, upper: boolean): number {
  const small = (lp + lgamma1p(a)) / a; // log x from P ≈ x^a / Γ(a + 1)
  if (!upper && small < -700) return Math.exp(small); // relative error O(x) there
  const target = upper ? lq : lp;
  const residual = (x: number) => (upper ? logQ(a, x) : logP(a, x)) - target;
  const candidates = [Math.exp(small)];
  const z = ndtriExp(lp);
  const w = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
  if (w > 0) candidates.push(a * w * w * w);
  let big = Math.max(1, -lq - gammaln(a));
  for (let i = 0; i < 3; i++) big = Math.max(1, -lq - gammaln(a) + (a - 1) * Math.log(big));
  candidates.push(big);
  let x = a;
  let best = Math.abs(residual(x));
  for (const c of candidates) {
    if (!(c > 0 && c < Number.POSITIVE_INFINITY)) continue;
    const r = Math.abs(residual(c));
    if (r < best) [x, best] = [c, r];
  }
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let prev = Number.POSITIVE_INFINITY;
  for (let it = 0; it < 200; it++) {
    const lv = upper ? logQ(a, x) : logP(a, x);
    const g = lv - target;
    if (g === 0) return x;
    if (upper === g < 0) hi = x;
    else lo = x;
    let step = g / Math.exp(logIgamFac(a, x) - lv);
    if (upper) step = -step;
    // step is the Newton correction to u = log x: u ← u − step, i.e. x ← x e^{−step}.
    if (!Number.isFinite(step)) step = g > 0 !== upper ? 1 : -1;
    const size = Math.abs(step);
    if (size <= 4 * EPS) return x * Math.exp(-step);
    if (size < 1e-6 && size >= 0.5 * prev) break; // no longer converging: the noise floor of P or Q
    let next = x * Math.exp(-step);
    if (!(next > lo && next < hi)) {
      next = hi === Number.POSITIVE_INFINITY ? x * 16 : lo === 0 ? x / 16 : Math.sqrt(lo * hi);
    }
    x = next;
    prev = size;
  }
  return x;
}

/** NaN unless a > 0 is finite and 0 ≤ p ≤ 1. */
function badArgs(a: number, p: number): boolean {
  return !(a > 0 && a < Number.POSITIVE_INFINITY && p >= 0 && p <= 1);
}

/**
 * Inverse of the regularized lower incomplete gamma function in x: gammaincinv(a, p) = x with
 * P(a, x) = p, as `scipy.special.gammaincinv`: the quantile function of Gamma(a, 1).
 *
 * Newton's method on log P (p ≤ ½) or log Q (p > ½, using 1 − p, which is exact there) in log x, from a
 * Wilson–Hilferty start, safeguarded by a bracket; see the source for why it converges from any start.
 * gammaincinv(a, 0) = 0, gammaincinv(a, 1) = Infinity; NaN for a ≤ 0, a = Infinity or p outside [0, 1],
 * as SciPy. Relative error ≲ 1e-14 where the problem is well conditioned; where P is flat in x (p close to
 * 1 with a small) the error grows as the condition number p/(x P′(x)).
 *
 * @param a - shape, > 0.
 * @param p - probability in [0, 1].
 * @example
 * ```ts
 * gammaincinv(1, 0.5);    // 0.6931471805599454
 * gammaincinv(100, 0.01); // 78.21598305379582
 * gammaincinv(0.1, 1e-5); // 6.07304836240788e-51
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function gammaincinv(a: number, p: number): number {
  checkNumber('gammaincinv', 'a', a);
  checkNumber('gammaincinv', 'p', p);
  if (badArgs(a, p)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // 1 − p is exact for p ≥ ½, and log1p(−p) is accurate below.
  return p <= 0.5
    ? solve(a, Math.log(p), Math.log1p(-p), false)
    : solve(a, Math.log(p), Math.log(1 - p), true);
}

/**
 * Inverse of the regularized upper incomplete gamma function in x: gammainccinv(a, q) = x with
 * Q(a, x) = q, as `scipy.special.gammainccinv`: the inverse survival function of Gamma(a, 1), accurate for
 * tiny q (far upper tail).
 *
 * As {@link gammaincinv}, solving log Q = log q for q ≤ ½ and log P = log(1 − q) above.
 * gammainccinv(a, 0) = Infinity, gammainccinv(a, 1) = 0; NaN for a ≤ 0, a = Infinity or q outside [0, 1].
 *
 * @param a - shape, > 0.
 * @param q - probability in [0, 1].
 * @example
 * ```ts
 * gammainccinv(1, 0.5);    // 0.6931471805599452
 * gammainccinv(2, 1e-300); // 697.3242113793526
 * gammainccinv(100, 0.99); // 78.21598305379582
 * ```
 * @throws {SurprisalError} `NAN` when an argument is not a number (a NaN argument gives NaN).
 */
export function gammainccinv(a: number, q: number): number {
  checkNumber('gammainccinv', 'a', a);
  checkNumber('gammainccinv', 'q', q);
  if (badArgs(a, q)) return Number.NaN;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (q === 1) return 0;
  return q <= 0.5
    ? solve(a, Math.log1p(-q), Math.log(q), true)
    : solve(a, Math.log(1 - q), Math.log(q), false);
}
