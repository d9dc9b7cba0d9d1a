/**
 * Log-mass helpers for the Poisson and binomial families in Loader's saddle-point form (C. Loader, "Fast and
 * accurate computation of binomial probabilities", 2000; R's dpois_raw and dbinom_raw): the error of
 * Stirling's formula δ(n), the deviance term bd0, and the log masses built from them. Shared by the
 * distributions (logProb) and the random variates (rejection tests).
 * @module
 */
import { HALF_LOG_2PI } from './constants.js';
import { log1pmx } from './log1pmx.js';

/** stirlerr(n) = ln n! − (n ln n − n + ½ ln 2πn) for n = 0..15, tabulated once (δ(0) = 0 by convention). */
const STIRLERR_TABLE = (() => {
  const t = new Float64Array(16);
  let logFact = 0;
  for (let n = 1; n < 16; n++) {
    logFact += Math.log(n);
    t[n] = logFact - (n * Math.log(n) - n + HALF_LOG_2PI + 0.5 * Math.log(n));
  }
  return t;
})();

/**
 * The error of Stirling's formula, δ(n) = ln n! − (n ln n − n + ½ ln 2πn), for integers n ≥ 0: a table
 * below 16, the asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) above
 * (Loader 2000), which is exact to rounding there.
 * @internal
 */
export function stirlerr(n: number): number {
  if (n < 16) return STIRLERR_TABLE[n];
  const nn = 1 / (n * n);
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - nn / 1188) * nn) * nn) * nn) / n;
}

/**
 * Loader's deviance term bd0(x, M) = x log(x/M) + M − x ≥ 0 (Loader 2000), as
 * M[t log(1 + t) + (log(1 + t) − t)] with t = (x − M)/M: near x = M both parts are O(t²) and nothing
 * cancels, where x log(x/M) and M − x are each ~M. @internal
 */
export function bd0(x: number, m: number): number {
  if (x === 0) return m;
  const t = (x - m) / m;
  if (Math.abs(t) < 0.5) return m * (t * Math.log1p(t) + log1pmx(t));
  // Far from M nothing cancels; the logs keep x/M from under- or overflowing (x = 1e10, M = 1e300).
  return x * (Math.log(x) - Math.log(m)) + m - x;
}

/**
 * log of the Poisson(λ) mass at an integer k ≥ 0, −λ + k ln λ − ln k!, in Loader's (2000) form
 * −δ(k) − bd0(k, λ) − ½ ln 2πk, which keeps its absolute accuracy for λ up to 2^52.
 * @internal
 */
export function logPoissonPmf(k: number, lambda: number): number {
  if (k === 0) return -lambda;
  return -stirlerr(k) - bd0(k, lambda) - HALF_LOG_2PI - 0.5 * Math.log(k);
}

/**
 * log of the Binomial(n, p) mass at an integer 0 ≤ k ≤ n (0 < p < 1), in Loader's (2000) saddle-point form.
 * @internal
 */
export function logBinomialPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc - HALF_LOG_2PI - 0.5 * (Math.log(k) + Math.log1p(-k / n));
}
